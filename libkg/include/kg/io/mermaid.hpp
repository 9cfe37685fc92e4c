// kg: Mermaid flowcharts, to paste into a note. Relationships as arrows labelled with their
// relation (implied ones dotted), nodes in one subgraph per type, ghosts dashed; labels
// escaped as Mermaid entities and ids synthetic, so no title can break the chart.
#pragma once

#include <kg/export.hpp>
#include <kg/graph.hpp>

#include <cstddef>
#include <span>
#include <string>

namespace kg::io {

struct MermaidOptions {
  std::string direction = "LR";  ///< LR, TB, BT or RL.
  bool subgraphs = true;         ///< One subgraph per node type.
  /// A chart of more nodes than this is refused (kg::Error InvalidArgument naming the way
  /// to a smaller one) unless `force`: Mermaid renders a few hundred nodes at most.
  std::size_t max_nodes = 200;
  /// Likewise a chart of more arrows, or of more characters: Mermaid's own defaults
  /// (maxEdges 500, maxTextSize 50,000) refuse to draw past them.
  std::size_t max_arrows = 500;
  std::size_t max_text = 50'000;
  bool force = false;
};

KG_API std::string mermaid(const Graph& graph, std::span<const NodeId> nodes,
                           std::span<const RelationshipId> relationships, const MermaidOptions& options = {});

/// The whole graph.
KG_API std::string mermaid(const Graph& graph, const MermaidOptions& options = {});

}  // namespace kg::io
