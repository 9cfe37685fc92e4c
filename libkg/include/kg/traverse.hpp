// kg: the traversal library. Walks relationships (each one fact, with its statements as
// provenance) over the loaded graph: ego graphs and paths, with the same filters and the
// same bounds everywhere. Nothing here recurses on the call stack, and every answer is
// deterministic: equal choices are broken by id.
#pragma once

#include <kg/graph.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kg {

/// Which way relationships are walked: from source to target, back, or either way.
enum class Direction : std::uint8_t { Out, In, Both };

/// "out", "in" or "both".
KG_API std::string_view to_string(Direction direction) noexcept;

/// What a traversal may walk, and how far it may go. The same options serve every
/// function here.
struct TraversalOptions {
  Direction direction = Direction::Out;
  /// Relation names (canonical, or a synonym the schema knows); empty: every relation.
  std::vector<std::string> relations;
  /// Node types a walk may enter; the start (and a path's end) is always kept. Empty: all.
  std::vector<std::string> types;
  bool implied = true;  ///< Walk implied relationships too.
  bool ghosts = true;   ///< Enter ghost nodes (unresolved link targets).
  /// Keep only relationships valid at this date: `2025`, `2025-12` or `2025-12-03`. A
  /// relationship is valid when its `since` is not after the date and its `until` not
  /// before it, each compared at the precision written (`since: 2025` holds all of 2025; a
  /// missing bound is open). Empty: no date filter.
  std::string as_of;
  /// Nodes a walk never enters (a path starting or ending at one has none).
  std::vector<NodeId> avoid;
  /// Hub suppression: a node with more relationships than this (in and out, after the
  /// relation filter) is never passed through, though it may start or end a walk. 0: none.
  std::size_t max_degree = 0;

  /// Bounds, so an embedding tool can cap a call. A traversal that reaches one stops and
  /// says so (`complete = false`); one that is cancelled throws kg::Error(Cancelled).
  /// Nodes a call may visit (a whole-graph answer counts a node each time it looks at it:
  /// each PageRank round, each betweenness search); 0: no limit.
  std::size_t max_visited = 0;
  std::chrono::milliseconds time_limit{0};     ///< 0: no limit.
  const std::atomic<bool>* cancel = nullptr;   ///< Set it to true to stop the call.
};

/// A node of an ego graph, with its distance from the nearest start.
struct EgoNode {
  NodeId node{};
  std::uint32_t depth = 0;
};

/// The nodes within a distance of some start nodes, and the relationships among them.
struct EgoGraph {
  std::vector<EgoNode> nodes;  ///< By depth, then id; the starts at depth 0.
  /// Every relationship between two of the nodes that the relation, implied and as-of
  /// filters keep (whichever way it points), in id order.
  std::vector<RelationshipId> relationships;
  bool complete = true;  ///< False when the node cap or a bound cut the walk short.
};

/// The ego graph of `starts` to `depth` hops. `max_nodes` caps the nodes (0: no cap): the
/// walk stops adding nodes when it is reached, and the answer says it is not complete.
KG_API EgoGraph ego_graph(const Graph& graph, std::span<const NodeId> starts, std::uint32_t depth,
                          const TraversalOptions& options = {}, std::size_t max_nodes = 0);

/// A walk from one node to another: nodes[0] is the start, nodes.back() the end, and
/// hops[i] the relationship walked from nodes[i] to nodes[i + 1] (against its direction
/// when the walk goes in or both ways). Where several relationships join two nodes, the
/// hop is one walked its own way if there is one, and among those the lowest id.
struct Path {
  std::vector<NodeId> nodes;
  std::vector<RelationshipId> hops;
};

/// Paths, and whether the search saw everything it needed to.
struct PathResult {
  std::vector<Path> paths;
  bool complete = true;  ///< False when a bound stopped the search: more paths may exist.
};

/// A shortest path (fewest hops), the lowest in node-id order among equals. Searches from
/// both ends at once. No path: an empty list.
KG_API PathResult shortest_path(const Graph& graph, NodeId from, NodeId to,
                                const TraversalOptions& options = {});

/// Every shortest path, in node-id order, at most `max_paths` of them (0: no cap; the
/// answer is then not complete when there were more).
KG_API PathResult all_shortest_paths(const Graph& graph, NodeId from, NodeId to,
                                     const TraversalOptions& options = {},
                                     std::size_t max_paths = 1000);

