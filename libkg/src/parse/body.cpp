#include "parse/body.hpp"

#include "parse/frontmatter.hpp"
#include "parse/link_syntax.hpp"
#include "parse/markdown_guard.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

namespace kg::parse {
namespace {

constexpr std::string_view kEmDash = "\xE2\x80\x94";
constexpr std::string_view kEnDash = "\xE2\x80\x93";

bool is_ascii_punct(char c) noexcept {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}
bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_tag_codepoint(UChar32 c) noexcept {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '/';
  }
  if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c)) return true;
  if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) return true;  // combining marks
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return true;
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_COMPONENT)) return true;
  return c == 0x200D || c == 0xFE0F;
}

// cmark-gfm's extension registry is process-wide; register it once, thread-safely.
cmark_syntax_extension* table_extension() {
  static std::once_flag once;
  static cmark_syntax_extension* table = nullptr;
  std::call_once(once, [] {
    cmark_gfm_core_extensions_ensure_registered();
    table = cmark_find_syntax_extension("table");
  });
  return table;
}

struct IterDeleter {
  void operator()(cmark_iter* it) const noexcept { cmark_iter_free(it); }
};

// A link found in a block, before its position becomes line:col.
struct Found {
  Link link;
  std::size_t at = 0;   // body offset of the first byte
  std::size_t end = 0;  // body offset one past the last byte
};

struct FieldSpan {
  std::size_t begin = 0;  // value start
  std::size_t end = 0;    // value end
  std::string key;
  bool has_link = false;  // a link inside makes the field a relation, not a property
};

constexpr std::size_t kNone = std::string_view::npos;

// A link's display text is kept up to this many bytes; its target has a cap of its own.
constexpr std::size_t kMaxDisplayBytes = 1024;

// Where the closers of one block are, found in one pass the first time a markdown link or a
// bracketed inline field needs them. Every opener then finds its closer in O(log n), so a
// block of ten thousand unclosed `[a](<b` or `(k:: v` stays linear instead of searching the
// rest of the block once per opener.
class BlockIndex {
 public:
  void build(std::string_view body, std::size_t begin, std::size_t end) {
    *this = BlockIndex{};
    ready_ = true;
    for (std::size_t i = begin; i < end; ++i) {
      const char c = body[i];
      if (c == '\\' && i + 1 < end && is_ascii_punct(body[i + 1])) {
        ++i;  // an escaped character opens and closes nothing
        if (body[i] == '>' || body[i] == '"' || body[i] == '\'' || body[i] == ')') {
          at(body[i]).push_back(static_cast<std::uint32_t>(i));
        }
        continue;
      }
      if (is_ws(c) || static_cast<unsigned char>(c) < 0x20) {
        spaces_.push_back(static_cast<std::uint32_t>(i));
      }
      if (c == '>' || c == '"' || c == '\'' || c == ')' || c == '\n') {
        at(c).push_back(static_cast<std::uint32_t>(i));
      }
      if (c == '(' || c == ')') parens_.add(i, c == '(');
      if (c == '[' || c == ']') squares_.add(i, c == '[');
    }
  }
  bool ready() const noexcept { return ready_; }
  // First `c` (one of > " ' ) and newline) at or after `from`, or kNone.
  std::size_t next(char c, std::size_t from) const { return first_at(at_const(c), from); }
  // First whitespace or control character at or after `from`, or kNone.
  std::size_t next_space(std::size_t from) const { return first_at(spaces_, from); }
  // The first unescaped ')' that closes more than it opens, scanning from `from`, or kNone.
  std::size_t paren_close(std::size_t from) const { return parens_.first_close(from); }
  // Likewise for ']': the `]` matching a `[` at from - 1, when there is one.
  std::size_t square_close(std::size_t from) const { return squares_.first_close(from); }

 private:
  // Running depth of one pair of brackets: the first close that takes the depth below the
  // depth at `from` is the close that matches `from`.
  struct Balance {
    std::vector<std::uint32_t> pos;
    std::vector<std::int32_t> depth_after;
    std::unordered_map<std::int32_t, std::vector<std::uint32_t>> closes_at;  // by depth after
    void add(std::size_t i, bool open) {
      const std::int32_t d = (depth_after.empty() ? 0 : depth_after.back()) + (open ? 1 : -1);
      pos.push_back(static_cast<std::uint32_t>(i));
      depth_after.push_back(d);
      if (!open) closes_at[d].push_back(static_cast<std::uint32_t>(i));
    }
    std::size_t first_close(std::size_t from) const {
      const auto it = std::lower_bound(pos.begin(), pos.end(), from);
      const std::int32_t d = it == pos.begin() ? 0 : depth_after[static_cast<std::size_t>(it - pos.begin()) - 1];
      const auto found = closes_at.find(d - 1);
      return found == closes_at.end() ? kNone : first_at(found->second, from);
    }
  };
  static std::size_t first_at(const std::vector<std::uint32_t>& v, std::size_t from) {
    const auto it = std::lower_bound(v.begin(), v.end(), from);
    return it == v.end() ? kNone : *it;
  }
  std::vector<std::uint32_t>& at(char c) { return chars_[slot(c)]; }
  const std::vector<std::uint32_t>& at_const(char c) const { return chars_[slot(c)]; }
  static std::size_t slot(char c) noexcept {
    switch (c) {
      case '>': return 0;
      case '"': return 1;
      case '\'': return 2;
      case ')': return 3;
      default: return 4;  // '\n'
    }
  }

  bool ready_ = false;
  std::array<std::vector<std::uint32_t>, 5> chars_;
  std::vector<std::uint32_t> spaces_;
  Balance parens_;
  Balance squares_;
};

enum class BlockKind { Paragraph, Heading, TableRow };

class BodyReader {
 public:
  // `math_not_at`: the offset of a `$$` that never closes, found by an earlier reading; it
  // is text this time. `fallback`: read without cmark-gfm (an earlier reading blew its
  // budget).
  BodyReader(std::string_view body, std::uint32_t first_line, const std::string& file,
             const ParseLimits& limits, ParsedNote& note, std::size_t math_not_at = kNone,
             bool fallback = false)
      : body_(body), first_line_(first_line), file_(file), limits_(limits), note_(note),
        lines_(util::line_starts(body)), math_not_at_(math_not_at), fallback_(fallback) {
    for (const auto& tag : note_.tags) seen_tags_.insert(util::fold(tag));
  }

  void run();
  /// The offset of a `$$` that opened display math and never closed, or kNone.
  std::size_t unclosed_math() const noexcept { return in_math_ ? math_open_at_ : kNone; }
  bool used_fallback() const noexcept { return fallback_; }
  /// Inline fields with plain values (`founded:: 1999`), typed, in document order.
  const Properties& field_properties() const noexcept { return field_properties_; }

