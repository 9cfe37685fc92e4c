#include "scan/ignore_rules.hpp"

#include "util/text.hpp"

namespace kg::scan {

void IgnoreRules::add_file(std::string_view text) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    add(line);
    pos = nl + 1;
  }
}

void IgnoreRules::add(std::string_view pattern) {
  // Trailing spaces are ignored unless escaped; a leading '#' is a comment.
  while (!pattern.empty() && pattern.back() == ' ' &&
         !(pattern.size() >= 2 && pattern[pattern.size() - 2] == '\\')) {
    pattern.remove_suffix(1);
  }
  if (pattern.empty() || pattern.front() == '#') return;
  Rule rule;
  if (pattern.front() == '!') {
    rule.negate = true;
    pattern.remove_prefix(1);
  } else if (pattern.size() >= 2 && pattern[0] == '\\' && (pattern[1] == '#' || pattern[1] == '!')) {
    pattern.remove_prefix(1);
  }
  if (!pattern.empty() && pattern.back() == '/') {
    rule.dir_only = true;
    pattern.remove_suffix(1);
  }
  if (pattern.empty()) return;
  if (pattern.find('/') != std::string_view::npos) rule.anchored = true;
  if (pattern.front() == '/') pattern.remove_prefix(1);
  rule.glob = std::string(pattern);
  rules_.push_back(std::move(rule));
}

bool IgnoreRules::ignored(std::string_view path, bool is_dir) const {
  bool result = false;
  const std::string_view name = util::file_name(path);
  for (const auto& rule : rules_) {
    if (rule.dir_only && !is_dir) continue;
    const bool hit = rule.anchored ? glob_match(rule.glob, path) : glob_match(rule.glob, name);
    if (hit) result = !rule.negate;
  }
  return result;
}

namespace {

// Matches one bracket class at pattern[pi] == '['; returns the index after ']' or npos.
std::size_t match_class(std::string_view p, std::size_t pi, char c, bool& matched) {
  std::size_t i = pi + 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool hit = false;
  bool first = true;
  for (; i < p.size() && (first || p[i] != ']'); ++i) {
    first = false;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      if (c >= p[i] && c <= p[i + 2]) hit = true;
      i += 2;
    } else if (p[i] == c) {
      hit = true;
    }
  }
  if (i >= p.size()) return std::string_view::npos;
  matched = hit != negate;
  return i + 1;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  // Dynamic programming over (pattern index, text index): linear in |p| * |t|, never
  // exponential whatever the pattern.
  const std::size_t n = p.size();
  const std::size_t m = t.size();
  std::vector<std::vector<char>> memo(n + 1, std::vector<char>(m + 1, -1));
  struct Frame {
    std::size_t pi, ti;
  };
  // Iterative evaluation of match(pi, ti) with an explicit stack.
  std::vector<Frame> stack{{0, 0}};
  const auto get = [&](std::size_t pi, std::size_t ti) { return memo[pi][ti]; };
  while (!stack.empty()) {
    const Frame f = stack.back();
    if (get(f.pi, f.ti) != -1) {
      stack.pop_back();
      continue;
    }
    const std::size_t pi = f.pi;
    const std::size_t ti = f.ti;
    char result = 0;
    bool pending = false;
    const auto need = [&](std::size_t a, std::size_t b) -> int {
      if (memo[a][b] == -1) {
        stack.push_back({a, b});
        pending = true;
        return -1;
      }
      return memo[a][b];
    };
    if (pi == n) {
      result = ti == m;
    } else if (p.substr(pi, 2) == "**") {
      std::size_t next = pi + 2;
      if (next < n && p[next] == '/') {
        // "**/" matches zero or more whole folders.
        int zero = need(next + 1, ti);
        int r = zero;
        for (std::size_t k = ti; r != 1 && k < m; ++k) {
          if (t[k] == '/') {
            const int more = need(next + 1, k + 1);
            if (more == 1) r = 1;
          }
        }
        if (!pending) result = r == 1;
      } else {
        int r = 0;
        for (std::size_t k = ti; k <= m && r != 1; ++k) {
          if (need(next, k) == 1) r = 1;
        }
        if (!pending) result = r == 1;
      }
    } else if (p[pi] == '*') {
      int r = 0;
      for (std::size_t k = ti; k <= m && r != 1; ++k) {
        if (need(pi + 1, k) == 1) r = 1;
        if (k < m && t[k] == '/') break;
      }
      if (!pending) result = r == 1;
    } else if (ti == m) {
      result = 0;
    } else if (p[pi] == '?') {
      if (t[ti] == '/') {
        result = 0;
      } else {
        const int r = need(pi + 1, ti + 1);
        if (!pending) result = r == 1;
      }
    } else if (p[pi] == '[') {
      bool matched = false;
      const std::size_t after = match_class(p, pi, t[ti], matched);
      if (after == std::string_view::npos) {
        result = t[ti] == '[' ? static_cast<char>(need(pi + 1, ti + 1) == 1) : 0;
      } else if (!matched || t[ti] == '/') {
        result = 0;
      } else {
        const int r = need(after, ti + 1);
        if (!pending) result = r == 1;
      }
    } else {
      std::size_t pc = pi;
      if (p[pc] == '\\' && pc + 1 < n) ++pc;
      if (p[pc] != t[ti]) {
        result = 0;
      } else {
        const int r = need(pc + 1, ti + 1);
        if (!pending) result = r == 1;
      }
    }
    if (!pending) {
      memo[pi][ti] = result;
      stack.pop_back();
    }
  }
  return memo[0][0] == 1;
}

}  // namespace kg::scan
