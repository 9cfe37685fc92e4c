#include "util/utf8.hpp"

#include <cstdio>

#include <cstdint>
#include <cstring>

namespace kg::util {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid
// (the Unicode "maximal subpart" rules of Table 3-7).
std::size_t valid_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  const std::size_t left = s.size() - i;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return (left >= 2 && (byte(i + 1) & 0xC0) == 0x80) ? 2 : 0;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3) return 0;
    const unsigned char b1 = byte(i + 1);
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
    if (b1 < lo || b1 > hi || (byte(i + 2) & 0xC0) != 0x80) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4) return 0;
    const unsigned char b1 = byte(i + 1);
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (b1 < lo || b1 > hi || (byte(i + 2) & 0xC0) != 0x80 || (byte(i + 3) & 0xC0) != 0x80) {
      return 0;
    }
    return 4;
  }
  return 0;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The end of the run of ASCII bytes starting at i, eight at a time (no byte of a word has its
// high bit set and none is zero), then byte by byte. With `stop_at_nul`, a NUL ends the run.
std::size_t ascii_run(std::string_view s, std::size_t i, bool stop_at_nul) noexcept {
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  while (i + 8 <= s.size()) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof w);
    if ((w & kHigh) != 0 || (stop_at_nul && ((w - kOnes) & ~w & kHigh) != 0)) break;
    i += 8;
  }
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || (stop_at_nul && c == 0)) break;
    ++i;
  }
  return i;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    i = ascii_run(s, i, true);
    if (i == s.size()) break;
    if (s[i] == '\0') return i;
    const std::size_t n = valid_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    i = ascii_run(s, i, false);
    if (i == s.size()) break;
    const std::size_t n = valid_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t repair_utf8(std::string& s, std::vector<std::size_t>* at) {
  std::size_t first_bad = 0;
  for (; first_bad < s.size(); ++first_bad) {
    const unsigned char c = static_cast<unsigned char>(s[first_bad]);
    if (c == 0) break;
    if (c >= 0x80) {
      const std::size_t n = valid_sequence_length(s, first_bad);
      if (n == 0) break;
      first_bad += n - 1;
    }
  }
  if (first_bad == s.size()) return 0;

  std::string out;
  out.reserve(s.size() + 16);
  out.append(s, 0, first_bad);
  std::size_t replaced = 0;
  std::size_t i = first_bad;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      if (at != nullptr) at->push_back(out.size());
      out += kReplacement;
      ++replaced;
      ++i;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t n = valid_sequence_length(s, i);
    if (n > 0) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    // One replacement per invalid byte: simple, and a stray byte never swallows the
    // valid text after it.
    ++i;
    if (at != nullptr) at->push_back(out.size());
    out += kReplacement;
    ++replaced;
  }
  s = std::move(out);
  return replaced;
}

std::string valid_utf8(std::string_view s) {
  std::string copy(s);
  repair_utf8(copy);
  return copy;
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                                    : (lead >> 3) == 0x1e ? 4 : 1;
    if (i + n > s.size()) n = 1;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0u) != 0x80u) n = 1;  // not a continuation
    }
    char32_t c = n == 1 ? lead : lead & (0x7fu >> n);
    for (std::size_t k = 1; k < n; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
  }
  return n;
}

std::size_t unicode_control_at(std::string_view s, std::size_t i) noexcept {
  const auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  if (at(i) == 0xC2 && at(i + 1) >= 0x80 && at(i + 1) <= 0x9F) return 2;
  if (at(i) == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9)) return 3;
  return 0;
}

char32_t invisible_format_char(std::string_view s) noexcept {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 != 0xE2 && b0 != 0xEF) continue;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    const char32_t cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{b1} & 0x3F) << 6 | (char32_t{b2} & 0x3F);
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF) {
      return cp;
    }
  }
  return 0;
}

std::size_t boundary_before(std::string_view s, std::size_t i) noexcept {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::string code_point_name(char32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

}  // namespace kg::util
