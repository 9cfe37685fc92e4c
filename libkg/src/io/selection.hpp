// selection: what a diagram draws, shared by the diagram writers. The nodes given, sorted
// and numbered (their ids in the file: n0, n1, ...), grouped by type in name order, and the
// relationships given, sorted; a relationship with an end outside the nodes is left out.
#pragma once

#include <kg/graph.hpp>

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace kg::io {

struct Selection {
  std::vector<NodeId> nodes;
  std::map<std::string, std::vector<std::size_t>> by_type;  // type -> numbers of its nodes
  /// Each relationship drawn, with the numbers of its ends.
  struct Arrow {
    RelationshipId id;
    std::size_t from;
    std::size_t to;
  };
  std::vector<Arrow> arrows;
};

Selection select(const Graph& graph, std::span<const NodeId> nodes, std::span<const RelationshipId> relationships);

/// Every node and relationship of the graph.
Selection select_all(const Graph& graph);

}  // namespace kg::io
