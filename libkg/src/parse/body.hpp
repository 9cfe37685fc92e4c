// The Markdown body: cmark-gfm finds the block structure; kg scans the raw bytes of each
// text block for links, tags, inline fields and block ids, masking code, comments and math.
#pragma once

#include "parse/parsed_note.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::parse {

/// Reads a note body. `first_line` is the file line of the body's first byte. Never throws
/// for any input; positions in `note` are file positions.
void read_body(std::string_view body, std::uint32_t first_line, const std::string& file,
               const ParseLimits& limits, ParsedNote& note);

/// Tag at `text[pos]` == '#', or an empty view when there is none. The returned view excludes
/// the '#'. The caller checks the left boundary.
std::string_view tag_at(std::string_view text, std::size_t pos);

}  // namespace kg::parse
