#include "parse/frontmatter.hpp"

#include "parse/link_syntax.hpp"
#include "parse/simple_yaml.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <new>
#include <set>

namespace kg::parse {
namespace {

// One line of `text` starting at `pos`: [pos, end) without the line break; `next` is the
// offset after the break.
struct LineView {
  std::string_view content;
  std::size_t next = 0;
};

LineView line_at(std::string_view text, std::size_t pos) {
  const std::size_t nl = text.find('\n', pos);
  const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
  std::string_view content = text.substr(pos, end - pos);
  if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
  return {content, nl == std::string_view::npos ? text.size() : nl + 1};
}

bool is_fence(std::string_view line, std::string_view fence) {
  if (line.substr(0, 3) != fence) return false;
  return util::trim(line.substr(3)).empty();
}

}  // namespace

FrontMatterSpan find_frontmatter(std::string_view text, const ParseLimits& limits) {
  FrontMatterSpan span;
  const LineView first = line_at(text, 0);
  if (!is_fence(first.content, "---")) return span;
  std::size_t pos = first.next;
  std::uint32_t line_no = 2;
  while (pos < text.size() && line_no <= limits.max_frontmatter_lines + 1) {
    const LineView line = line_at(text, pos);
    if (is_fence(line.content, "---") || is_fence(line.content, "...")) {
      span.present = true;
      span.yaml_begin = first.next;
      span.yaml_end = pos;
      span.body_begin = line.next;
      span.body_line = line_no + 1;
      return span;
    }
    pos = line.next;
    ++line_no;
  }
  span.unterminated = true;
  return span;
}

namespace {

bool equals_icase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && util::starts_with_icase(a, b);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool looks_like_date(std::string_view s) {
  // YYYY-MM, YYYY-MM-DD, and YYYY-MM-DD followed by a time.
  if (s.size() < 7 || !all_digits(s.substr(0, 4)) || s[4] != '-' || !all_digits(s.substr(5, 2))) {
    return false;
  }
  if (s.size() == 7) return true;
  if (s.size() < 10 || s[7] != '-' || !all_digits(s.substr(8, 2))) return false;
  if (s.size() == 10) return true;
  return s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  bool negative = false;
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    base = 16;
    digits.remove_prefix(2);
  } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O')) {
    base = 8;
    digits.remove_prefix(2);
  }
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  // -9223372036854775808 is the one value whose magnitude is beyond INT64_MAX.
  if (negative && value == static_cast<std::uint64_t>(INT64_MAX) + 1) return INT64_MIN;
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  const auto v = static_cast<std::int64_t>(value);
  return negative ? -v : v;
}

