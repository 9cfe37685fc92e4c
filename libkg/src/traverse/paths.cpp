// Ego graphs and shortest paths: breadth-first, layer by layer, with explicit frontiers
// (no recursion), searching a path from both ends at once.
#include "traverse/walk.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <limits>

namespace kg {

using traverse::NodeMap;
using traverse::Walk;

namespace {

std::uint32_t check_node(const Walk& walk, NodeId id) {
  const auto n = static_cast<std::uint32_t>(id);
  if (n >= walk.node_count()) throw Error(ErrorCode::InvalidArgument, "no such node id");
  return n;
}

}  // namespace

EgoGraph ego_graph(const Graph& graph, std::span<const NodeId> starts, std::uint32_t depth,
                   const TraversalOptions& options, std::size_t max_nodes) {
  Walk walk(graph, options);
  EgoGraph out;
  NodeMap seen;  // node -> depth
  std::vector<std::uint32_t> frontier;
  const auto add = [&](std::uint32_t node, std::uint32_t d) {
    if (max_nodes != 0 && seen.size() >= max_nodes) {
      out.complete = false;
      return false;
    }
    if (!walk.visit()) {
      out.complete = false;
      return false;
    }
    seen.set(node, d);
    out.nodes.push_back(EgoNode{static_cast<NodeId>(node), d});
    return true;
  };
  std::vector<std::uint32_t> first;
  for (const NodeId s : starts) first.push_back(check_node(walk, s));
  std::sort(first.begin(), first.end());
  first.erase(std::unique(first.begin(), first.end()), first.end());
  for (const std::uint32_t s : first) {
    if (walk.avoided(s) || !add(s, 0)) continue;
    frontier.push_back(s);
  }
  std::vector<std::uint32_t> next;
  for (std::uint32_t d = 0; d < depth && !frontier.empty() && out.complete; ++d) {
    next.clear();
    for (const std::uint32_t u : frontier) {
      if (d > 0 && !walk.may_pass(u)) continue;  // hubs end a walk; starts always go on
      walk.neighbours(u, walk.direction(), [&](std::uint32_t, std::uint32_t v) {
        if (seen.contains(v) || !out.complete || !walk.may_enter(v)) return;
        if (add(v, d + 1)) next.push_back(v);
      });
      if (!out.complete) break;
    }
    std::sort(next.begin(), next.end());
    frontier.swap(next);
  }
  std::sort(out.nodes.begin(), out.nodes.end(), [](const EgoNode& a, const EgoNode& b) {
    return a.depth != b.depth ? a.depth < b.depth : a.node < b.node;
  });
  // The relationships among the nodes, each found once from its source.
  const auto& g = walk.graph();
  for (const EgoNode& n : out.nodes) {
    g.relationship_arcs.for_each_out(static_cast<std::uint32_t>(n.node), [&](std::uint32_t r) {
      if (seen.contains(g.relationships[r].target) && walk.relationship_ok(r)) {
        out.relationships.push_back(static_cast<RelationshipId>(r));
      }
    });
  }
  std::sort(out.relationships.begin(), out.relationships.end());
  return out;
}

namespace {

// The shortest from -> to paths as a layered graph: distances from each end (each side
// searched to about half the length), the length, and which searched nodes lie on some
// shortest path.
struct ShortestLayers {
  std::uint32_t length = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t forward_depth = 0;  // nodes at forward distance <= this are in `forward`
  NodeMap forward;   // node -> distance from `from`
  NodeMap backward;  // node -> distance to `to`
  NodeMap good;      // nodes on a shortest path: 1
  bool complete = true;
  bool found() const { return length != std::numeric_limits<std::uint32_t>::max(); }
};

ShortestLayers search(Walk& walk, std::uint32_t from, std::uint32_t to) {
  ShortestLayers s;
  const Direction fwd = walk.direction();
  const Direction bwd = Walk::reverse(fwd);
  const auto allowed = [&](std::uint32_t v) {
    return v == from || v == to || (walk.may_enter(v) && walk.may_pass(v));
  };
  std::vector<std::vector<std::uint32_t>> fwd_layers{{from}};
  std::vector<std::vector<std::uint32_t>> bwd_layers{{to}};
  s.forward.set(from, 0);
  s.backward.set(to, 0);
  if (from == to) {
    s.length = 0;
    s.good.set(from, 1);
    return s;
  }
  while (!s.found()) {
    const bool go_forward = fwd_layers.back().size() <= bwd_layers.back().size();
    auto& layers = go_forward ? fwd_layers : bwd_layers;
    NodeMap& mine = go_forward ? s.forward : s.backward;
    const NodeMap& theirs = go_forward ? s.backward : s.forward;
    const auto layer = static_cast<std::uint32_t>(layers.size());  // the distance being added
    std::vector<std::uint32_t> next;
    for (const std::uint32_t u : layers.back()) {
      walk.neighbours(u, go_forward ? fwd : bwd, [&](std::uint32_t, std::uint32_t v) {
        if (!s.complete || mine.contains(v) || !allowed(v)) return;
        if (!walk.visit()) {
          s.complete = false;
          return;
        }
        mine.set(v, layer);
        next.push_back(v);
        if (const std::uint32_t other = theirs.get(v); other != NodeMap::kMissing) {
          s.length = std::min(s.length, layer + other);
        }
      });
      if (!s.complete) return s;
    }
    if (next.empty()) return s;  // one side is exhausted: no path
    std::sort(next.begin(), next.end());
    layers.push_back(std::move(next));
  }
  // Every meeting node lies at the outer layer of both searches. Mark the nodes that reach
  // one: on the forward side, layer by layer inwards from the meeting layer.
  const auto mark = [&](std::vector<std::vector<std::uint32_t>>& layers, const NodeMap& dist,
                        const NodeMap& other, Direction dir) {
    const std::size_t outer = layers.size() - 1;
    std::vector<std::uint32_t> goods;
    for (const std::uint32_t v : layers[outer]) {
      const std::uint32_t o = other.get(v);
      if (o != NodeMap::kMissing && outer + o == s.length) s.good.set(v, 1);
    }
    for (std::size_t l = outer; l-- > 0;) {
      for (const std::uint32_t u : layers[l]) {
        bool on_path = false;
        walk.neighbours(u, dir, [&](std::uint32_t, std::uint32_t v) {
          if (!on_path && dist.get(v) == l + 1 && s.good.contains(v)) on_path = true;
        });
        if (on_path) s.good.set(u, 1);
      }
    }
  };
  // The meeting layer is marked from both sides; marking twice sets the same nodes.
  mark(fwd_layers, s.forward, s.backward, fwd);
  mark(bwd_layers, s.backward, s.forward, bwd);
  s.forward_depth = static_cast<std::uint32_t>(fwd_layers.size() - 1);
  return s;
}

// Which relationship a hop from u takes when several join it to the same node: one walked
// its own way before one walked against it, then the lowest id. Smaller keys win.
std::pair<bool, std::uint32_t> hop_key(const Walk& walk, std::uint32_t u, std::uint32_t r) {
  return {walk.graph().relationships[r].source != u, r};
}

// The next nodes of a shortest path after `u` at position `at`, in id order, each with the
// relationship hop_key picks.
std::vector<std::pair<std::uint32_t, std::uint32_t>> successors(const Walk& walk,
                                                                const ShortestLayers& s,
                                                                std::uint32_t u,
                                                                std::uint32_t at) {
  const std::uint32_t next = at + 1;
  std::vector<std::pair<std::uint32_t, std::pair<bool, std::uint32_t>>> steps;  // (node, key)
  walk.neighbours(u, walk.direction(), [&](std::uint32_t r, std::uint32_t v) {
    if (!s.good.contains(v)) return;
    const bool placed = next <= s.forward_depth ? s.forward.get(v) == next
                                                : s.backward.get(v) == s.length - next;
    if (placed) steps.emplace_back(v, hop_key(walk, u, r));
  });
  std::sort(steps.begin(), steps.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;  // (node, relationship)
  for (const auto& [node, key] : steps) {
    if (out.empty() || out.back().first != node) out.emplace_back(node, key.second);
  }
  return out;
}

PathResult enumerate(const Graph& graph, NodeId from, NodeId to,
                     const TraversalOptions& options, std::size_t max_paths) {
  Walk walk(graph, options);
  const std::uint32_t f = check_node(walk, from);
  const std::uint32_t t = check_node(walk, to);
  PathResult out;
  if (walk.avoided(f) || walk.avoided(t)) return out;
  const ShortestLayers s = search(walk, f, t);
  out.complete = s.complete;
  if (!s.found()) return out;
  // Depth first over the layered graph, in id order, with an explicit stack.
  struct Frame {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> next;
    std::size_t i = 0;
  };
  Path current;
  current.nodes.push_back(from);
  std::vector<Frame> stack;
  stack.push_back(Frame{successors(walk, s, f, 0), 0});
  if (s.length == 0) {
    out.paths.push_back(current);
    return out;
  }
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.i == top.next.size()) {
      stack.pop_back();
      if (!current.hops.empty()) {
        current.nodes.pop_back();
        current.hops.pop_back();
      }
      continue;
    }
    const auto [v, r] = top.next[top.i++];
    current.nodes.push_back(static_cast<NodeId>(v));
    current.hops.push_back(static_cast<RelationshipId>(r));
    const auto at = static_cast<std::uint32_t>(current.hops.size());
    if (at == s.length) {
      out.paths.push_back(current);
      current.nodes.pop_back();
      current.hops.pop_back();
      if (max_paths != 0 && out.paths.size() >= max_paths) {
        // Stop; say so only when another path exists.
        bool more = false;
        for (const Frame& fr : stack) more = more || fr.i < fr.next.size();
        if (more) out.complete = false;
        return out;
      }
      continue;
    }
    stack.push_back(Frame{successors(walk, s, v, at), 0});
  }
  return out;
}

// The relationship a hop from u to v takes (hop_key); nullopt when none may be walked.
std::optional<std::uint32_t> hop_between(const Walk& walk, std::uint32_t u, std::uint32_t v) {
  std::optional<std::pair<bool, std::uint32_t>> best;
  walk.neighbours(u, walk.direction(), [&](std::uint32_t r, std::uint32_t w) {
    if (w != v) return;
    const auto key = hop_key(walk, u, r);
    if (!best || key < *best) best = key;
  });
  if (!best) return std::nullopt;
  return best->second;
}

bool path_less(const Path& a, const Path& b) {
  return a.hops.size() != b.hops.size() ? a.hops.size() < b.hops.size() : a.nodes < b.nodes;
}

// The first shortest path from `from` to `to` in node-id order, entering no blocked node
// and taking no blocked (u, v) step: distances to `to` first, then the smallest next node
// at each step. For Yen's spur paths.
std::optional<Path> shortest_avoiding(Walk& walk, std::uint32_t from, std::uint32_t to,
                                      std::uint32_t path_from, const NodeMap& blocked_nodes,
                                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& blocked_steps,
                                      bool& complete) {
  const auto allowed = [&](std::uint32_t v) {
    if (blocked_nodes.contains(v)) return false;
    return v == path_from || v == to || (walk.may_enter(v) && walk.may_pass(v));
  };
  const auto blocked = [&](std::uint32_t u, std::uint32_t v) {
    return std::find(blocked_steps.begin(), blocked_steps.end(), std::pair{u, v}) != blocked_steps.end();
  };
  // Distances to `to`, walking backwards.
  NodeMap dist;
  dist.set(to, 0);
  std::vector<std::uint32_t> frontier{to};
  bool reached = from == to;
  for (std::uint32_t d = 0; !frontier.empty() && !reached; ++d) {
    std::vector<std::uint32_t> next;
    for (const std::uint32_t v : frontier) {
      walk.neighbours(v, Walk::reverse(walk.direction()), [&](std::uint32_t, std::uint32_t u) {
        if (!complete || dist.contains(u) || !allowed(u) || blocked(u, v)) return;
        if (!walk.visit()) {
          complete = false;
          return;
        }
        dist.set(u, d + 1);
        if (u == from) reached = true;
        next.push_back(u);
      });
      if (!complete) return std::nullopt;
    }
    frontier.swap(next);
  }
  if (!dist.contains(from)) return std::nullopt;
  Path p;
  p.nodes.push_back(static_cast<NodeId>(from));
  for (std::uint32_t u = from; u != to;) {
    const std::uint32_t d = dist.get(u);
    std::uint32_t best = NodeMap::kMissing;
    walk.neighbours(u, walk.direction(), [&](std::uint32_t, std::uint32_t v) {
      if (dist.get(v) == d - 1 && v < best && !blocked(u, v)) best = v;
    });
    p.nodes.push_back(static_cast<NodeId>(best));
    p.hops.push_back(static_cast<RelationshipId>(*hop_between(walk, u, best)));
    u = best;
  }
  return p;
}

}  // namespace

