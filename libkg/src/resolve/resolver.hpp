// resolve: link text -> file, by the rules of DESIGN section 4, in order.
#pragma once

#include "resolve/name_index.hpp"

#include <kg/types.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::resolve {

enum class Reason : std::uint8_t { None, NotFound };

struct Outcome {
  std::optional<std::uint32_t> file;  ///< Index into NameIndex::files() when resolved.
  Via via = Via::None;
  bool ambiguous = false;
  std::vector<std::uint32_t> candidates;  ///< All candidates (sorted by path) when ambiguous.
  Reason reason = Reason::None;
  bool above_root = false;  ///< A `../` climbed above the vault root and stayed there.
};

struct ResolveOptions {
  bool aliases = true;  ///< Rule 7, the alias fallback.
};

/// Resolves `target` (a link path, without subpath) written in `source` (a vault path, or ""
/// for the root). `markdown` selects markdown-link semantics: the destination is tried
/// relative to the source's folder first.
Outcome resolve_target(const NameIndex& index, std::string_view target, std::string_view source,
                       bool markdown, const ResolveOptions& options);

/// The ghost key of an unresolved target: case-folded, without a trailing ".md".
std::string ghost_key(std::string_view target);

}  // namespace kg::resolve
