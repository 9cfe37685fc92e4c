// kg: views, diagrams a vault keeps as text. kg.yaml's `views:` section names them, and
// `kg export --view NAME` draws one, so a team regenerates its diagrams instead of
// redrawing them.
//
//   views:
//     chip-rules:
//       description: Who develops chips the export rules bind
//       focus: [US export controls on advanced AI chips]   # notes; none: the whole vault
//       depth: 2
//       direction: both            # out, in or both
//       relations: [subject_to, develops]
//       types: [company, chip, export_control]
//       as_of: 2025-06
//       max_nodes: 150
//       format: svg                # dot, svg, png, mermaid, ...
//       rankdir: LR                # style: rankdir, layout, size, clusters, legend
//       clusters: false
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kg {

struct ViewSpec {
  std::string name;
  std::string description;
  std::vector<std::string> focus;  ///< NOTE arguments; empty: the whole vault.
  std::uint32_t depth = 1;         ///< Hops from the focus.
  std::string direction;           ///< out, in or both; empty: both.
  std::vector<std::string> relations;
  std::vector<std::string> types;
  std::string as_of;
  bool implied = true;
  bool ghosts = true;
  std::optional<std::size_t> max_nodes;  ///< Unset: the command's default.
  std::string format;                    ///< Empty: the command's --format.
  std::string rankdir;
  std::string layout;
  std::string size;
  std::optional<bool> clusters;
  std::optional<bool> legend;
  std::uint32_t line = 0;  ///< Where kg.yaml names it.
};

}  // namespace kg