PathResult k_shortest_paths(const Graph& graph, NodeId from, NodeId to, std::size_t k,
                            const TraversalOptions& options) {
  Walk walk(graph, options);
  const std::uint32_t f = check_node(walk, from);
  const std::uint32_t t = check_node(walk, to);
  PathResult out;
  if (k == 0 || walk.avoided(f) || walk.avoided(t)) return out;
  bool complete = true;
  const std::optional<Path> first = shortest_avoiding(walk, f, t, f, NodeMap(), {}, complete);
  if (!first) {
    out.complete = complete;
    return out;
  }
  out.paths.push_back(*first);
  std::vector<Path> candidates;  // kept sorted by path_less
  while (out.paths.size() < k && complete) {
    const Path prev = out.paths.back();
    for (std::size_t i = 0; i + 1 < prev.nodes.size() && complete; ++i) {
      const auto spur = static_cast<std::uint32_t>(prev.nodes[i]);
      // Steps the paths found so far take after this same root are closed, and the root's
      // nodes before the spur may not be entered again.
      std::vector<std::pair<std::uint32_t, std::uint32_t>> steps;
      for (const Path& p : out.paths) {
        if (p.nodes.size() > i + 1 && std::equal(p.nodes.begin(), p.nodes.begin() + static_cast<std::ptrdiff_t>(i) + 1, prev.nodes.begin())) {
          steps.emplace_back(static_cast<std::uint32_t>(p.nodes[i]), static_cast<std::uint32_t>(p.nodes[i + 1]));
        }
      }
      NodeMap root;
      for (std::size_t j = 0; j < i; ++j) root.set(static_cast<std::uint32_t>(prev.nodes[j]), 1);
      const std::optional<Path> tail = shortest_avoiding(walk, spur, t, f, root, steps, complete);
      if (!tail) continue;
      Path whole;
      whole.nodes.assign(prev.nodes.begin(), prev.nodes.begin() + static_cast<std::ptrdiff_t>(i));
      whole.hops.assign(prev.hops.begin(), prev.hops.begin() + static_cast<std::ptrdiff_t>(i));
      whole.nodes.insert(whole.nodes.end(), tail->nodes.begin(), tail->nodes.end());
      whole.hops.insert(whole.hops.end(), tail->hops.begin(), tail->hops.end());
      const auto same = [&](const Path& p) { return p.nodes == whole.nodes; };
      if (std::any_of(out.paths.begin(), out.paths.end(), same) ||
          std::any_of(candidates.begin(), candidates.end(), same)) {
        continue;
      }
      candidates.insert(std::upper_bound(candidates.begin(), candidates.end(), whole, path_less),
                        std::move(whole));
    }
    if (candidates.empty()) break;
    out.paths.push_back(std::move(candidates.front()));
    candidates.erase(candidates.begin());
  }
  out.complete = complete;
  return out;
}

