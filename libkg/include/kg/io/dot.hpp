// kg: Graphviz DOT diagrams of relationships (DESIGN section 8). One arrow per relationship
// (its statements folded, where they are written in its tooltip), nodes shaped and
// coloured by type with a legend, clusters by type, implied relationships dashed, ghosts
// dotted, attachments drawn as files. Every string is escaped, so no title can break the
// file or inject into it, and the output is sorted, so a diagram diffs cleanly.
#pragma once

#include <kg/export.hpp>
#include <kg/graph.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace kg::io {

struct DotOptions {
  bool clusters = true;  ///< One box per node type.
  bool legend = true;    ///< A box that names each type's shape and colour (dot layout only: the others scatter it).
  std::string rankdir = "LR";  ///< TB, LR, BT or RL.
  /// Graphviz's layout engine; empty: `dot` (ranks, curved edges), or `sfdp` (force-directed,
  /// straight edges) past `sfdp_above` nodes or `sfdp_above_arrows` arrows: dot's crossing
  /// reduction took 4 s on 100 notes and 300 arrows of a random graph, minutes on 200 and 730.
  std::string layout;
  std::size_t sfdp_above = 150;
  std::size_t sfdp_above_arrows = 300;
  std::string size;  ///< Graphviz `size` ("8,5"); empty: none.
  /// Where a node links to in an SVG drawn from the diagram (Graphviz's `URL`): nowhere,
  /// its note in Obsidian (`obsidian://open?vault=VAULT&amp;file=PATH`, the `&` written as
  /// the entity SVG needs), or its file by a
  /// relative path (`link_base` + the vault-relative path). Ghosts link nowhere.
  enum class Links : std::uint8_t { None, Obsidian, Relative } links = Links::None;
  std::string vault_name;  ///< The vault's name in Obsidian (its folder's name).
  std::string link_base;   ///< From the picture's folder to the vault's, ending in '/'; may be empty.
};

/// The nodes given and the relationships given (those between two of the nodes are drawn).
KG_API std::string dot(const Graph& graph, std::span<const NodeId> nodes,
                       std::span<const RelationshipId> relationships, const DotOptions& options = {});

/// The whole graph.
KG_API std::string dot(const Graph& graph, const DotOptions& options = {});

}  // namespace kg::io
