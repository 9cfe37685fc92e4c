// YAML front matter: finding it, and turning it into properties, aliases, tags, a type and
// front-matter links, with bounded time and memory whatever the YAML holds.
#pragma once

#include "parse/parsed_note.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::parse {

struct FrontMatterSpan {
  bool present = false;        ///< A `---` line at byte 0 with a closing `---` or `...` line.
  bool unterminated = false;   ///< An opening fence without a closing one in range.
  std::size_t yaml_begin = 0;  ///< Offset of the first YAML byte.
  std::size_t yaml_end = 0;    ///< Offset one past the last YAML byte.
  std::size_t body_begin = 0;  ///< Offset of the first body byte.
  std::uint32_t body_line = 1; ///< File line of the first body byte (1-based).
};

/// Finds the front matter of a note whose line endings are '\n' or "\r\n".
FrontMatterSpan find_frontmatter(std::string_view text, const ParseLimits& limits);

/// A scalar written outside YAML (an inline field's value) typed as front matter types it:
/// null, bool, integer, date, float, else string; quotes make it a string.
Value typed_value(std::string_view text);

/// Reads the YAML between the fences. `first_line` is the file line of the YAML's first line.
/// Fills properties, aliases, tags, type and front-matter links of `note`; problems become
/// diagnostics on `file`. Never throws for any input.
void read_frontmatter(std::string_view yaml, std::uint32_t first_line, const std::string& file,
                      const ParseLimits& limits, ParsedNote& note);

}  // namespace kg::parse