PathResult simple_paths(const Graph& graph, NodeId from, NodeId to, std::size_t max_length,
                        const TraversalOptions& options, std::size_t max_paths) {
  Walk walk(graph, options);
  const std::uint32_t f = check_node(walk, from);
  const std::uint32_t t = check_node(walk, to);
  PathResult out;
  if (walk.avoided(f) || walk.avoided(t)) return out;
  const auto allowed = [&](std::uint32_t v) {
    return v == t || (v != f && walk.may_enter(v) && walk.may_pass(v));
  };
  // Depth first, each node's next steps in id order, with an explicit stack.
  struct Frame {
    std::vector<std::uint32_t> next;
    std::size_t i = 0;
  };
  const auto next_of = [&](std::uint32_t u, const NodeMap& on_path) {
    std::vector<std::uint32_t> next;
    walk.neighbours(u, walk.direction(), [&](std::uint32_t, std::uint32_t v) {
      if (on_path.get(v) != 1 && allowed(v)) next.push_back(v);
    });
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    return next;
  };
  Path current;
  current.nodes.push_back(from);
  NodeMap on_path;  // 1: on the current path (0: was, and left it)
  on_path.set(f, 1);
  std::vector<Frame> stack;
  if (f == t) {
    out.paths.push_back(current);
  } else if (max_length > 0) {
    stack.push_back(Frame{next_of(f, on_path), 0});
  }
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.i == top.next.size()) {
      stack.pop_back();
      if (!current.hops.empty()) {
        on_path.set(static_cast<std::uint32_t>(current.nodes.back()), 0);
        current.nodes.pop_back();
        current.hops.pop_back();
      }
      continue;
    }
    const std::uint32_t u = static_cast<std::uint32_t>(current.nodes.back());
    const std::uint32_t v = top.next[top.i++];
    if (on_path.get(v) == 1) continue;
    if (!walk.visit()) {
      out.complete = false;
      break;
    }
    current.nodes.push_back(static_cast<NodeId>(v));
    current.hops.push_back(static_cast<RelationshipId>(*hop_between(walk, u, v)));
    if (v == t) {
      if (max_paths != 0 && out.paths.size() >= max_paths) {
        out.complete = false;
        break;
      }
      out.paths.push_back(current);
      current.nodes.pop_back();
      current.hops.pop_back();
      continue;
    }
    if (current.hops.size() >= max_length) {
      current.nodes.pop_back();
      current.hops.pop_back();
      continue;
    }
    on_path.set(v, 1);
    stack.push_back(Frame{next_of(v, on_path), 0});
  }
  std::sort(out.paths.begin(), out.paths.end(), path_less);
  return out;
}

PathResult shortest_path(const Graph& graph, NodeId from, NodeId to,
                         const TraversalOptions& options) {
  PathResult r = enumerate(graph, from, to, options, 1);
  r.complete = r.complete || !r.paths.empty();
  return r;
}

PathResult all_shortest_paths(const Graph& graph, NodeId from, NodeId to,
                              const TraversalOptions& options, std::size_t max_paths) {
  return enumerate(graph, from, to, options, max_paths);
}

}  // namespace kg
