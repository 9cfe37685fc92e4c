// UTF-8 validation and repair. Every string kg stores is valid UTF-8, so every writer
// (JSON above all) can rely on it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::util {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// Replaces each invalid byte, and each NUL byte, by U+FFFD (three bytes for one). Returns
/// how many replacements were made; `at`, when given, receives the offset in the repaired
/// string of each. Line structure is kept: no '\n' or '\r' is ever replaced.
std::size_t repair_utf8(std::string& s, std::vector<std::size_t>* at = nullptr);

/// `s` made valid (a copy; the input is returned unchanged when already valid).
std::string valid_utf8(std::string_view s);

/// Offset of the first invalid byte or NUL, or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept;

/// The code points of `s`; a byte that does not start a well-formed sequence stands for
/// itself, so any input decodes.
std::u32string code_points(std::string_view s);

/// The largest character boundary of valid UTF-8 `s` at or before `i` (i <= s.size()):
/// where `s` can be cut to at most `i` bytes without splitting a character.
std::size_t boundary_before(std::string_view s, std::size_t i) noexcept;

/// "U+200B": a code point as diagnostics name it.
std::string code_point_name(char32_t cp);

/// Bytes of the invisible break or control character that starts at `s[i]` in valid UTF-8:
/// a C1 control (U+0080..U+009F, NEL among them), LINE SEPARATOR U+2028 or PARAGRAPH
/// SEPARATOR U+2029, each of which some renderers take as a line break. 0 for anything else.
std::size_t unicode_control_at(std::string_view s, std::size_t i) noexcept;

/// The first invisible formatting character in valid UTF-8 `s` (zero-width spaces and joiners
/// U+200B..U+200F, bidi embeddings and overrides U+202A..U+202E, U+2060..U+2064, bidi
/// isolates U+2066..U+2069, U+FEFF), or 0: a name holding one looks like another name.
char32_t invisible_format_char(std::string_view s) noexcept;

/// Length in UTF-16 code units, as JavaScript's `String.length` counts it: a code point above
/// U+FFFF (a 4-byte sequence) counts two. Obsidian compares path lengths this way.
std::size_t utf16_length(std::string_view s) noexcept;

}  // namespace kg::util
