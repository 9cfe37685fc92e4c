// kg: the small value types shared by every layer: node, edge and relationship ids, and
// the enumerations that describe a link (where it is written, which rule resolved it,
// whether its subpath exists) and an implied edge.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <string_view>

namespace kg {

enum class NodeId : std::uint32_t {};
enum class EdgeId : std::uint32_t {};
enum class RelationshipId : std::uint32_t {};

enum class NodeKind : std::uint8_t { Note, Attachment, Ghost };

/// Where in a note an edge was written.
enum class Origin : std::uint8_t { Frontmatter, InlineField, List, Table, Body };

/// Which resolution rule found a link's target.
enum class Via : std::uint8_t { None, Self, Relative, Path, Name, Alias };

/// Whether a link's `#heading` or `#^block` exists in its target.
enum class SubpathStatus : std::uint8_t {
  None,      ///< The link has no subpath.
  Ok,        ///< The heading or block exists.
  Missing,   ///< It does not (a `missing-heading`, `missing-block` or `missing-footnote`
             ///< warning). A `#A#B` chain that does not walk down the headings is missing.
  Unchecked  ///< The target is not a note (an attachment or a ghost).
};

/// Which schema rule added an implied edge.
enum class Inference : std::uint8_t { None, Inverse, Symmetric, Transitive };

KG_API std::string_view to_string(NodeKind kind) noexcept;
KG_API std::string_view to_string(Inference inference) noexcept;
KG_API std::string_view to_string(Origin origin) noexcept;
KG_API std::string_view to_string(Via via) noexcept;
KG_API std::string_view to_string(SubpathStatus status) noexcept;

}  // namespace kg