// An integer as YAML writes one ([-+]? digits, or 0x/0o digits), whatever its size.
bool integer_literal(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O')) {
    s.remove_prefix(2);
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  }
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<double> parse_float(std::string_view s) {
  // [-+]? ( . digits | digits [ . digits? ] ) ( [eE] [-+]? digits )?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t mantissa = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++mantissa;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++mantissa;
  }
  if (mantissa == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::string copy(s);
  errno = 0;
  const double d = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

// A plain scalar typed by the YAML 1.2 core schema, plus dates. Inf and NaN stay strings
// because JSON has no spelling for them; so does an integer beyond 64 bits, whose digits
// a double would round (99999999999999999999 is not 1e+20), kept exactly as text.
Value plain_scalar(const std::string& text) {
  const std::string_view s = text;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::null();
  if (s == "true" || s == "True" || s == "TRUE") return Value::of_bool(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value::of_bool(false);
  if (auto i = parse_int(s)) return Value::of_int(*i);
  if (looks_like_date(s)) return Value::of_date(text);
  if (integer_literal(s)) return Value::of_string(text);
  if (auto d = parse_float(s)) return Value::of_float(*d);
  return Value::of_string(text);
}

template <typename Node>
Value scalar_value(const Node& node) {
  std::string text = util::valid_utf8(node.Scalar());
  const std::string_view tag = node.Tag();
  if (tag == "?") return plain_scalar(text);
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return Value::of_string(std::move(text));
  if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
      tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
    return plain_scalar(text);
  }
  return Value::of_string(std::move(text));
}

// Where a node starts: 0-based line and column in the YAML text (negative when unknown).
struct Mark {
  int line = -1;
  int column = -1;
};

template <typename Node>
Mark mark_of(const Node& node) {
  const auto m = node.Mark();
  return Mark{m.line, m.column};
}

// Turns YAML nodes into kg values with a depth cap, a visit budget that counts alias
// re-visits (billion laughs), and cycle detection (`a: &x [*x]`). Recursion is bounded by
// the depth cap, so the stack stays small whatever the document. `Node` is yaml-cpp's, or
// kg's own for the simple front matter most notes have (simple_yaml.hpp): both answer the
// questions asked here the same way.
template <typename Node>
class Converter {
 public:
  Converter(std::string_view yaml, std::uint32_t first_line, const std::string& file,
            const ParseLimits& limits, ParsedNote& note)
      : yaml_(yaml), first_line_(first_line), file_(file), limits_(limits), note_(note),
        yaml_lines_(util::line_starts(yaml)) {}

  void run(const Node& root);

 private:
  Value convert(const Node& node, int depth);
  void collect_links(const Node& node, const std::string& relation, int depth);
  void add_links_from_text(const std::string& text, Mark mark, const std::string& relation,
                           const Properties& properties);
  std::string key_text(const Node& key, int depth);
  std::uint32_t line_of(Mark mark) const {
    return mark.line < 0 ? first_line_ - 1 : first_line_ + static_cast<std::uint32_t>(mark.line);
  }
  std::uint32_t col_of(Mark mark) const {
    return mark.column < 0 ? 1 : static_cast<std::uint32_t>(mark.column) + 1;
  }
  void diag(Severity severity, std::string code, Mark mark, std::string message) {
    note_.diagnostics.push_back(Diagnostic{severity, std::move(code), file_, line_of(mark),
                                           col_of(mark), std::move(message)});
  }
  bool on_path(const Node& node) const {
    for (const auto& ancestor : path_) {
      if (ancestor.is(node)) return true;
    }
    return false;
  }
  void check_unquoted_link(const Node& seq);
  void report_budget(const Node& at) {
    if (budget_reported_) return;
    budget_reported_ = true;
    diag(Severity::Warning, "frontmatter-alias-budget", mark_of(at),
         "front matter expands to more than " + std::to_string(limits_.max_yaml_nodes) +
             " values (aliases count each time they are used); the rest is dropped");
  }

  std::string_view yaml_;
  std::uint32_t first_line_;
  const std::string& file_;
  const ParseLimits& limits_;
  ParsedNote& note_;
  std::vector<std::uint32_t> yaml_lines_;
  std::vector<Node> path_;
  std::uint32_t visits_ = 0;
  bool budget_reported_ = false;
  bool depth_reported_ = false;
  bool cycle_reported_ = false;
};

template <typename Node>
Value Converter<Node>::convert(const Node& node, int depth) {
  if (++visits_ > limits_.max_yaml_nodes) {
    report_budget(node);
    return Value::null();
  }
  if (depth > limits_.max_yaml_depth) {
    if (!depth_reported_) {
      depth_reported_ = true;
      diag(Severity::Warning, "frontmatter-too-deep", mark_of(node),
           "front matter nests deeper than " + std::to_string(limits_.max_yaml_depth) +
               " levels; deeper values are dropped");
    }
    return Value::null();
  }
  if (node.IsScalar()) return scalar_value(node);
  if (node.IsSequence() || node.IsMap()) {
    {
      if (on_path(node)) {
        if (!cycle_reported_) {
          cycle_reported_ = true;
          diag(Severity::Warning, "frontmatter-recursive-alias", mark_of(node),
               "front matter contains an alias that refers to itself; it is dropped");
        }
        return Value::null();
      }
      path_.push_back(node);
      Value out;
      if (node.IsSequence()) {
        out.kind = Value::Kind::List;
        for (const auto& item : node) out.items.push_back(convert(item, depth + 1));
      } else {
        out.kind = Value::Kind::Map;
        std::set<std::string> seen;
        for (const auto& entry : node) {
          std::string key = key_text(entry.first, depth + 1);
          if (!seen.insert(key).second) {
            diag(Severity::Warning, "duplicate-key", mark_of(entry.first),
                 "duplicate key '" + key + "'; the first value is kept");
            continue;
          }
          out.entries.emplace_back(std::move(key), convert(entry.second, depth + 1));
        }
      }
      path_.pop_back();
      return out;
    }
  }
  return Value::null();  // null or undefined
}

// A key that is a list or map becomes its JSON text, cut at kMaxKeyText bytes: a key nested
// in a key is escaped again at each level, so uncut, 28 levels of `? ` (60 bytes) made 800 MB
// of backslashes. The nesting counts toward the depth limit like any other.
template <typename Node>
std::string Converter<Node>::key_text(const Node& key, int depth) {
  constexpr std::size_t kMaxKeyText = 1024;
  if (key.IsScalar()) return util::valid_utf8(key.Scalar());
  if (key.IsNull()) return "";
  diag(Severity::Info, "non-scalar-key", mark_of(key), "a key that is a list or map is kept as text");
  std::string text = to_json(convert(key, depth));
  if (text.size() > kMaxKeyText) {
    std::size_t cut = kMaxKeyText;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;  // a whole code point
    text.resize(cut);
    text += "\xE2\x80\xA6";
  }
  return text;
}

template <typename Node>
void Converter<Node>::check_unquoted_link(const Node& seq) {
  // `related: [[A]]` is YAML for a list holding a list holding "A": no link. Obsidian asks
  // for quotes ("[[A]]"); say so instead of silently dropping the link.
  if (seq.size() == 1 && seq[0].IsSequence() && seq[0].size() == 1 && seq[0][0].IsScalar() &&
      seq[0][0].Tag() != "!") {
    const Value v = scalar_value(seq[0][0]);
    if (v.kind == Value::Kind::String) {
      diag(Severity::Warning, "yaml-unquoted-wikilink", mark_of(seq),
           "[[" + v.text + "]] is not quoted, so YAML reads it as a nested list, not a link; "
           "write \"[[" + v.text + "]]\"");
    }
  }
}

template <typename Node>
void Converter<Node>::add_links_from_text(const std::string& text, Mark mark,
                                          const std::string& relation,
                                          const Properties& properties) {
  // Position: the link's raw text searched from the scalar's mark in the YAML source.
  std::size_t base = 0;
  if (mark.line >= 0 && static_cast<std::size_t>(mark.line) < yaml_lines_.size()) {
    base = yaml_lines_[static_cast<std::size_t>(mark.line)] +
           static_cast<std::size_t>(std::max(0, mark.column));
  }
  for (auto& match : find_wikilinks(text, limits_.max_link_bytes)) {
    if (util::is_url(match.parts.target)) {
      note_.external_links.push_back(match.parts.target);
      continue;
    }
    Link link;
    link.kind = LinkKind::Wiki;
    link.embed = match.embed;
    link.raw = text.substr(match.begin, match.end - match.begin);
    link.target = std::move(match.parts.target);
    link.subpath = std::move(match.parts.subpath);
    link.has_subpath = match.parts.has_subpath;
    link.display = std::move(match.parts.display);
    take_embed_size(link);
    link.origin = Origin::Frontmatter;
    link.relation = relation;
    link.properties = properties;
    const std::size_t at = base <= yaml_.size() ? yaml_.find(link.raw, base) : std::string::npos;
    if (at != std::string_view::npos) {
      const auto it = std::upper_bound(yaml_lines_.begin(), yaml_lines_.end(),
                                       static_cast<std::uint32_t>(at));
      const std::size_t row = static_cast<std::size_t>(it - yaml_lines_.begin()) - 1;
      link.line = first_line_ + static_cast<std::uint32_t>(row);
      link.col = static_cast<std::uint32_t>(at - yaml_lines_[row]) + 1;
      base = at + link.raw.size();
    } else {
      link.line = line_of(mark);
      link.col = col_of(mark);
    }
    if (note_.links.size() < limits_.max_links) note_.links.push_back(std::move(link));
  }
}

template <typename Node>
void Converter<Node>::collect_links(const Node& node, const std::string& relation, int depth) {
  if (++visits_ > limits_.max_yaml_nodes || depth > limits_.max_yaml_depth) return;
  if (node.IsScalar()) {
    const std::string_view text = node.Scalar();
    if (text.find("[[") != std::string_view::npos) {
      add_links_from_text(util::valid_utf8(text), mark_of(node), relation, {});
    }
    return;
  }
  if (!node.IsSequence() && !node.IsMap()) return;
  if (on_path(node)) return;
  path_.push_back(node);
  if (node.IsSequence()) {
    check_unquoted_link(node);
    for (const auto& item : node) collect_links(item, relation, depth + 1);
  } else {
    for (const auto& entry : node) {
      // A map per target: `subject_to: {"[[X]]": {status: approved, since: 2025-12}}`.
      if (entry.first.IsScalar() && entry.first.Scalar().find("[[") != std::string::npos) {
        Properties properties;
        if (entry.second.IsMap()) {
          Value v = convert(entry.second, depth + 1);
          properties = std::move(v.entries);
        }
        add_links_from_text(util::valid_utf8(entry.first.Scalar()), mark_of(entry.first), relation,
                            properties);
        continue;
      }
      collect_links(entry.second, relation, depth + 1);
    }
  }
  path_.pop_back();
}

// Aliases: a list or one scalar; `[[X]]` values (quoted, or unquoted and thus nested lists)
// give X.
// Returns how many values were not aliases (maps, and text longer than `max_bytes`).
std::size_t add_alias_values(const Value& value, std::vector<std::string>& out, std::size_t max_bytes) {
  if (value.kind == Value::Kind::List) {
    std::size_t ignored = 0;
    for (const auto& item : value.items) ignored += add_alias_values(item, out, max_bytes);
    return ignored;
  }
  if (value.kind == Value::Kind::Null) return 0;
  if (value.kind == Value::Kind::Map) return 1;
  std::string text = value.kind == Value::Kind::String || value.kind == Value::Kind::Date
                         ? value.text
                         : to_json(value);
  std::string_view alias = util::trim(text);
  if (alias.size() >= 4 && alias.substr(0, 2) == "[[" && alias.substr(alias.size() - 2) == "]]") {
    alias = util::trim(alias.substr(2, alias.size() - 4));
  }
  if (alias.size() > max_bytes) return 1;
  if (!alias.empty()) out.emplace_back(alias);
  return 0;
}

// Front-matter tags as Obsidian reads them: each list item is one tag (`- fm 3` is the tag
// `fm 3`), a string splits on commas and whitespace (`tags: a, b c`), a leading '#' is
// dropped, and numbers, booleans, maps and nulls are not tags.
// Returns how many values were not tags.
std::size_t add_tag_values(const Value& value, std::vector<std::string>& out, bool list_item = false) {
  if (value.kind == Value::Kind::List) {
    if (list_item) return 1;  // a list inside a list is not a tag
    std::size_t ignored = 0;
    for (const auto& item : value.items) ignored += add_tag_values(item, out, true);
    return ignored;
  }
  if (value.kind == Value::Kind::Null) return 0;
  if (value.kind != Value::Kind::String && value.kind != Value::Kind::Date) return 1;
  const std::string& text = value.text;
  if (list_item) {
    std::string_view tag = util::trim_space(text);
    if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
    if (!tag.empty()) out.emplace_back(tag);
    return 0;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool sep = i == text.size() || text[i] == ',' || text[i] == ' ' || text[i] == '\t' ||
                     text[i] == '\n';
    if (!sep) continue;
    std::string_view tag = std::string_view(text).substr(start, i - start);
    if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
    if (!tag.empty()) out.emplace_back(tag);
    start = i + 1;
  }
  return 0;
}

template <typename Node>
void Converter<Node>::run(const Node& root) {
  if (root.IsNull() || !root.IsDefined()) return;
  if (!root.IsMap()) {
    diag(Severity::Warning, "frontmatter-not-map", mark_of(root),
         "front matter is not a map of properties; it is ignored");
    return;
  }
  std::set<std::string> seen;
  for (const auto& entry : root) {
    // Keys count against the budget too: past it, no more properties (not keys with nulls).
    if (visits_ >= limits_.max_yaml_nodes) {
      report_budget(entry.first);
      break;
    }
    std::string key = key_text(entry.first, 1);
    if (!seen.insert(key).second) {
      diag(Severity::Warning, "duplicate-key", mark_of(entry.first),
           "duplicate key '" + key + "'; the first value is kept");
      continue;
    }
    const Node& node = entry.second;
    if (equals_icase(key, "aliases") || equals_icase(key, "alias")) {
      if (equals_icase(key, "alias")) {
        diag(Severity::Warning, "legacy-alias-key", mark_of(entry.first),
             "'alias' is deprecated; write 'aliases' as a list");
      }
      if (node.IsSequence()) check_unquoted_link(node);
      note_.aliases_line = line_of(mark_of(entry.first));
      if (const std::size_t ignored = add_alias_values(convert(node, 1), note_.aliases, 1024)) {
        diag(Severity::Warning, "invalid-alias", mark_of(entry.first),
             std::to_string(ignored) + (ignored == 1 ? " value" : " values") + " under '" + key +
                 "' cannot be an alias (a map, or text over 1024 bytes); ignored");
      }
      continue;
    }
    if (equals_icase(key, "tags") || equals_icase(key, "tag")) {
      if (equals_icase(key, "tag")) {
        diag(Severity::Warning, "legacy-tag-key", mark_of(entry.first),
             "'tag' is deprecated; write 'tags' as a list");
      }
      if (const std::size_t ignored = add_tag_values(convert(node, 1), note_.tags)) {
        diag(Severity::Warning, "invalid-tag", mark_of(entry.first),
             std::to_string(ignored) + (ignored == 1 ? " value" : " values") + " under '" + key +
                 "' cannot be a tag (a map, a list in a list, a number or a boolean); ignored");
      }
      continue;
    }
    if (equals_icase(key, "type") && node.IsScalar()) {
      note_.type = util::valid_utf8(util::trim(node.Scalar()));
      note_.type_line = line_of(mark_of(entry.first));
      continue;
    }
    Value value = convert(node, 1);
    collect_links(node, util::normalise_relation(key), 1);
    note_.properties.emplace_back(std::move(key), std::move(value));
  }
}

// Template placeholders (`description: {{description}}`) are YAML flow maps with a map key;
// Obsidian users mean the literal text. Quote such values before parsing (research
// wikilinks-spec #55). Only whole values are rewritten, so line numbers stay right.
std::string quote_placeholders(std::string_view yaml) {
  std::string out;
  out.reserve(yaml.size() + 16);
  std::size_t pos = 0;
  while (pos < yaml.size()) {
    const std::size_t nl = yaml.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? yaml.size() : nl + 1;
    std::string_view line = yaml.substr(pos, end - pos);
    std::string_view body = line;
    std::string_view eol;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) {
      body.remove_suffix(1);
    }
    eol = line.substr(body.size());
    std::size_t value_at = std::string_view::npos;
    const std::size_t colon = body.find(": ");
    const std::string_view lead = util::trim(body);
    if (lead.substr(0, 2) == "- ") {
      value_at = body.find("- ") + 2;
    } else if (colon != std::string_view::npos) {
      value_at = colon + 2;
    }
    bool rewritten = false;
    if (value_at != std::string_view::npos && value_at <= body.size()) {
      const std::string_view value = util::trim(body.substr(value_at));
      if (value.size() >= 4 && value.substr(0, 2) == "{{" &&
          value.substr(value.size() - 2) == "}}" &&
          value.find('\n') == std::string_view::npos) {
        out.append(body.substr(0, value_at));
        out += '\'';
        for (const char c : value) {
          out += c;
          if (c == '\'') out += '\'';
        }
        out += '\'';
        out.append(eol);
        rewritten = true;
      }
    }
    if (!rewritten) out.append(line);
    pos = end;
  }
  return out;
}

}  // namespace

