#include "io/selection.hpp"

#include <algorithm>

namespace kg::io {

Selection select(const Graph& graph, std::span<const NodeId> nodes_in, std::span<const RelationshipId> rels_in) {
  Selection s;
  s.nodes.assign(nodes_in.begin(), nodes_in.end());
  std::sort(s.nodes.begin(), s.nodes.end());
  s.nodes.erase(std::unique(s.nodes.begin(), s.nodes.end()), s.nodes.end());
  std::unordered_map<std::uint32_t, std::size_t> number;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    number.emplace(static_cast<std::uint32_t>(s.nodes[i]), i);
    s.by_type[std::string(graph.node(s.nodes[i]).type)].push_back(i);
  }
  std::vector<RelationshipId> rels(rels_in.begin(), rels_in.end());
  std::sort(rels.begin(), rels.end());
  rels.erase(std::unique(rels.begin(), rels.end()), rels.end());
  for (const RelationshipId id : rels) {
    const Relationship r = graph.relationship(id);
    const auto from = number.find(static_cast<std::uint32_t>(r.source));
    const auto to = number.find(static_cast<std::uint32_t>(r.target));
    if (from != number.end() && to != number.end()) s.arrows.push_back({id, from->second, to->second});
  }
  return s;
}

Selection select_all(const Graph& graph) {
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < graph.node_count(); ++i) nodes.push_back(NodeId{static_cast<std::uint32_t>(i)});
  std::vector<RelationshipId> rels;
  for (std::size_t i = 0; i < graph.relationship_count(); ++i) rels.push_back(RelationshipId{static_cast<std::uint32_t>(i)});
  return select(graph, nodes, rels);
}

}  // namespace kg::io
