// Ego graphs and shortest paths: breadth-first, layer by layer, with explicit frontiers
// (no recursion), searching a path from both ends at once.
#include "traverse/walk.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <tuple>
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

// The next nodes of a shortest path after `u` at position `at`, in id order, each with the
// relationship that joins them: one walked its own way before one walked against it, then
// the lowest id.
std::vector<std::pair<std::uint32_t, std::uint32_t>> successors(const Walk& walk,
                                                                const ShortestLayers& s,
                                                                std::uint32_t u,
                                                                std::uint32_t at) {
  const std::uint32_t next = at + 1;
  struct Step {
    std::uint32_t node;
    bool against;
    std::uint32_t relationship;
  };
  std::vector<Step> steps;
  walk.neighbours(u, walk.direction(), [&](std::uint32_t r, std::uint32_t v) {
    if (!s.good.contains(v)) return;
    const bool placed = next <= s.forward_depth ? s.forward.get(v) == next
                                                : s.backward.get(v) == s.length - next;
    if (placed) steps.push_back(Step{v, walk.graph().relationships[r].source != u, r});
  });
  std::sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    return std::tie(a.node, a.against, a.relationship) < std::tie(b.node, b.against, b.relationship);
  });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;  // (node, relationship)
  for (const Step& st : steps) {
    if (out.empty() || out.back().first != st.node) out.emplace_back(st.node, st.relationship);
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

}  // namespace

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