 private:
  // Offsets of a 1-based body line.
  std::size_t line_begin(int line) const {
    if (line < 1) return 0;
    const auto idx = static_cast<std::size_t>(line - 1);
    return idx < lines_.size() ? lines_[idx] : body_.size();
  }
  std::size_t line_end(int line) const {
    const auto idx = static_cast<std::size_t>(line);
    std::size_t end = idx < lines_.size() ? lines_[idx] : body_.size();
    while (end > line_begin(line) && (body_[end - 1] == '\n' || body_[end - 1] == '\r')) --end;
    return end;
  }
  void position(std::size_t offset, std::uint32_t& line, std::uint32_t& col) const {
    const auto it = std::upper_bound(lines_.begin(), lines_.end(),
                                     static_cast<std::uint32_t>(offset));
    const std::size_t row = static_cast<std::size_t>(it - lines_.begin()) - 1;
    line = first_line_ + static_cast<std::uint32_t>(row);
    col = static_cast<std::uint32_t>(offset - lines_[row]) + 1;
  }
  void diag(Severity severity, std::string code, std::size_t offset, std::string message) {
    std::uint32_t line = 0;
    std::uint32_t col = 0;
    position(offset, line, col);
    note_.diagnostics.push_back(
        Diagnostic{severity, std::move(code), file_, line, col, std::move(message)});
  }

  void scan_block(std::size_t begin, std::size_t end, BlockKind kind, Origin origin,
                  std::size_t item_text_at);
  // cmark-gfm 0.29 can report a setext heading as ending on a later block's line; the
  // heading really ends at its underline (an ATX heading is one line).
  int heading_last_line(int start, int stop) const {
    std::size_t p = line_begin(start);
    while (p < body_.size() && is_blank(body_[p])) ++p;
    if (p < body_.size() && body_[p] == '#') return start;
    for (int line = start + 1; line <= stop; ++line) {
      const std::string_view text =
          util::trim(body_.substr(line_begin(line), line_end(line) - line_begin(line)));
      if (!text.empty() && text.find_first_not_of(text.front() == '=' ? "= \t" : "- \t") ==
                               std::string_view::npos &&
          (text.front() == '=' || text.front() == '-')) {
        return line;
      }
    }
    return stop;
  }
  void scan_table(cmark_node* table);
  void add_heading(cmark_node* heading);
  void add_heading_text(int level, std::string_view text, int body_line, std::string_view raw);
  // Reads the note without cmark: fenced code, ATX headings, list items, pipe tables and
  // paragraphs. Used only when cmark-gfm's budget runs out (parse/markdown_guard.hpp).
  void run_fallback();
  void find_line_fields(std::size_t begin, std::size_t end);
  bool try_bracket_field(std::size_t i, std::size_t end, std::size_t& value_begin);
  bool try_markdown_link(std::size_t i, std::size_t end, bool embed, std::size_t& next);
  // Closers for markdown links and bracketed fields, up to `end` (kNone when there is none):
  // a direct scan while the block's budget of such scans lasts, then the block's index. The
  // budget keeps the common case cheap and the worst case linear.
  std::size_t close_of(char open, std::size_t from, std::size_t end);
  std::size_t next_char(char c, std::size_t from, std::size_t end);
  std::size_t next_space(std::size_t from, std::size_t end);
  // Charges a direct scan of [from, to) to the block's budget (the scans never read past it).
  void spend(std::size_t from, std::size_t to) { direct_budget_ -= to - from; }
  void use_index() {
    if (!index_.ready()) index_.build(body_, block_begin_, block_end_);
  }
  void try_wikilink(std::size_t i, std::size_t end, std::size_t& next);
  void add_tag(std::string_view tag);
  void add_field_property(std::string_view key, std::string_view value);
  void add_external(std::string url);
  void emit(Found&& found);
  void assign_list_relations(std::size_t text_at, std::size_t line_end_offset,
                             std::size_t first_found);
  void find_block_id(std::size_t begin, std::size_t end);
  std::size_t find_in_block(std::string_view needle, std::size_t from, std::size_t end) const {
    const std::size_t at = body_.substr(0, end).find(needle, from);
    return at == std::string_view::npos ? end : at;
  }

  std::string_view body_;
  std::uint32_t first_line_;
  const std::string& file_;
  const ParseLimits& limits_;
  ParsedNote& note_;
  std::vector<std::uint32_t> lines_;
  std::set<std::string> seen_tags_;

  // State that crosses blocks: Obsidian comments (%%) and display math ($$).
  bool in_comment_ = false;
  bool in_math_ = false;
  std::size_t math_open_at_ = kNone;
  std::size_t math_not_at_ = kNone;
  bool fallback_ = false;
  Properties field_properties_;
  int section_ = -1;
  std::vector<int> heading_stack_;

  // Per block.
  std::size_t block_begin_ = 0;
  std::size_t block_end_ = 0;
  std::size_t direct_budget_ = 0;  // bytes direct closer scans may still read in this block
  BlockIndex index_;
  std::size_t url_end_ = 0;  // end of the last bare URL: URLs inside it are not new links
  std::vector<Found> found_;
  std::vector<FieldSpan> fields_;      // the line fields first (in order), then bracketed ones
  std::size_t line_fields_ = 0;         // how many of fields_ are line fields
  std::vector<std::size_t> open_brackets_;  // bracketed fields around the scan position
  Origin origin_ = Origin::Body;
  std::vector<std::string> table_columns_;
  bool links_capped_ = false;
  std::size_t scanned_until_ = 0;
};

// The text of an ATX heading line (`## Title ##`): without the opening hashes, the closing
// sequence and the spaces around them.
std::string_view atx_heading_text(std::string_view line) {
  line = util::trim_space(line);
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  line = util::trim_space(line.substr(hashes));
  std::size_t close = line.size();
  while (close > 0 && line[close - 1] == '#') --close;
  if (close == 0) return {};
  if (close < line.size() && is_blank(line[close - 1])) line = util::trim_space(line.substr(0, close));
  return line;
}

std::string_view tag_in(std::string_view text, std::size_t pos) {
  std::size_t i = pos + 1;
  bool non_digit = false;
  while (i < text.size()) {
    UChar32 c = 0;
    std::size_t next = i;
    U8_NEXT(text.data(), next, text.size(), c);
    if (c < 0 || !is_tag_codepoint(c)) break;
    if (!(c >= '0' && c <= '9')) non_digit = true;
    i = next;
  }
  std::string_view tag = text.substr(pos + 1, i - pos - 1);
  while (!tag.empty() && tag.back() == '/') tag.remove_suffix(1);
  if (tag.empty() || !non_digit || tag.front() == '/') return {};
  // A tag made only of '-', '_' and '/' is punctuation, not a tag.
  bool has_word = false;
  for (const char c : tag) {
    if (c != '-' && c != '_' && c != '/') has_word = true;
  }
  return has_word ? tag : std::string_view{};
}

}  // namespace

std::string_view tag_at(std::string_view text, std::size_t pos) { return tag_in(text, pos); }

