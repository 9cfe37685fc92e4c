// One note's bytes -> ParsedNote. Pure: it never looks at other files, so notes parse in
// parallel and a changed note can be re-parsed alone.
#pragma once

#include "parse/parsed_note.hpp"

#include <string>

namespace kg::parse {

/// Parses a note. `path` is its vault-relative id, used in diagnostics. `text` is the file's
/// bytes; it is repaired in place (BOM dropped, lone CR -> LF, invalid UTF-8 and NUL ->
/// U+FFFD) before parsing, and positions refer to the repaired text. Never throws except
/// std::bad_alloc.
ParsedNote parse_note(const std::string& path, std::string text, const ParseLimits& limits = {});

}  // namespace kg::parse
