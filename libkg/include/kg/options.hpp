// kg: how a vault is read.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kg {

/// Resolution profile. `Kg` adds the alias fallback (DESIGN section 4, rule 7); `Obsidian`
/// resolves exactly as Obsidian does, so `[[BABA]]` stays unresolved there.
enum class Profile : std::uint8_t { Kg, Obsidian };

struct LoadOptions {
  /// Parser threads; 0 means one per core. The graph is identical for every value.
  unsigned threads = 0;
  /// Notes larger than this are skipped with a `file-too-large` diagnostic.
  std::uint64_t max_note_bytes = 4u << 20;
  /// Front matter larger than this is not handed to the YAML parser.
  std::uint64_t max_frontmatter_bytes = 64u << 10;
  /// Deepest folder nesting the scanner enters.
  unsigned max_depth = 256;
  Profile profile = Profile::Kg;
  /// Overrides the profile's alias fallback when set.
  std::optional<bool> resolve_aliases;
  /// Extra ignore patterns (gitignore syntax), applied after the vault's `.kgignore`.
  std::vector<std::string> ignore;
};

}  // namespace kg