namespace {

void BodyReader::add_tag(std::string_view tag) {
  if (seen_tags_.insert(util::fold(tag)).second) note_.tags.emplace_back(tag);
}

void BodyReader::add_field_property(std::string_view key, std::string_view value) {
  // The keys that describe the note itself come from front matter only.
  const std::string folded = util::fold(key);
  if (folded == "type" || folded == "tags" || folded == "tag" || folded == "aliases" ||
      folded == "alias") {
    return;
  }
  Value typed = typed_value(value);
  if (typed.is_null()) return;
  field_properties_.emplace_back(std::string(key), std::move(typed));
}

void BodyReader::add_external(std::string url) {
  note_.external_links.push_back(util::valid_utf8(url));
}

void BodyReader::emit(Found&& found) {
  if (note_.links.size() + found_.size() >= limits_.max_links) {
    if (!links_capped_) {
      links_capped_ = true;
      diag(Severity::Warning, "too-many-links", found.at,
           "more than " + std::to_string(limits_.max_links) + " links; the rest are ignored");
    }
    return;
  }
  found.link.section = section_;
  found.link.origin = origin_;
  // The innermost inline field around the link: an open bracketed field, else the line
  // field whose value holds it. Links come in order, so closed brackets leave the stack for
  // good and each lookup is O(log n).
  FieldSpan* field = nullptr;
  while (!open_brackets_.empty() && fields_[open_brackets_.back()].end <= found.at) {
    open_brackets_.pop_back();
  }
  if (!open_brackets_.empty() && fields_[open_brackets_.back()].begin <= found.at) {
    field = &fields_[open_brackets_.back()];
  } else {
    const auto first = fields_.begin();
    const auto last = first + static_cast<std::ptrdiff_t>(line_fields_);
    auto it = std::upper_bound(first, last, found.at,
                               [](std::size_t at, const FieldSpan& f) { return at < f.begin; });
    if (it != first && found.at < std::prev(it)->end) field = &*std::prev(it);
  }
  if (field != nullptr) {
    field->has_link = true;
    found.link.origin = Origin::InlineField;
    found.link.relation = util::normalise_relation(field->key);
  }
  found_.push_back(std::move(found));
}

// `key:: value` on its own line (possibly a list item or quote line).
void BodyReader::find_line_fields(std::size_t begin, std::size_t end) {
  std::size_t pos = begin;
  while (pos < end) {
    std::size_t eol = body_.find('\n', pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    std::size_t i = pos;
    while (i < eol && (is_blank(body_[i]) || body_[i] == '>')) ++i;
    // Optional list marker and task box.
    if (i + 1 < eol && (body_[i] == '-' || body_[i] == '*' || body_[i] == '+') &&
        is_blank(body_[i + 1])) {
      i += 2;
    } else {
      std::size_t d = i;
      while (d < eol && d - i < 9 && body_[d] >= '0' && body_[d] <= '9') ++d;
      if (d > i && d + 1 < eol && (body_[d] == '.' || body_[d] == ')') && is_blank(body_[d + 1])) {
        i = d + 2;
      }
    }
    while (i < eol && is_blank(body_[i])) ++i;
    if (i + 3 < eol && body_[i] == '[' && (body_[i + 1] == ' ' || body_[i + 1] == 'x' ||
                                           body_[i + 1] == 'X') && body_[i + 2] == ']') {
      i += 3;
      while (i < eol && is_blank(body_[i])) ++i;
    }
    const std::size_t sep = body_.substr(0, eol).find("::", i);
    if (sep != std::string_view::npos && sep > i && sep - i <= 64) {
      std::string_view key = body_.substr(i, sep - i);
      bool ok = key.find_first_of("[]()`:#|\"") == std::string_view::npos;
      if (ok && !key.empty() && is_blank(key.front())) ok = false;
      std::string_view stripped = util::trim(key);
      while (stripped.size() >= 2 && stripped.substr(0, 2) == "**" &&
             stripped.substr(stripped.size() - 2) == "**") {
        stripped = util::trim(stripped.substr(2, stripped.size() - 4));
      }
      if (ok && !stripped.empty() && (sep + 2 == eol || is_blank(body_[sep + 2]))) {
        std::size_t vb = sep + 2;
        while (vb < eol && is_blank(body_[vb])) ++vb;
        std::size_t ve = eol;
        while (ve > vb && (is_blank(body_[ve - 1]) || body_[ve - 1] == '\r')) --ve;
        fields_.push_back(FieldSpan{vb, ve, std::string(stripped)});
      }
    }
    pos = eol + 1;
  }
}

// `[key:: value]` or `(key:: value)` starting at body_[i].
bool BodyReader::try_bracket_field(std::size_t i, std::size_t end, std::size_t& value_begin) {
  const char open = body_[i];
  const char close = open == '[' ? ']' : ')';
  std::size_t k = i + 1;
  while (k < end && k - i <= 65 && body_[k] != ':' && body_[k] != '\n' && body_[k] != open &&
         body_[k] != close && body_[k] != '[' && body_[k] != '`') {
    ++k;
  }
  if (k + 1 >= end || body_[k] != ':' || body_[k + 1] != ':' || k == i + 1) return false;
  const std::string_view key = util::trim(body_.substr(i + 1, k - i - 1));
  if (key.empty() || is_blank(body_[i + 1])) return false;
  // The value runs to the matching close on the same line.
  const std::size_t eol = std::min(next_char('\n', k + 2, end), end);
  const std::size_t j = close_of(open, k + 2, eol);
  if (j == kNone || j >= eol) return false;
  // `[Code::Stats](url)` is a markdown link whose text holds "::", not a field.
  if (open == '[' && j + 1 < end && body_[j + 1] == '(') return false;
  std::size_t vb = k + 2;
  while (vb < j && is_blank(body_[vb])) ++vb;
  while (!open_brackets_.empty() && fields_[open_brackets_.back()].end <= vb) {
    open_brackets_.pop_back();
  }
  open_brackets_.push_back(fields_.size());
  fields_.push_back(FieldSpan{vb, j, std::string(key)});
  value_begin = vb;
  return true;
}

void BodyReader::try_wikilink(std::size_t i, std::size_t end, std::size_t& next) {
  // First "]]" on this line.
  std::size_t close = std::string_view::npos;
  for (std::size_t k = i + 2; k + 1 < end && body_[k] != '\n'; ++k) {
    if (body_[k] == ']' && body_[k + 1] == ']') {
      close = k;
      break;
    }
  }
  if (close == std::string_view::npos) {
    // No closer on this line: no later "[[" on it can close either.
    std::size_t eol = body_.find('\n', i);
    next = (eol == std::string_view::npos || eol > end) ? end : eol;
    return;
  }
  next = close + 2;
  WikiReject reject = WikiReject::Empty;
  auto match = match_wikilink(body_, i, close, limits_.max_link_bytes, &reject);
  if (!match) {
    if (reject == WikiReject::TooLong) {
      diag(Severity::Warning, "link-too-long", i,
           "a link target longer than " + std::to_string(limits_.max_link_bytes) +
               " bytes is ignored");
    } else {
      diag(Severity::Info, "empty-link", i, "an empty link is not a link");
    }
    return;
  }
  // Only a `scheme://` URL is external; `[[Re:Zero]]` and `[[Python:]]` are note names.
  const std::string& target = match->parts.target;
  if (util::is_url(target)) {
    add_external(target);
    return;
  }
  if (const char32_t hidden = util::invisible_format_char(target)) {
    diag(Severity::Info, "suspicious-codepoint", i,
         "the link target holds the invisible character " + util::code_point_name(hidden) +
             ": it matches only a name with the same character");
  }
  Found f;
  f.at = match->begin;
  f.end = match->end;
  f.link.kind = LinkKind::Wiki;
  f.link.embed = match->embed;
  f.link.raw = std::string(body_.substr(match->begin, match->end - match->begin));
  f.link.target = std::move(match->parts.target);
  f.link.subpath = std::move(match->parts.subpath);
  f.link.has_subpath = match->parts.has_subpath;
  f.link.display = std::move(match->parts.display);
  if (f.link.display.size() > kMaxDisplayBytes) {
    f.link.display.resize(util::boundary_before(f.link.display, kMaxDisplayBytes));
    diag(Severity::Info, "link-truncated", i,
         "a link's display text longer than " + std::to_string(kMaxDisplayBytes) +
             " bytes is cut there");
  }
  take_embed_size(f.link);
  emit(std::move(f));
}

std::size_t BodyReader::close_of(char open, std::size_t from, std::size_t end) {
  const char close = open == '[' ? ']' : ')';
  if (!index_.ready()) {
    int depth = 0;
    const std::size_t limit = std::min(end, from + direct_budget_);
    std::size_t p = from;
    for (; p < limit; ++p) {
      const char c = body_[p];
      if (c == '\\' && p + 1 < block_end_ && is_ascii_punct(body_[p + 1])) {
        ++p;
        continue;
      }
      if (c == open) {
        ++depth;
      } else if (c == close) {
        if (depth == 0) break;
        --depth;
      }
    }
    if (p < limit || limit == end) {
      spend(from, std::min(p, limit));
      return p < limit ? p : kNone;
    }
  }
  use_index();
  const std::size_t p = open == '[' ? index_.square_close(from) : index_.paren_close(from);
  return p < end ? p : kNone;
}

std::size_t BodyReader::next_char(char c, std::size_t from, std::size_t end) {
  if (!index_.ready()) {
    const std::size_t limit = std::min(end, from + direct_budget_);
    const std::size_t p = from < limit ? body_.substr(0, limit).find(c, from) : kNone;
    if (p != kNone || limit == end) {
      spend(from, p != kNone ? p : limit);
      return p;
    }
  }
  use_index();
  const std::size_t p = index_.next(c, from);
  return p < end ? p : kNone;
}

std::size_t BodyReader::next_space(std::size_t from, std::size_t end) {
  if (!index_.ready()) {
    const std::size_t limit = std::min(end, from + direct_budget_);
    std::size_t p = from;
    while (p < limit && !is_ws(body_[p]) && static_cast<unsigned char>(body_[p]) >= 0x20) ++p;
    if (p < limit || limit == end) {
      spend(from, p);
      return p < limit ? p : kNone;
    }
  }
  use_index();
  const std::size_t p = index_.next_space(from);
  return p < end ? p : kNone;
}

// `[text](dest "title")` or `![alt](dest)` with body_[i] == '['. Every closer comes from the
// block's index, so the work per opener does not grow with the block.
bool BodyReader::try_markdown_link(std::size_t i, std::size_t end, bool embed,
                                   std::size_t& next) {
  // The matching ']' (the text may span lines within the block, up to 4 KiB).
  const std::size_t j = close_of('[', i + 1, std::min(end, i + 4098));
  if (j == kNone || j >= end) return false;
  if (j + 1 >= end || body_[j + 1] != '(') return false;
  std::size_t k = j + 2;
  while (k < end && is_blank(body_[k])) ++k;
  std::string_view dest;
  if (k < end && body_[k] == '<') {
    const std::size_t gt = std::min(next_char('>', k + 1, end), next_char('\n', k + 1, end));
    if (gt == kNone || gt >= end || body_[gt] != '>') return false;
    dest = body_.substr(k + 1, gt - k - 1);
    k = gt + 1;
  } else {
    // The destination runs to a space, a control character or an unbalanced ')'.
    const std::size_t d0 = k;
    k = std::min({next_space(d0, end), close_of('(', d0, end), end});
    dest = body_.substr(d0, k - d0);
  }
  while (k < end && is_ws(body_[k])) ++k;
  if (k < end && (body_[k] == '"' || body_[k] == '\'' || body_[k] == '(')) {
    const char q = body_[k] == '(' ? ')' : body_[k];
    const std::size_t qe = next_char(q, k + 1, end);
    if (qe == kNone || qe >= end) return false;
    k = qe + 1;
    while (k < end && is_ws(body_[k])) ++k;
  }
  if (k >= end || body_[k] != ')') return false;
  next = k + 1;
  if (dest.empty()) return true;
  if (util::has_uri_scheme(dest)) {
    add_external(std::string(dest));
    return true;
  }
  LinkParts parts = split_markdown_destination(dest);
  if (parts.target.empty() && !parts.has_subpath) return true;
  Found f;
  f.at = embed ? i - 1 : i;
  f.end = next;
  f.link.kind = LinkKind::Markdown;
  f.link.embed = embed;
  f.link.raw = std::string(body_.substr(f.at, f.end - f.at));
  f.link.target = std::move(parts.target);
  f.link.subpath = std::move(parts.subpath);
  f.link.has_subpath = parts.has_subpath;
  f.link.display = std::string(body_.substr(i + 1, j - i - 1));
  take_embed_size(f.link);
  emit(std::move(f));
  return true;
}

namespace {

// The bytes scan_block's switch acts on; every other byte is plain text.
constexpr std::array<bool, 256> kStarts = [] {
  std::array<bool, 256> t{};
  for (const char c : std::string_view("\\%`$<![(#h")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

}  // namespace

void BodyReader::scan_block(std::size_t begin, std::size_t end, BlockKind kind, Origin origin,
                            std::size_t item_text_at) {
  // Blocks come in document order; never read a byte twice, even if cmark's source
  // positions overlap.
  begin = std::max(begin, scanned_until_);
  if (begin >= end) return;
  scanned_until_ = end;
  found_.clear();
  fields_.clear();
  block_begin_ = begin;
  block_end_ = end;
  direct_budget_ = 4 * (end - begin) + 4096;
  if (index_.ready()) index_ = BlockIndex{};
  url_end_ = 0;
  origin_ = origin;
  open_brackets_.clear();
  if (kind == BlockKind::Paragraph && !in_comment_ && !in_math_) find_line_fields(begin, end);
  line_fields_ = fields_.size();

  // Backtick runs of this block, by length, so a code span's closer is found in O(log n).
  std::map<std::size_t, std::vector<std::size_t>> runs;
  bool runs_ready = false;
  const auto closing_run = [&](std::size_t after, std::size_t len) -> std::size_t {
    if (!runs_ready) {
      runs_ready = true;
      for (std::size_t k = begin; k < end;) {
        if (body_[k] != '`') {
          ++k;
          continue;
        }
        std::size_t r = k;
        while (r < end && body_[r] == '`') ++r;
        runs[r - k].push_back(k);
        k = r;
      }
    }
    const auto it = runs.find(len);
    if (it == runs.end()) return std::string_view::npos;
    const auto pos = std::upper_bound(it->second.begin(), it->second.end(), after);
    return pos == it->second.end() ? std::string_view::npos : *pos;
  };
  // Forward searches whose "not found" answers are remembered, so that many openers
  // without closers stay linear.
  std::size_t no_comment_close_from = std::string_view::npos;  // "-->" absent from here on
  std::size_t math_eol = kNone;      // end of the line of the last inline '$'
  std::size_t math_search_from = 0;   // inline '$' closers searched up to here ...
  std::size_t math_found = std::string_view::npos;  // ... and the one found, if any

  std::size_t i = begin;
  while (i < end) {
    if (in_comment_ || in_math_) {
      const std::string_view closer = in_comment_ ? "%%" : "$$";
      const std::size_t close = find_in_block(closer, i, end);
      if (close >= end) break;
      if (!in_comment_) math_open_at_ = kNone;
      (in_comment_ ? in_comment_ : in_math_) = false;
      i = close + 2;
      continue;
    }
    // Most bytes start nothing: skip them with one table lookup each.
    while (i < end && !kStarts[static_cast<unsigned char>(body_[i])]) ++i;
    if (i >= end) break;
    const char c = body_[i];
    switch (c) {
      case '\\':
        i += (i + 1 < end && is_ascii_punct(body_[i + 1])) ? 2 : 1;
        continue;
      case '%':
        if (i + 1 < end && body_[i + 1] == '%') {
          in_comment_ = true;
          i += 2;
          continue;
        }
        break;
      case '`': {
        std::size_t r = i;
        while (r < end && body_[r] == '`') ++r;
        const std::size_t close = closing_run(i, r - i);
        i = close == std::string_view::npos ? r : close + (r - i);
        continue;
      }
      case '$': {
        if (i + 1 < end && body_[i + 1] == '$') {
          // Display math, unless this `$$` never closes: then it is text, as in Obsidian.
          if (i != math_not_at_) {
            in_math_ = true;
            math_open_at_ = i;
          }
          i += 2;
          continue;
        }
        // Inline math: `$x$` on one line, no space just inside either dollar.
        if (i + 1 < end && !is_ws(body_[i + 1])) {
          if (math_eol == kNone || math_eol < i) {
            math_eol = body_.find('\n', i);
            if (math_eol == std::string_view::npos || math_eol > end) math_eol = end;
          }
          const std::size_t eol = math_eol;
          if (math_found == std::string_view::npos || math_found <= i) {
            std::size_t k = std::max(i + 1, math_search_from);
            math_found = std::string_view::npos;
            for (; k < eol; ++k) {
              if (body_[k] == '$' && !is_ws(body_[k - 1]) && body_[k - 1] != '\\' && k > i + 1) {
                math_found = k;
                break;
              }
            }
            math_search_from = math_found == std::string_view::npos ? eol : math_found;
          }
          if (math_found != std::string_view::npos && math_found < eol) {
            i = math_found + 1;
            math_found = std::string_view::npos;
            math_search_from = i;
            continue;
          }
        }
        break;
      }
      case '<': {
        if (body_.substr(i, 4) == "<!--") {
          if (no_comment_close_from <= i) {
            i += 4;
            continue;
          }
          const std::size_t close = find_in_block("-->", i + 4, end);
          if (close >= end) {
            no_comment_close_from = i;
            i += 4;
            continue;
          }
          i = close + 3;
          continue;
        }
        // Autolink <scheme:...>.
        std::size_t k = i + 1;
        while (k < end && k - i < 2048 && body_[k] != '>' && body_[k] != '<' && !is_ws(body_[k])) {
          ++k;
        }
        if (k < end && body_[k] == '>' && util::has_uri_scheme(body_.substr(i + 1, k - i - 1))) {
          add_external(std::string(body_.substr(i + 1, k - i - 1)));
          i = k + 1;
          continue;
        }
        break;
      }
      case '!':
        if (i + 1 < end && body_[i + 1] == '[') {
          std::size_t next = i + 1;
          if (i + 2 < end && body_[i + 2] == '[') {
            try_wikilink(i + 1, end, next);
            i = next;
            continue;
          }
          if (try_markdown_link(i + 1, end, true, next)) {
            i = next;
            continue;
          }
          i += 2;
          continue;
        }
        break;
      case '[':
      case '(': {
        std::size_t value_begin = 0;
        if (kind != BlockKind::Heading && try_bracket_field(i, end, value_begin)) {
          i = value_begin;
          continue;
        }
        if (c == '(') break;
        std::size_t next = i + 1;
        if (i + 1 < end && body_[i + 1] == '[') {
          try_wikilink(i, end, next);
          i = next;
          continue;
        }
        if (try_markdown_link(i, end, false, next)) {
          i = next;
          continue;
        }
        break;
      }
      case '#':
        if (i == begin || is_ws(body_[i - 1])) {
          const std::string_view tag = tag_in(body_.substr(0, end), i);
          if (!tag.empty()) {
            add_tag(tag);
            i += 1 + tag.size();
            continue;
          }
        }
        break;
      case 'h':
        if (i >= url_end_ && (i == begin || is_ws(body_[i - 1]) || body_[i - 1] == '(') &&
            (body_.substr(i, 7) == "http://" || body_.substr(i, 8) == "https://")) {
          std::size_t k = i;
          while (k < end && !is_ws(body_[k]) && body_[k] != '<' && body_[k] != '>' &&
                 body_[k] != ')' && body_[k] != ']') {
            ++k;
          }
          url_end_ = k;
          while (k > i && (body_[k - 1] == '.' || body_[k - 1] == ',' || body_[k - 1] == ';')) --k;
          add_external(std::string(body_.substr(i, k - i)));
          i += 4;  // keep scanning inside: a URL can hold a wikilink
          continue;
        }
        break;
      default:
        break;
    }
    ++i;
  }

  if (item_text_at != std::string_view::npos && !found_.empty()) {
    std::size_t eol = body_.find('\n', item_text_at);
    if (eol == std::string_view::npos || eol > end) eol = end;
    assign_list_relations(item_text_at, eol, 0);
  }
  if (kind == BlockKind::TableRow && !table_columns_.empty()) {
    // Column = unescaped pipes before the link, outside other links, minus a leading pipe.
    // One sweep over the row: the links are in order and do not overlap.
    const std::size_t row_begin = begin;  // a table row is one line
    std::size_t k = row_begin;
    while (k < end && is_blank(body_[k])) ++k;
    const bool leading_pipe = k < end && body_[k] == '|';
    std::size_t pipes = 0;
    std::size_t p = row_begin;
    for (auto& f : found_) {
      for (; p < f.at; ++p) {
        if (body_[p] == '|' && (p == 0 || body_[p - 1] != '\\')) ++pipes;
      }
      const std::size_t column = leading_pipe ? (pipes > 0 ? pipes - 1 : 0) : pipes;
      if (column < table_columns_.size()) f.link.column = table_columns_[column];
      p = std::max(p, f.end);
    }
  }
  // Inline fields whose value holds no link are properties of the note.
  for (const auto& field : fields_) {
    if (field.has_link || field.end <= field.begin) continue;
    add_field_property(field.key, body_.substr(field.begin, field.end - field.begin));
  }
  for (auto& f : found_) {
    position(f.at, f.link.line, f.link.col);
    note_.links.push_back(std::move(f.link));
  }
  found_.clear();
  fields_.clear();
}

// A relation phrase is a short name, not a sentence: "supplier", "headquarters city",
// "developer of". Descriptions after a dash ("- [[X]] - as prices rise, demand falls") or
// formulas ("- [[X]] - $\phi$") stay plain links.
bool looks_like_relation(std::string_view phrase) {
  constexpr std::size_t kMaxWords = 4;
  constexpr std::size_t kMaxBytes = 48;
  phrase = util::trim(phrase);
  if (phrase.empty() || phrase.size() > kMaxBytes) return false;
  const auto first = static_cast<unsigned char>(phrase.front());
  if (!(std::isalpha(first) != 0 || first >= 0x80 || first == '*')) return false;
  std::size_t words = 1;
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    const auto c = static_cast<unsigned char>(phrase[i]);
    if (c == ' ') {
      if (i > 0 && phrase[i - 1] != ' ') ++words;
      continue;
    }
    if (std::isalnum(c) == 0 && c < 0x80 && c != '-' && c != '_' && c != '/' && c != '*' &&
        c != '`') {
      return false;
    }
  }
  return words <= kMaxWords;
}

void BodyReader::assign_list_relations(std::size_t text_at, std::size_t eol, std::size_t) {
  const std::string_view line = body_.substr(text_at, eol - text_at);
  const auto at_line = [&](std::size_t p) { return text_at + p; };
  // Links of this line, in order.
  std::vector<std::size_t> on_line;
  for (std::size_t k = 0; k < found_.size(); ++k) {
    if (found_[k].at >= text_at && found_[k].at < eol &&
        found_[k].link.origin == Origin::List) {
      on_line.push_back(k);
    }
  }
  if (on_line.empty()) return;
  std::size_t p = 0;
  // A task box is not part of the text.
  if (line.size() >= 4 && line[0] == '[' && (line[1] == ' ' || line[1] == 'x' || line[1] == 'X') &&
      line[2] == ']' && is_blank(line[3])) {
    p = 4;
  }
  const auto skip_glue = [&](std::size_t q) {
    for (;;) {
      while (q < line.size() && (is_blank(line[q]) || line[q] == ',' || line[q] == '&' ||
                                 line[q] == '/' || line[q] == '*' || line[q] == '_')) {
        ++q;
      }
      if (line.substr(q, 4) == "and " || line.substr(q, 3) == "or ") {
        q += line[q] == 'a' ? 4 : 3;
        continue;
      }
      return q;
    }
  };
  const auto phrase_after = [&](std::size_t q) -> std::string {
    std::string_view rest = line.substr(q);
    // A comment in parentheses (or another link) ends the phrase; a comma or semicolon
    // before that means a sentence, which looks_like_relation rejects.
    const std::size_t cut = rest.find_first_of("([");
    if (cut != std::string_view::npos) rest = rest.substr(0, cut);
    rest = util::trim(rest);
    while (!rest.empty() && (rest.back() == '.' || rest.back() == ':')) rest.remove_suffix(1);
    if (!looks_like_relation(rest)) return {};
    return util::normalise_relation(rest);
  };

  // Form A: "[[X]], [[Y]] — relation (comment)".
  std::size_t q = skip_glue(p);
  std::size_t group_end = 0;  // links [0, group_end) of on_line form the leading group
  while (group_end < on_line.size() && at_line(q) == found_[on_line[group_end]].at) {
    q = skip_glue(found_[on_line[group_end]].end - text_at);
    ++group_end;
  }
  if (group_end > 0) {
    std::size_t dash = std::string_view::npos;
    if (line.substr(q, kEmDash.size()) == kEmDash) dash = q + kEmDash.size();
    else if (line.substr(q, kEnDash.size()) == kEnDash) dash = q + kEnDash.size();
    else if (line.substr(q, 2) == "--") dash = q + 2;
    else if (q < line.size() && line[q] == '-') dash = q + 1;
    if (dash != std::string_view::npos) {
      const std::string relation = phrase_after(dash);
      if (!relation.empty()) {
        for (std::size_t g = 0; g < group_end; ++g) found_[on_line[g]].link.relation = relation;
      }
    }
    return;
  }
  // Form B: "relation: [[X]], [[Y]]".
  const std::size_t colon = line.find(':', p);
  if (colon == std::string_view::npos || colon == p || line.substr(colon, 2) == "::") return;
  if (at_line(colon) < found_[on_line[0]].at) {
    const std::string_view phrase = util::trim(line.substr(p, colon - p));
    if (!looks_like_relation(phrase)) return;
    const std::string relation = util::normalise_relation(phrase);
    if (relation.empty()) return;
    std::size_t r = skip_glue(colon + 1);
    for (const std::size_t k : on_line) {
      if (at_line(r) != found_[k].at) break;
      found_[k].link.relation = relation;
      r = skip_glue(found_[k].end - text_at);
    }
  }
}

void BodyReader::find_block_id(std::size_t begin, std::size_t end) {
  // `text ^id` at the end of a line of the block, or `^id` alone on a line after it.
  // Obsidian asks for the end of the block; accepting any line end avoids false
  // missing-block warnings when the id is followed by a soft-wrapped line.
  std::size_t pos = begin;
  while (pos < end) {
    std::size_t eol = body_.find('\n', pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    std::string_view text = body_.substr(pos, eol - pos);
    pos = eol + 1;
    while (!text.empty() && is_ws(text.back())) text.remove_suffix(1);
    std::size_t k = text.size();
    while (k > 0 && ((text[k - 1] >= 'a' && text[k - 1] <= 'z') ||
                     (text[k - 1] >= 'A' && text[k - 1] <= 'Z') ||
                     (text[k - 1] >= '0' && text[k - 1] <= '9') || text[k - 1] == '-')) {
      --k;
    }
    if (k == text.size() || k == 0 || text[k - 1] != '^') continue;
    const std::size_t caret = k - 1;
    if (caret > 0 && !is_ws(text[caret - 1]) && text[caret - 1] != '>') continue;
    note_.block_ids.emplace_back(text.substr(k));
  }
}

void BodyReader::add_heading(cmark_node* heading) {
  std::string text;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(heading));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it.get());
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE) {
      const char* literal = cmark_node_get_literal(n);
      if (literal != nullptr) text += literal;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      text += ' ';
    }
  }
  // Obsidian keeps a heading as written (`## **Bold** [[Link]]`) and compares subpaths with
  // that text, so the key comes from the source bytes, not from cmark's plain text.
  const int first = cmark_node_get_start_line(heading);
  const int last = heading_last_line(first, cmark_node_get_end_line(heading));
  std::string raw;
  const auto col = static_cast<std::size_t>(std::max(cmark_node_get_start_column(heading), 1) - 1);
  std::size_t at = std::min(line_begin(first) + col, line_end(first));
  std::string_view line = body_.substr(at, line_end(first) - at);
  const std::string_view trimmed = util::trim_space(line);
  if (!trimmed.empty() && trimmed.front() == '#' && first == last) {
    raw = std::string(atx_heading_text(line));
  } else {
    // Setext: the lines above the underline, each without its container markers.
    for (int l = first; l < last || (l == first && first == last); ++l) {
      std::string_view text_line = l == first ? line
          : body_.substr(line_begin(l), line_end(l) - line_begin(l));
      if (l != first) {
        std::size_t k = 0;
        while (k < text_line.size() && (is_blank(text_line[k]) || text_line[k] == '>')) ++k;
        text_line.remove_prefix(k);
      }
      if (!raw.empty()) raw += ' ';
      raw += util::trim_space(text_line);
    }
  }
  add_heading_text(cmark_node_get_heading_level(heading), text, first, raw);
}

