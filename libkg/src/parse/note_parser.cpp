#include "parse/note_parser.hpp"

#include "parse/body.hpp"
#include "parse/frontmatter.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

#include <algorithm>

namespace kg::parse {
namespace {

// Moves the columns of links and diagnostics, found in the repaired text, back to the file's
// bytes: two fewer for each replacement before them on their line.
void columns_as_in_file(std::string_view text, const std::vector<std::size_t>& repairs, ParsedNote& note,
                        std::size_t first_diagnostic) {
  const std::vector<std::uint32_t> starts = util::line_starts(text);
  const auto original = [&](std::uint32_t line, std::uint32_t col) -> std::uint32_t {
    if (line == 0 || col == 0 || line > starts.size()) return col;
    const std::size_t line_start = starts[line - 1];
    const std::size_t offset = line_start + col - 1;
    const auto from = std::lower_bound(repairs.begin(), repairs.end(), line_start);
    const auto to = std::lower_bound(from, repairs.end(), offset);
    return col - 2 * static_cast<std::uint32_t>(to - from);
  };
  for (Link& link : note.links) link.col = original(link.line, link.col);
  for (std::size_t i = first_diagnostic; i < note.diagnostics.size(); ++i) {
    Diagnostic& d = note.diagnostics[i];
    d.col = original(d.line, d.col);
  }
}

}  // namespace

ParsedNote parse_note(const std::string& path, std::string text, const ParseLimits& limits) {
  ParsedNote note;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  // A lone CR ends a line for cmark but not for yaml-cpp 0.7; make it LF (same length, so
  // positions stay put). CRLF stays.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  }
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF &&
      static_cast<unsigned char>(text[1]) == 0xFE) {
    note.diagnostics.push_back(Diagnostic{Severity::Warning, "unsupported-encoding", path, 1, 1,
                                          "the note looks like UTF-16; kg reads UTF-8 only"});
  }
  // Where U+FFFD replaced a byte: each took three bytes for one, and columns after it on its
  // line are moved back to the file's own.
  std::vector<std::size_t> repairs;
  if (const std::size_t bad = util::first_invalid_utf8(text); bad != std::string::npos) {
    const auto line = static_cast<std::uint32_t>(
        std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n') + 1);
    const std::size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    const auto col = static_cast<std::uint32_t>(
        bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1) + 1);
    const bool nul = text[bad] == '\0';
    const std::size_t replaced = util::repair_utf8(text, &repairs);
    note.diagnostics.push_back(Diagnostic{
        Severity::Info, nul ? "nul-byte" : "invalid-utf8", path, line, col,
        std::to_string(replaced) + " invalid UTF-8 or NUL bytes were replaced by U+FFFD"});
  }
  const std::size_t repaired_diagnostics = note.diagnostics.size();  // later ones need moving

  const std::string_view all = text;
  const FrontMatterSpan fm = find_frontmatter(all, limits);
  std::string_view body = all;
  std::uint32_t body_line = 1;
  if (fm.present) {
    note.has_frontmatter = true;
    read_frontmatter(all.substr(fm.yaml_begin, fm.yaml_end - fm.yaml_begin), 2, path, limits,
                     note);
    body = all.substr(fm.body_begin);
    body_line = fm.body_line;
  } else if (fm.unterminated) {
    note.diagnostics.push_back(Diagnostic{
        Severity::Warning, "frontmatter-unterminated", path, 1, 1,
        "the front matter opened on line 1 is never closed; the note is read as Markdown"});
  }
  read_body(body, body_line, path, limits, note);
  if (!repairs.empty()) columns_as_in_file(text, repairs, note, repaired_diagnostics);
  return note;
}

}  // namespace kg::parse
