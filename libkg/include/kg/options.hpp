// kg: how a vault is read.
//
// Settings come from three places, the first that sets a value wins: these options (the
// command line fills them), the vault's `kg.yaml`, then the defaults written here.
#pragma once

#include <kg/export.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

/// Resolution profile. `Kg` adds the alias fallback (DESIGN section 4, rule 7); `Obsidian`
/// resolves exactly as Obsidian does, so `[[BABA]]` stays unresolved there.
enum class Profile : std::uint8_t { Kg, Obsidian };

/// Where a load is, for a progress display. `done` counts up to `total` within a phase.
struct Progress {
  std::string_view phase;  ///< "scan", "parse", "resolve" or "build".
  std::size_t done = 0;
  std::size_t total = 0;
  double seconds = 0.0;    ///< Since the load started.
};

struct LoadOptions {
  /// Parser threads; 0 means one per core. The graph is identical for every value.
  unsigned threads = 0;
  /// Notes larger than this are skipped with a `file-too-large` diagnostic (default 4 MiB).
  std::optional<std::uint64_t> max_note_bytes;
  /// Front matter larger than this is not handed to the YAML parser (default 64 KiB).
  std::optional<std::uint64_t> max_frontmatter_bytes;
  /// Deepest folder nesting the scanner enters (default 256).
  std::optional<unsigned> max_depth;
  /// Default Profile::Kg.
  std::optional<Profile> profile;
  /// Overrides the profile's alias fallback when set.
  std::optional<bool> resolve_aliases;
  /// Add implied edges (inverse, symmetric, transitive; default true).
  std::optional<bool> implied;
  /// Extra ignore patterns (gitignore syntax), applied after `.kgignore` and kg.yaml's.
  std::vector<std::string> ignore;
  /// Read the vault's `kg.yaml` (settings and schema).
  bool read_config = true;
  /// Called on the loading thread while a long load runs (about ten times a second during
  /// parsing, and at each phase change). Must not throw.
  std::function<void(const Progress&)> progress;

  static constexpr std::uint64_t kDefaultMaxNoteBytes = 4u << 20;
  static constexpr std::uint64_t kDefaultMaxFrontmatterBytes = 64u << 10;
  static constexpr unsigned kDefaultMaxDepth = 256;
};

}  // namespace kg