void BodyReader::add_heading_text(int level, std::string_view text, int body_line,
                                  std::string_view raw) {
  Heading h;
  h.level = level;
  h.text = util::valid_utf8(util::trim_space(text));
  h.key = heading_key(raw);
  h.line = first_line_ + static_cast<std::uint32_t>(std::max(body_line, 1) - 1);
  while (!heading_stack_.empty() &&
         note_.headings[static_cast<std::size_t>(heading_stack_.back())].level >= h.level) {
    heading_stack_.pop_back();
  }
  h.parent = heading_stack_.empty() ? -1 : heading_stack_.back();
  note_.headings.push_back(std::move(h));
  section_ = static_cast<int>(note_.headings.size()) - 1;
  heading_stack_.push_back(section_);
}

void BodyReader::scan_table(cmark_node* table) {
  const int first = cmark_node_get_start_line(table);
  const int last = cmark_node_get_end_line(table);
  // Column names from the header row's cells.
  table_columns_.clear();
  for (cmark_node* row = cmark_node_first_child(table); row != nullptr;
       row = cmark_node_next(row)) {
    for (cmark_node* cell = cmark_node_first_child(row); cell != nullptr;
         cell = cmark_node_next(cell)) {
      std::string text;
      for (cmark_node* n = cmark_node_first_child(cell); n != nullptr; n = cmark_node_next(n)) {
        const char* literal = cmark_node_get_literal(n);
        if (literal != nullptr) text += literal;
      }
      table_columns_.push_back(util::valid_utf8(util::trim_space(text)));
    }
    break;
  }
  for (int line = first; line <= last; ++line) {
    if (line == first + 1) continue;  // the delimiter row
    scan_block(line_begin(line), line_end(line), BlockKind::TableRow, Origin::Table,
               std::string_view::npos);
  }
  table_columns_.clear();
}

