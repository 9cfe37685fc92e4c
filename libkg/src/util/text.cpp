#include "util/text.hpp"

#include "util/utf8.hpp"

#include <algorithm>

namespace kg::util {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim_space(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != lower(prefix[i])) return false;
  }
  return true;
}

bool ends_with_icase(std::string_view s, std::string_view suffix) noexcept {
  if (s.size() < suffix.size()) return false;
  return starts_with_icase(s.substr(s.size() - suffix.size()), suffix);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string normalise_relation(std::string_view phrase) {
  std::string out;
  out.reserve(phrase.size());
  bool pending_sep = false;
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(phrase[i]);
    if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '/') {
      pending_sep = !out.empty();
      continue;
    }
    // Drop emphasis markers and sentence punctuation; keep letters, digits and non-ASCII.
    if (c == '*' || c == '`' || c == '"' || c == '\'' || c == ',' || c == '.' || c == ';' ||
        c == ':' || c == '!' || c == '?' || c == '(' || c == ')' || c == '[' || c == ']') {
      continue;
    }
    if (pending_sep) {
      out += '_';
      pending_sep = false;
    }
    out += lower(static_cast<char>(c));
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  repair_utf8(out);
  return out;
}

bool has_uri_scheme(std::string_view s) noexcept {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" ; two letters at least, so that
  // a Windows drive letter (C:) is not a scheme.
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (alpha || (i > 0 && other)) {
      ++i;
      continue;
    }
    break;
  }
  return i >= 2 && i < s.size() && s[i] == ':';
}

bool is_url(std::string_view s) noexcept {
  if (!has_uri_scheme(s)) return false;
  const std::size_t colon = s.find(':');
  return s.substr(colon + 1, 2) == "//";
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string_view parent_path(std::string_view path) noexcept {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::string_view file_name(std::string_view path) noexcept {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool has_extension(std::string_view path) noexcept {
  const std::string_view name = file_name(path);
  const std::size_t dot = name.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < name.size();
}

bool join_lexically(std::string_view base, std::string_view rel, std::string& out) {
  std::vector<std::string_view> parts;
  if (!base.empty()) {
    for (const auto part : split_path(base)) {
      if (!part.empty()) parts.push_back(part);
    }
  }
  bool inside = true;
  for (const auto part : split_path(rel)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        inside = false;
      } else {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  out.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return inside;
}

std::vector<std::uint32_t> line_starts(std::string_view text) {
  std::vector<std::uint32_t> starts;
  starts.reserve(text.size() / 32 + 1);
  starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(static_cast<std::uint32_t>(i + 1));
  }
  return starts;
}

Distances edit_distances(const std::u32string& a, const std::u32string& b, std::size_t limit) {
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> prev(b.size() + 1);
  std::vector<std::size_t> cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return {limit + 1, limit + 1};
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  // prev is now the last row: a against every prefix of b.
  const std::size_t prefix = *std::min_element(prev.begin(), prev.end());
  return {std::min(prev[b.size()], limit + 1), std::min(prefix, limit + 1)};
}

}  // namespace kg::util