/// The `k` shortest simple paths (no node twice), ranked by hops, then in node-id order
/// (Yen's algorithm). Two paths differ in their nodes; each hop is chosen as in Path.
KG_API PathResult k_shortest_paths(const Graph& graph, NodeId from, NodeId to, std::size_t k,
                                   const TraversalOptions& options = {});

/// Every simple path of at most `max_length` hops, ranked as k_shortest_paths ranks them,
/// at most `max_paths` of them (0: no cap; found depth first in node-id order, so the cap
/// keeps those found first, and the answer then says it is not complete).
KG_API PathResult simple_paths(const Graph& graph, NodeId from, NodeId to,
                               std::size_t max_length, const TraversalOptions& options = {},
                               std::size_t max_paths = 1000);

// --- Structure ----------------------------------------------------------------------------
// These look at the whole graph as the options' filters leave it: the nodes a walk may enter
// (type, ghost, avoid) and the relationships it may walk between two of them (relation,
// implied, as-of). The direction and max_degree options do not apply; each says which way
// it counts. They answer for the whole graph or not at all: a bound reached throws
// kg::Error(BudgetExceeded), a cancellation kg::Error(Cancelled).

/// Weakly connected components (relationships either way), largest first, then by first
/// id; ids sorted within each.
KG_API std::vector<std::vector<NodeId>> weak_components(const Graph& graph,
                                                        const TraversalOptions& options = {});
/// Strongly connected components (Tarjan's, with an explicit stack), ordered likewise.
KG_API std::vector<std::vector<NodeId>> strong_components(const Graph& graph,
                                                          const TraversalOptions& options = {});
/// Nodes with no relationship at all, in id order.
KG_API std::vector<NodeId> orphans(const Graph& graph, const TraversalOptions& options = {});
/// Nodes with incoming relationships and none going out, in id order.
KG_API std::vector<NodeId> dead_ends(const Graph& graph, const TraversalOptions& options = {});
/// Nodes with outgoing relationships and none coming in, in id order.
KG_API std::vector<NodeId> sources(const Graph& graph, const TraversalOptions& options = {});

/// Some nodes and relationships of a graph: what a diagram or an export draws.
struct Subgraph {
  std::vector<NodeId> nodes;                  ///< In id order.
  std::vector<RelationshipId> relationships;  ///< Each between two of the nodes, in id order.
  /// False when a node cap cut it: `total_nodes` nodes were there to draw.
  bool complete = true;
  std::size_t total_nodes = 0;
};

/// The graph as the filters leave it: every node a walk may enter and every relationship
/// between two of them that it may walk.
KG_API Subgraph filtered_graph(const Graph& graph, const TraversalOptions& options = {});

/// The `max_nodes` nodes of `subgraph` with the most relationships in it (ties by id) and
/// the relationships among them; the subgraph itself when it is no larger. The answer says
/// it is not complete when nodes were left out.
KG_API Subgraph most_connected(const Graph& graph, const Subgraph& subgraph, std::size_t max_nodes);

/// A node and how many neighbours (or citing notes) it shares with another.
struct SharedCount {
  NodeId node{};
  std::size_t shared = 0;
};
/// Notes two hops from `node` (relationships either way) and not linked to it, ranked by
/// the neighbours they share with it, then by id. Here max_degree applies: a neighbour
/// with more relationships is not counted as shared (an index note would relate everything).
KG_API std::vector<SharedCount> related(const Graph& graph, NodeId node,
                                        const TraversalOptions& options = {});
/// Co-citation: the nodes cited together with `node` (targets of a relationship from a
/// note that also relates to `node`), ranked by how many notes cite both, then by id.
KG_API std::vector<SharedCount> co_cited(const Graph& graph, NodeId node,
                                         const TraversalOptions& options = {});

// --- Rankings -----------------------------------------------------------------------------

enum class Centrality : std::uint8_t { Degree, InDegree, OutDegree, PageRank, Betweenness };
/// "degree", "in-degree", "out-degree", "pagerank", "betweenness".
KG_API std::string_view to_string(Centrality centrality) noexcept;

struct RankedNode {
  NodeId node{};
  double score = 0.0;
};

/// Every node the filters keep, highest score first, ties by id. Degrees count
/// relationships. PageRank (damping 0.85, a node without out-arcs spreads its rank evenly
/// over all nodes) and betweenness (Brandes, normalised by (n-1)(n-2)) run on the directed
/// graph with one arc per ordered pair of nodes that a relationship joins, as NetworkX's
/// `pagerank` and `betweenness_centrality` do on a DiGraph.
KG_API std::vector<RankedNode> rank(const Graph& graph, Centrality by,
                                    const TraversalOptions& options = {});

}  // namespace kg