void BodyReader::run() {
  if (limits_.markdown_fallback_only || fallback_) {
    run_fallback();
    return;
  }
  GuardedMarkdown guard;  // owns every byte cmark allocates, the document included
  const MarkdownBudget budget = budget_for(body_.size());
  cmark_node* doc = guard.parse(body_, table_extension(), budget);
  if (doc == nullptr) {
    const MarkdownRisk why = guard.risk();
    std::string reason =
        why == MarkdownRisk::DeepNesting
            ? "nests block quotes or list items more than " + std::to_string(budget.max_depth) +
                  " deep"
        : why == MarkdownRisk::Memory
            ? "needs more than " + std::to_string(budget.max_bytes >> 20) +
                  " MiB to parse as Markdown"
            : "takes too long to parse as Markdown";
    diag(Severity::Warning, "markdown-fallback", 0,
         "the note " + reason +
             " (a known cmark-gfm blow-up); read with kg's simple block reader, so code "
             "blocks, lists and tables may be read less exactly");
    fallback_ = true;
    run_fallback();
    return;
  }
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(it.get());
    const cmark_node_type type = cmark_node_get_type(node);
    const int start = cmark_node_get_start_line(node);
    const int stop = cmark_node_get_end_line(node);
    if (type == CMARK_NODE_PARAGRAPH) {
      cmark_node* parent = cmark_node_parent(node);
      const bool in_item = parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
      std::size_t item_text_at = std::string_view::npos;
      if (in_item && cmark_node_first_child(parent) == node) {
        const int col = cmark_node_get_start_column(node);
        item_text_at = std::min(line_begin(start) + static_cast<std::size_t>(std::max(col, 1) - 1),
                                line_end(start));
      }
      const std::size_t begin = line_begin(start);
      const std::size_t end = line_end(stop);
      const bool commented = in_comment_ || in_math_;
      scan_block(begin, end, BlockKind::Paragraph, in_item ? Origin::List : Origin::Body,
                 item_text_at);
      if (!commented) find_block_id(begin, end);
      cmark_iter_reset(it.get(), node, CMARK_EVENT_EXIT);
    } else if (type == CMARK_NODE_HEADING) {
      const bool commented = in_comment_ || in_math_;
      scan_block(line_begin(start), line_end(heading_last_line(start, stop)), BlockKind::Heading,
                 Origin::Body, std::string_view::npos);
      if (!commented) add_heading(node);
      cmark_iter_reset(it.get(), node, CMARK_EVENT_EXIT);
    } else if (std::string_view(cmark_node_get_type_string(node)) == "table") {
      scan_table(node);
      cmark_iter_reset(it.get(), node, CMARK_EVENT_EXIT);
    }
    // Code blocks, HTML blocks and thematic breaks hold no links.
  }
}

