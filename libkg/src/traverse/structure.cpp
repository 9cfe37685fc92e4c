// The graph's structure and its rankings, over the nodes and relationships the options keep:
// the filtered graph and its most connected part, components, orphans, dead ends, sources,
// related notes, co-citation, degree, PageRank and betweenness. Every walk keeps its own
// stack; nothing recurses.
#include "traverse/walk.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace kg {

using traverse::Walk;

std::string_view to_string(Centrality centrality) noexcept {
  switch (centrality) {
    case Centrality::Degree: return "degree";
    case Centrality::InDegree: return "in-degree";
    case Centrality::OutDegree: return "out-degree";
    case Centrality::PageRank: return "pagerank";
    case Centrality::Betweenness: return "betweenness";
  }
  return "degree";
}

namespace {

// The graph as the filters leave it: kept nodes numbered 0..n-1 in id order, and the
// directed graph with one arc per ordered pair of kept nodes that a kept relationship joins
// (compressed rows both ways), plus relationship counts per node.
struct View {
  std::vector<std::uint32_t> node;   // view index -> node id
  std::vector<std::uint32_t> index;  // node id -> view index, or kNone
  std::vector<std::uint32_t> out_first, out_to, in_first, in_from;
  std::vector<std::uint32_t> out_relationships, in_relationships;
  std::uint32_t size() const { return static_cast<std::uint32_t>(node.size()); }
};

// A bound reached in a whole-graph answer ends it.
void visit(Walk& walk) {
  if (!walk.visit()) throw Error(ErrorCode::BudgetExceeded, "the traversal's bounds were reached");
}

View make_view(Walk& walk) {
  View v;
  const std::uint32_t nodes = walk.node_count();
  v.index.assign(nodes, kNone);
  for (std::uint32_t n = 0; n < nodes; ++n) {
    if (!walk.may_enter(n)) continue;
    v.index[n] = v.size();
    v.node.push_back(n);
  }
  const std::uint32_t n = v.size();
  v.out_relationships.assign(n, 0);
  v.in_relationships.assign(n, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  const auto& g = walk.graph();
  for (std::uint32_t i = 0; i < n; ++i) {
    visit(walk);
    g.relationship_arcs.for_each_out(v.node[i], [&](std::uint32_t r) {
      const std::uint32_t t = v.index[g.relationships[r].target];
      if (t == kNone || !walk.relationship_ok(r)) return;
      ++v.out_relationships[i];
      ++v.in_relationships[t];
      arcs.emplace_back(i, t);
    });
  }
  std::sort(arcs.begin(), arcs.end());
  arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
  v.out_first.assign(n + 1, 0);
  v.in_first.assign(n + 1, 0);
  for (const auto& [a, b] : arcs) {
    ++v.out_first[a + 1];
    ++v.in_first[b + 1];
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    v.out_first[i + 1] += v.out_first[i];
    v.in_first[i + 1] += v.in_first[i];
  }
  v.out_to.resize(arcs.size());
  v.in_from.resize(arcs.size());
  std::vector<std::uint32_t> fill(v.in_first.begin(), v.in_first.end() - 1);
  for (std::size_t k = 0; k < arcs.size(); ++k) {
    v.out_to[k] = arcs[k].second;
    v.in_from[fill[arcs[k].second]++] = arcs[k].first;
  }
  return v;
}

std::vector<std::vector<NodeId>> ordered(std::vector<std::vector<NodeId>> components) {
  for (auto& c : components) std::sort(c.begin(), c.end());
  std::sort(components.begin(), components.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  return components;
}

std::vector<SharedCount> ranked(const std::map<std::uint32_t, std::size_t>& counts) {
  std::vector<SharedCount> out;
  for (const auto& [node, n] : counts) out.push_back(SharedCount{static_cast<NodeId>(node), n});
  std::stable_sort(out.begin(), out.end(),
                   [](const SharedCount& a, const SharedCount& b) { return a.shared > b.shared; });
  return out;
}

std::uint32_t checked(const Walk& walk, NodeId id) {
  const auto n = static_cast<std::uint32_t>(id);
  if (n >= walk.node_count()) throw Error(ErrorCode::InvalidArgument, "no such node id");
  return n;
}

}  // namespace

std::vector<std::vector<NodeId>> weak_components(const Graph& graph,
                                                 const TraversalOptions& options) {
  Walk walk(graph, options);
  const View v = make_view(walk);
  std::vector<std::uint32_t> label(v.size(), kNone);
  std::vector<std::vector<NodeId>> components;
  std::vector<std::uint32_t> stack;
  for (std::uint32_t s = 0; s < v.size(); ++s) {
    if (label[s] != kNone) continue;
    const auto id = static_cast<std::uint32_t>(components.size());
    components.emplace_back();
    label[s] = id;
    stack.push_back(s);
    while (!stack.empty()) {
      const std::uint32_t u = stack.back();
      stack.pop_back();
      visit(walk);
      components.back().push_back(static_cast<NodeId>(v.node[u]));
      const auto reach = [&](std::uint32_t w) {
        if (label[w] == kNone) {
          label[w] = id;
          stack.push_back(w);
        }
      };
      for (std::uint32_t k = v.out_first[u]; k < v.out_first[u + 1]; ++k) reach(v.out_to[k]);
      for (std::uint32_t k = v.in_first[u]; k < v.in_first[u + 1]; ++k) reach(v.in_from[k]);
    }
  }
  return ordered(std::move(components));
}

std::vector<std::vector<NodeId>> strong_components(const Graph& graph,
                                                   const TraversalOptions& options) {
  Walk walk(graph, options);
  const View v = make_view(walk);
  // Tarjan's algorithm with an explicit call stack of (node, next arc).
  const std::uint32_t n = v.size();
  std::vector<std::uint32_t> order(n, kNone), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::uint32_t> scc_stack;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;
  std::vector<std::vector<NodeId>> components;
  std::uint32_t counter = 0;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (order[s] != kNone) continue;
    calls.emplace_back(s, v.out_first[s]);
    order[s] = low[s] = counter++;
    scc_stack.push_back(s);
    on_stack[s] = 1;
    while (!calls.empty()) {
      auto& [u, k] = calls.back();
      if (k < v.out_first[u + 1]) {
        const std::uint32_t w = v.out_to[k++];
        if (order[w] == kNone) {
          visit(walk);
          order[w] = low[w] = counter++;
          scc_stack.push_back(w);
          on_stack[w] = 1;
          calls.emplace_back(w, v.out_first[w]);
        } else if (on_stack[w]) {
          low[u] = std::min(low[u], order[w]);
        }
        continue;
      }
      const std::uint32_t done = u;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
      if (low[done] == order[done]) {
        components.emplace_back();
        std::uint32_t w = kNone;
        do {
          w = scc_stack.back();
          scc_stack.pop_back();
          on_stack[w] = 0;
          components.back().push_back(static_cast<NodeId>(v.node[w]));
        } while (w != done);
      }
    }
  }
  return ordered(std::move(components));
}

namespace {

// The kept nodes whose (outgoing, incoming) relationship counts pass `keep`, in id order.
template <typename Keep>
std::vector<NodeId> nodes_where(const Graph& graph, const TraversalOptions& options, Keep keep) {
  Walk walk(graph, options);
  const View v = make_view(walk);
  std::vector<NodeId> out;
  for (std::uint32_t i = 0; i < v.size(); ++i) {
    if (keep(v.out_relationships[i], v.in_relationships[i])) out.push_back(static_cast<NodeId>(v.node[i]));
  }
  return out;
}

}  // namespace

std::vector<NodeId> orphans(const Graph& graph, const TraversalOptions& options) {
  return nodes_where(graph, options, [](std::uint32_t out, std::uint32_t in) { return out == 0 && in == 0; });
}

std::vector<NodeId> dead_ends(const Graph& graph, const TraversalOptions& options) {
  return nodes_where(graph, options, [](std::uint32_t out, std::uint32_t in) { return out == 0 && in > 0; });
}

std::vector<NodeId> sources(const Graph& graph, const TraversalOptions& options) {
  return nodes_where(graph, options, [](std::uint32_t out, std::uint32_t in) { return out > 0 && in == 0; });
}

Subgraph filtered_graph(const Graph& graph, const TraversalOptions& options) {
  Walk walk(graph, options);
  const auto& g = walk.graph();
  Subgraph out;
  std::vector<char> kept(walk.node_count(), 0);
  for (std::uint32_t n = 0; n < walk.node_count(); ++n) {
    if (!walk.may_enter(n)) continue;
    kept[n] = 1;
    out.nodes.push_back(static_cast<NodeId>(n));
  }
  for (std::uint32_t r = 0; r < g.relationships.size(); ++r) {
    const auto& rel = g.relationships[r];
    if (kept[rel.source] && kept[rel.target] && walk.relationship_ok(r)) {
      out.relationships.push_back(static_cast<RelationshipId>(r));
    }
  }
  out.total_nodes = out.nodes.size();
  return out;
}

Subgraph most_connected(const Graph& graph, const Subgraph& subgraph, std::size_t max_nodes) {
  Subgraph out = subgraph;
  out.total_nodes = std::max(subgraph.total_nodes, subgraph.nodes.size());
  if (subgraph.nodes.size() <= max_nodes) return out;
  std::unordered_map<std::uint32_t, std::size_t> degree;
  for (const NodeId n : subgraph.nodes) degree.emplace(static_cast<std::uint32_t>(n), 0);
  for (const RelationshipId id : subgraph.relationships) {
    const Relationship r = graph.relationship(id);
    const auto s = degree.find(static_cast<std::uint32_t>(r.source));
    const auto t = degree.find(static_cast<std::uint32_t>(r.target));
    if (s == degree.end() || t == degree.end()) continue;
    ++s->second;
    if (r.source != r.target) ++t->second;
  }
  std::vector<NodeId> ranked = subgraph.nodes;
  std::sort(ranked.begin(), ranked.end(), [&](NodeId a, NodeId b) {
    const std::size_t da = degree[static_cast<std::uint32_t>(a)];
    const std::size_t db = degree[static_cast<std::uint32_t>(b)];
    return da != db ? da > db : a < b;
  });
  ranked.resize(max_nodes);
  std::sort(ranked.begin(), ranked.end());
  out.nodes = std::move(ranked);
  std::unordered_set<std::uint32_t> keep;
  for (const NodeId n : out.nodes) keep.insert(static_cast<std::uint32_t>(n));
  out.relationships.clear();
  for (const RelationshipId id : subgraph.relationships) {
    const Relationship r = graph.relationship(id);
    if (keep.contains(static_cast<std::uint32_t>(r.source)) && keep.contains(static_cast<std::uint32_t>(r.target))) {
      out.relationships.push_back(id);
    }
  }
  out.complete = false;
  return out;
}

std::vector<SharedCount> related(const Graph& graph, NodeId node, const TraversalOptions& options) {
  Walk walk(graph, options);
  const std::uint32_t start = checked(walk, node);
  // The kept neighbours of a node, either way, once each.
  const auto neighbours = [&](std::uint32_t u) {
    std::vector<std::uint32_t> out;
    walk.neighbours(u, Direction::Both, [&](std::uint32_t, std::uint32_t w) {
      if (w != u && walk.may_enter(w)) out.push_back(w);
    });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  const std::vector<std::uint32_t> near = neighbours(start);
  std::map<std::uint32_t, std::size_t> shared;
  for (const std::uint32_t n1 : near) {
    visit(walk);
    if (!walk.may_pass(n1)) continue;  // hub suppression: a hub is no shared neighbour
    for (const std::uint32_t n2 : neighbours(n1)) {
      if (n2 == start || std::binary_search(near.begin(), near.end(), n2)) continue;
      ++shared[n2];
    }
  }
  return ranked(shared);
}

std::vector<SharedCount> co_cited(const Graph& graph, NodeId node, const TraversalOptions& options) {
  Walk walk(graph, options);
  const std::uint32_t target = checked(walk, node);
  const auto& g = walk.graph();
  std::vector<std::uint32_t> citers;
  g.relationship_arcs.for_each_in(target, [&](std::uint32_t r) {
    const std::uint32_t c = g.relationships[r].source;
    if (c != target && walk.relationship_ok(r) && walk.may_enter(c)) citers.push_back(c);
  });
  std::sort(citers.begin(), citers.end());
  citers.erase(std::unique(citers.begin(), citers.end()), citers.end());
  std::map<std::uint32_t, std::size_t> together;
  for (const std::uint32_t c : citers) {
    visit(walk);
    std::vector<std::uint32_t> cited;
    g.relationship_arcs.for_each_out(c, [&](std::uint32_t r) {
      const std::uint32_t t = g.relationships[r].target;
      if (t != target && t != c && walk.relationship_ok(r) && walk.may_enter(t)) cited.push_back(t);
    });
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    for (const std::uint32_t t : cited) ++together[t];
  }
  return ranked(together);
}

std::vector<RankedNode> rank(const Graph& graph, Centrality by, const TraversalOptions& options) {
  Walk walk(graph, options);
  const View v = make_view(walk);
  const std::uint32_t n = v.size();
  std::vector<double> score(n, 0.0);
  switch (by) {
    case Centrality::Degree:
      for (std::uint32_t i = 0; i < n; ++i) score[i] = v.out_relationships[i] + v.in_relationships[i];
      break;
    case Centrality::InDegree:
      for (std::uint32_t i = 0; i < n; ++i) score[i] = v.in_relationships[i];
      break;
    case Centrality::OutDegree:
      for (std::uint32_t i = 0; i < n; ++i) score[i] = v.out_relationships[i];
      break;
    case Centrality::PageRank: {
      if (n == 0) break;
      // Power iteration until the ranks stop moving: an L1 change below n * 1e-12 (the rest
      // of the error is then under 6e-12 a node; NetworkX stops at n * 1e-6), or 10,000
      // rounds. Each round spreads x[u] / out-degree(u) along u's arcs, read through the
      // in-arcs so that each node sums its own.
      constexpr double kDamping = 0.85;
      std::vector<double> x(n, 1.0 / n), next(n), share(n);
      std::vector<double> inverse_out(n, 0.0);
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t outs = v.out_first[i + 1] - v.out_first[i];
        if (outs > 0) inverse_out[i] = 1.0 / outs;
      }
      const double stop = 1e-12 * n;
      for (int round = 0; round < 10000; ++round) {
        double dangling = 0.0;
        for (std::uint32_t i = 0; i < n; ++i) {
          if (inverse_out[i] == 0.0) dangling += x[i];
          share[i] = x[i] * inverse_out[i];
        }
        const double base = (1.0 - kDamping) / n + kDamping * dangling / n;
        double change = 0.0;
        for (std::uint32_t i = 0; i < n; ++i) {
          visit(walk);
          double in = 0.0;
          for (std::uint32_t k = v.in_first[i]; k < v.in_first[i + 1]; ++k) in += share[v.in_from[k]];
          next[i] = base + kDamping * in;
          change += std::fabs(next[i] - x[i]);
        }
        x.swap(next);
        if (change < stop) break;
      }
      score = std::move(x);
      break;
    }
    case Centrality::Betweenness: {
      // Brandes: one breadth-first search per source, dependencies summed back in order.
      std::vector<std::uint32_t> stack, queue;
      std::vector<std::int64_t> dist(n);
      std::vector<double> sigma(n), delta(n);
      std::vector<std::vector<std::uint32_t>> preds(n);
      for (std::uint32_t s = 0; s < n; ++s) {
        visit(walk);
        stack.clear();
        queue.assign(1, s);
        std::fill(dist.begin(), dist.end(), -1);
        std::fill(sigma.begin(), sigma.end(), 0.0);
        std::fill(delta.begin(), delta.end(), 0.0);
        for (auto& p : preds) p.clear();
        dist[s] = 0;
        sigma[s] = 1.0;
        for (std::size_t q = 0; q < queue.size(); ++q) {
          visit(walk);
          const std::uint32_t u = queue[q];
          stack.push_back(u);
          for (std::uint32_t k = v.out_first[u]; k < v.out_first[u + 1]; ++k) {
            const std::uint32_t w = v.out_to[k];
            if (dist[w] < 0) {
              dist[w] = dist[u] + 1;
              queue.push_back(w);
            }
            if (dist[w] == dist[u] + 1) {
              sigma[w] += sigma[u];
              preds[w].push_back(u);
            }
          }
        }
        while (!stack.empty()) {
          const std::uint32_t w = stack.back();
          stack.pop_back();
          for (const std::uint32_t u : preds[w]) delta[u] += sigma[u] / sigma[w] * (1.0 + delta[w]);
          if (w != s) score[w] += delta[w];
        }
      }
      if (n > 2) {
        const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
        for (double& x : score) x *= scale;
      }
      break;
    }
  }
  std::vector<RankedNode> out(n);
  for (std::uint32_t i = 0; i < n; ++i) out[i] = RankedNode{static_cast<NodeId>(v.node[i]), score[i]};
  std::stable_sort(out.begin(), out.end(),
                   [](const RankedNode& a, const RankedNode& b) { return a.score > b.score; });
  return out;
}

}  // namespace kg
