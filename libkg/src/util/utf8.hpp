// UTF-8 validation and repair. Every string kg stores is valid UTF-8, so every writer
// (JSON above all) can rely on it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg::util {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// Replaces each maximal invalid subsequence, and each NUL byte, by U+FFFD. Returns how many
/// replacements were made. Line structure is kept: no '\n' or '\r' is ever replaced.
std::size_t repair_utf8(std::string& s);

/// `s` made valid (a copy; the input is returned unchanged when already valid).
std::string valid_utf8(std::string_view s);

/// Offset of the first invalid byte or NUL, or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept;

/// The code points of `s`; a byte that does not start a well-formed sequence stands for
/// itself, so any input decodes.
std::u32string code_points(std::string_view s);

/// Length in UTF-16 code units, as JavaScript's `String.length` counts it: a code point above
/// U+FFFF (a 4-byte sequence) counts two. Obsidian compares path lengths this way.
std::size_t utf16_length(std::string_view s) noexcept;

}  // namespace kg::util