void BodyReader::run_fallback() {
  const int line_count = static_cast<int>(lines_.size());
  const auto text_of = [&](int line) {
    return body_.substr(line_begin(line), line_end(line) - line_begin(line));
  };
  // Leading blanks (up to three) and block-quote markers do not change a line's kind here.
  const auto content_at = [&](int line) {
    std::size_t p = line_begin(line);
    const std::size_t end = line_end(line);
    while (p < end && (is_blank(body_[p]) || body_[p] == '>')) ++p;
    return p;
  };
  const auto is_delimiter_row = [&](int line) {
    const std::string_view t = util::trim(text_of(line));
    return !t.empty() && t.find('-') != std::string_view::npos &&
           t.find_first_not_of("|-: \t") == std::string_view::npos;
  };
  int paragraph_start = 0;  // 0: none open
  const auto flush = [&](int upto) {
    if (paragraph_start == 0) return;
    const std::size_t begin = line_begin(paragraph_start);
    const std::size_t end = line_end(upto);
    const bool commented = in_comment_ || in_math_;
    scan_block(begin, end, BlockKind::Paragraph, Origin::Body, std::string_view::npos);
    if (!commented) find_block_id(begin, end);
    paragraph_start = 0;
  };
  char fence = 0;
  std::size_t fence_len = 0;
  for (int line = 1; line <= line_count; ++line) {
    const std::size_t at = content_at(line);
    const std::size_t end = line_end(line);
    const std::string_view rest = body_.substr(at, end - at);
    std::size_t run = 0;
    while (run < rest.size() && (rest[run] == '`' || rest[run] == '~') && rest[run] == rest[0]) {
      ++run;
    }
    if (fence != 0) {
      if (run >= fence_len && rest[0] == fence && util::trim(rest.substr(run)).empty()) fence = 0;
      continue;
    }
    if (run >= 3) {
      flush(line - 1);
      fence = rest[0];
      fence_len = run;
      continue;
    }
    if (util::trim(rest).empty()) {
      flush(line - 1);
      continue;
    }
    std::size_t hashes = 0;
    while (hashes < rest.size() && rest[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 6 && (hashes == rest.size() || is_blank(rest[hashes]))) {
      flush(line - 1);
      const bool commented = in_comment_ || in_math_;
      scan_block(line_begin(line), end, BlockKind::Heading, Origin::Body, std::string_view::npos);
      std::string_view title = util::trim(rest.substr(hashes));
      while (!title.empty() && title.back() == '#') title.remove_suffix(1);
      if (!commented) add_heading_text(static_cast<int>(hashes), title, line, title);
      continue;
    }
    if (rest.find('|') != std::string_view::npos && line < line_count &&
        is_delimiter_row(line + 1)) {
      flush(line - 1);
      table_columns_.clear();
      std::string_view header = util::trim(rest);
      if (!header.empty() && header.front() == '|') header.remove_prefix(1);
      if (!header.empty() && header.back() == '|') header.remove_suffix(1);
      std::size_t start = 0;
      for (std::size_t i = 0; i <= header.size(); ++i) {
        if (i == header.size() || (header[i] == '|' && (i == 0 || header[i - 1] != '\\'))) {
          table_columns_.push_back(util::valid_utf8(util::trim(header.substr(start, i - start))));
          start = i + 1;
        }
      }
      scan_block(line_begin(line), end, BlockKind::TableRow, Origin::Table,
                 std::string_view::npos);
      line += 1;  // the delimiter row
      while (line < line_count && text_of(line + 1).find('|') != std::string_view::npos) {
        ++line;
        scan_block(line_begin(line), line_end(line), BlockKind::TableRow, Origin::Table,
                   std::string_view::npos);
      }
      table_columns_.clear();
      continue;
    }
    std::size_t marker = 0;
    if (rest.size() >= 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') &&
        is_blank(rest[1])) {
      marker = 2;
    } else {
      std::size_t d = 0;
      while (d < rest.size() && d < 9 && rest[d] >= '0' && rest[d] <= '9') ++d;
      if (d > 0 && d + 1 < rest.size() && (rest[d] == '.' || rest[d] == ')') &&
          is_blank(rest[d + 1])) {
        marker = d + 2;
      }
    }
    if (marker > 0) {
      flush(line - 1);
      std::size_t text_at = at + marker;
      while (text_at < end && is_blank(body_[text_at])) ++text_at;
      const bool commented = in_comment_ || in_math_;
      scan_block(line_begin(line), end, BlockKind::Paragraph, Origin::List, text_at);
      if (!commented) find_block_id(line_begin(line), end);
      continue;
    }
    if (paragraph_start == 0) paragraph_start = line;
  }
  flush(line_count);
}

// Dataview's rule for a key stated more than once: the values gather in a list (a value
// already there is not repeated).
void merge_property(Properties& properties, std::string key, Value value) {
  for (auto& [k, old] : properties) {
    if (k != key) continue;
    if (old == value) return;
    if (old.kind == Value::Kind::List) {
      if (std::find(old.items.begin(), old.items.end(), value) == old.items.end()) {
        old.items.push_back(std::move(value));
      }
      return;
    }
    Value list;
    list.kind = Value::Kind::List;
    list.items.push_back(std::move(old));
    list.items.push_back(std::move(value));
    old = std::move(list);
    return;
  }
  properties.emplace_back(std::move(key), std::move(value));
}

// Footnote definitions (`[^id]: text` at the start of a line), so that a link to `#[^id]`
// can be checked. cmark-gfm, without the footnote extension, reads them as link reference
// definitions and keeps no node for them, so they are found in the raw lines.
void find_footnotes(std::string_view body, std::vector<std::string>& out) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::size_t i = pos;
    while (i < eol && i - pos < 3 && body[i] == ' ') ++i;
    if (body.substr(i, 2) == "[^") {
      const std::size_t close = body.find(']', i + 2);
      if (close != std::string_view::npos && close < eol && close > i + 2 && close + 1 < eol &&
          body[close + 1] == ':') {
        const std::string_view id = body.substr(i + 2, close - i - 2);
        if (id.find_first_of(" \t[") == std::string_view::npos) out.emplace_back(id);
      }
    }
    pos = eol + 1;
  }
}

}  // namespace

