// Every scanner in kg is linear: for each input shape, a note ten times larger takes at most
// fifteen times longer to parse, plus 50 ms of slack for a noisy machine. The shapes are the
// ones that used to be quadratic (a 600 KB note of unclosed markdown links took over 50 s)
// and their relatives: openers whose closer is far away or missing.
//
// This is a test of growth, not of speed: each size is parsed three times and the fastest run
// counts, and the only absolute bound is a generous one that catches a hang.
#include "parse/note_parser.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace {

struct Shape {
  const char* name;
  std::string (*make)(std::size_t bytes);
};

std::string repeat_to(std::string_view unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out += unit;
  return out;
}

// One table row holding many links: the column of each link used to be found by rescanning
// the row from its start.
std::string table_row(std::size_t bytes) {
  std::string out = "| a | b |\n|---|---|\n|";
  while (out.size() < bytes) out += " [[x]] |";
  return out + "\n";
}

// Many short lines, each an unclosed opener: the per-line scans must not look past the line.
std::string lines_of(std::string_view line, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    out += line;
    out += '\n';
  }
  return out;
}

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> all = {
      {"unclosed_angle_destination", [](std::size_t n) { return repeat_to("[a](<b", n); }},
      {"unclosed_destination", [](std::size_t n) { return repeat_to("[a](b", n); }},
      {"bracket_paren", [](std::size_t n) { return repeat_to("[ (](", n); }},
      {"unclosed_title", [](std::size_t n) { return repeat_to("[a](b \"", n); }},
      {"unclosed_link_text", [](std::size_t n) { return repeat_to("[a", n); }},
      {"unclosed_paren_field", [](std::size_t n) { return repeat_to("(k:: v", n); }},
      {"unclosed_bracket_field", [](std::size_t n) { return repeat_to("[k:: v", n); }},
      {"nested_urls", [](std::size_t n) { return repeat_to("http://", n); }},
      {"unclosed_wikilinks", [](std::size_t n) { return repeat_to("[[a", n); }},
      {"wikilinks", [](std::size_t n) { return repeat_to("[[a]] ", n); }},
      {"unclosed_embeds", [](std::size_t n) { return repeat_to("![[", n); }},
      {"unclosed_inline_math", [](std::size_t n) { return repeat_to("$a ", n); }},
      {"unclosed_display_math", [](std::size_t n) { return repeat_to("$$ [[a]] ", n); }},
      {"unclosed_comments", [](std::size_t n) { return repeat_to("<!-- [[a]] ", n); }},
      {"backtick_runs", [](std::size_t n) { return repeat_to("` `` ``` [[a]] ", n); }},
      {"autolink_openers", [](std::size_t n) { return repeat_to("<a", n); }},
      {"tags", [](std::size_t n) { return repeat_to("#tag ", n); }},
      {"table_row_links", table_row},
      {"field_lines", [](std::size_t n) { return lines_of("key:: [[a]] (k:: [x](<y", n); }},
      {"list_relations", [](std::size_t n) { return lines_of("- [[a]], [[b]] \xE2\x80\x94 supplier", n); }},
  };
  return all;
}

// Keep freed memory in the process between runs: otherwise the large runs give their pages
// back to the kernel and pay for page faults again each time while the small runs reuse
// warm memory, and the comparison measures the kernel instead of kg. (A sanitizer's
// allocator ignores this; its runs are slower alike at both sizes.)
void keep_freed_memory() {
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }();
  (void)done;
}

double seconds_to_parse(const std::string& text, bool fallback_only) {
  keep_freed_memory();
  kg::parse::ParseLimits limits;
  limits.markdown_fallback_only = fallback_only;
  const auto start = std::chrono::steady_clock::now();
  const kg::parse::ParsedNote note = kg::parse::parse_note("shape.md", text, limits);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LE(note.links.size(), limits.max_links);
  return took.count();
}

class ScannerLinearity : public ::testing::TestWithParam<std::size_t> {};

void check_growth(const Shape& shape, bool fallback_only) {
  constexpr std::size_t kSmall = 60'000;
  constexpr std::size_t kLarge = 600'000;  // well under the 4 MiB note cap
  const std::string small_text = shape.make(kSmall);
  const std::string large_text = shape.make(kLarge);
  // Best of five, small and large in turn, so that a busy machine slows both alike.
  double small = 1e9;
  double large = 1e9;
  for (int run = 0; run < 5; ++run) {
    small = std::min(small, seconds_to_parse(small_text, fallback_only));
    large = std::min(large, seconds_to_parse(large_text, fallback_only));
  }
  SCOPED_TRACE(std::string(shape.name) + (fallback_only ? " (kg's block reader)" : " (cmark)") +
               ": " + std::to_string(small * 1000) + " ms at 60 KB, " +
               std::to_string(large * 1000) + " ms at 600 KB");
  EXPECT_LE(large, 15 * small + 0.050);
  EXPECT_LT(large, 20.0) << "a hang";
}

TEST_P(ScannerLinearity, KgBlockReader) { check_growth(shapes()[GetParam()], true); }

TEST_P(ScannerLinearity, WithCmark) { check_growth(shapes()[GetParam()], false); }

INSTANTIATE_TEST_SUITE_P(Shapes, ScannerLinearity, ::testing::Range<std::size_t>(0, 20),
                         [](const auto& shape) { return std::string(shapes()[shape.param].name); });

}  // namespace