Value typed_value(std::string_view text) {
  text = util::trim_space(text);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    return Value::of_string(util::valid_utf8(text.substr(1, text.size() - 2)));
  }
  return plain_scalar(util::valid_utf8(text));
}

void read_frontmatter(std::string_view yaml, std::uint32_t first_line, const std::string& file,
                      const ParseLimits& limits, ParsedNote& note) {
  const auto fence_diag = [&](std::string code, std::string message) {
    note.diagnostics.push_back(Diagnostic{Severity::Error, std::move(code), file,
                                          first_line - 1, 1, std::move(message)});
  };
  if (yaml.size() > limits.max_frontmatter_bytes) {
    fence_diag("frontmatter-too-large",
               "front matter is " + std::to_string(yaml.size()) + " bytes, over the limit of " +
                   std::to_string(limits.max_frontmatter_bytes) + "; its properties are ignored");
    return;
  }
  if (util::trim_space(yaml).empty()) return;
  std::string rewritten;
  if (yaml.find("{{") != std::string_view::npos) rewritten = quote_placeholders(yaml);
  const std::string_view text = rewritten.empty() ? yaml : std::string_view(rewritten);
  try {
    if (!limits.yaml_cpp_only) {
      if (const std::optional<SimpleYaml> simple = SimpleYaml::read(text)) {
        Converter<SimpleYaml::Node> converter(text, first_line, file, limits, note);
        converter.run(simple->root());
        return;
      }
    }
    const YAML::Node root = YAML::Load(std::string(text));
    Converter<YAML::Node> converter(text, first_line, file, limits, note);
    converter.run(root);
  } catch (const YAML::DeepRecursion&) {
    // yaml-cpp's mark is 0:0 here; point at the opening fence instead.
    fence_diag("frontmatter-too-deep",
               "front matter nests deeper than the YAML parser allows; its properties are "
               "ignored");
  } catch (const YAML::Exception& e) {
    const std::uint32_t line =
        e.mark.is_null() ? first_line - 1 : first_line + static_cast<std::uint32_t>(e.mark.line);
    const std::uint32_t col = e.mark.is_null() ? 1 : static_cast<std::uint32_t>(e.mark.column) + 1;
    note.diagnostics.push_back(Diagnostic{Severity::Error, "frontmatter-parse", file, line, col,
                                          "invalid YAML: " + util::valid_utf8(e.msg) +
                                              "; the note's properties are ignored"});
    note.properties.clear();
    note.aliases.clear();
    note.tags.clear();
    note.type.clear();
    std::erase_if(note.links, [](const Link& l) { return l.origin == Origin::Frontmatter; });
  } catch (const std::bad_alloc&) {
    fence_diag("frontmatter-too-large", "front matter needs too much memory; ignored");
  } catch (...) {
    fence_diag("frontmatter-parse", "front matter could not be read; ignored");
  }
}

}  // namespace kg::parse