void read_body(std::string_view body, std::uint32_t first_line, const std::string& file,
               const ParseLimits& limits, ParsedNote& note) {
  // What the body adds to the note, so that a second reading can start again from here.
  const std::size_t links = note.links.size();
  const std::size_t tags = note.tags.size();
  const std::size_t externals = note.external_links.size();
  const std::size_t diagnostics = note.diagnostics.size();
  std::size_t unclosed = kNone;
  bool fallback = false;
  Properties fields;
  std::vector<Diagnostic> kept;  // the reason the first reading fell back, if it did
  for (int reading = 0; reading < 2; ++reading) {
    if (reading > 0) {
      for (std::size_t d = diagnostics; d < note.diagnostics.size(); ++d) {
        if (note.diagnostics[d].code == "markdown-fallback") kept.push_back(note.diagnostics[d]);
      }
    }
    note.links.resize(links);
    note.tags.resize(tags);
    note.external_links.resize(externals);
    note.diagnostics.resize(diagnostics);
    for (auto& d : kept) note.diagnostics.push_back(std::move(d));
    kept.clear();
    note.headings.clear();
    note.block_ids.clear();
    BodyReader reader(body, first_line, file, limits, note, unclosed, fallback);
    reader.run();
    fields = reader.field_properties();
    // A `$$` that never closes is not math: read once more with it as text. Only the last
    // opener can be unclosed, so a second reading always settles it.
    unclosed = reader.unclosed_math();
    fallback = reader.used_fallback();
    if (unclosed == kNone) break;
  }
  for (auto& [key, value] : fields) merge_property(note.properties, std::move(key), std::move(value));
  note.footnotes.clear();
  find_footnotes(body, note.footnotes);
}

}  // namespace kg::parse
