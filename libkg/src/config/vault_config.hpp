// The vault's `kg.yaml`: settings (profile, alias fallback, implied edges, ignore patterns,
// input limits) and the schema of types and relations. Command-line flags and LoadOptions
// win over it; it wins over the defaults.
#pragma once

#include <kg/diagnostic.hpp>
#include <kg/options.hpp>
#include <kg/schema.hpp>
#include <kg/view.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::config {

inline constexpr std::string_view kFileName = "kg.yaml";
inline constexpr std::uint64_t kMaxBytes = 1u << 20;

struct VaultConfig {
  std::optional<Profile> profile;
  std::optional<bool> aliases;
  std::optional<bool> implied;
  std::optional<std::uint64_t> max_note_bytes;
  std::optional<std::uint64_t> max_frontmatter_bytes;
  std::optional<unsigned> max_depth;
  std::vector<std::string> ignore;
  Schema schema;
  std::vector<ViewSpec> views;
};

/// Reads kg.yaml's text. Every problem is a diagnostic on `file` with its line; an unknown
/// key or a bad value is a warning and is skipped, invalid YAML is an error and gives the
/// defaults. Never throws.
VaultConfig parse_config(std::string_view text, const std::string& file,
                         std::vector<Diagnostic>& diagnostics);

}  // namespace kg::config
