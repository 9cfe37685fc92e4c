// How many terminal columns text takes, so tables line up whatever script the notes use.
//
// A code point's width follows what terminals do (glibc's wcwidth and its successors):
//   0  combining and enclosing marks (Mn, Me), format characters (Cf: zero-width joiner,
//      bidi marks, ...) except the soft hyphen, and Hangul medial and final jamo;
//   2  East Asian Wide and Fullwidth characters: CJK, kana, Hangul syllables, fullwidth
//      forms and emoji with emoji presentation;
//   1  everything else.
// Control characters never reach a terminal (the CLI escapes them), so they have no width
// of their own here.
#pragma once

#include <cstddef>
#include <string_view>

namespace kg::cli {

/// Columns one code point takes: 0, 1 or 2.
int char_width(char32_t c) noexcept;

/// Columns a UTF-8 string takes; a byte that does not start a well-formed sequence counts 1.
std::size_t display_width(std::string_view text) noexcept;

}  // namespace kg::cli
