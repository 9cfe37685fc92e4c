// cmark-gfm under a budget, and the simple block reader kg falls back to when the budget
// runs out (parse/markdown_guard.hpp, research/reliability.md section 2 and group M).
#include "parse/markdown_guard.hpp"
#include "parse/note_parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using kg::parse::GuardedMarkdown;
using kg::parse::MarkdownBudget;
using kg::parse::MarkdownRisk;

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(MarkdownGuard, ContainerDepthCountsQuotesAndListMarkers) {
  EXPECT_EQ(kg::parse::container_depth("plain\n", 64), 0u);
  EXPECT_EQ(kg::parse::container_depth("- a\n  - b\n", 64), 1u);
  EXPECT_EQ(kg::parse::container_depth("> - 1. x\n", 64), 3u);
  EXPECT_EQ(kg::parse::container_depth(">>> x\n", 64), 3u);
  EXPECT_GT(kg::parse::container_depth(repeat("- ", 100) + "x", 64), 64u);
}

TEST(MarkdownGuard, OrdinaryInputParsesWithinTheBudget) {
  GuardedMarkdown guard;
  const std::string body = "# T\n\n- a [[b]]\n\n| x | y |\n|---|---|\n| 1 | 2 |\n";
  cmark_node* doc = guard.parse(body, nullptr, kg::parse::budget_for(body.size()));
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(guard.risk(), MarkdownRisk::None);
  EXPECT_EQ(cmark_node_get_type(cmark_node_first_child(doc)), CMARK_NODE_HEADING);
}

// Each limit trips on the input that needs it, and nothing leaks (the sanitizer build
// checks that every block cmark held is freed with the guard).
TEST(MarkdownGuard, ReferenceTitleAmplificationHitsTheMemoryBudget) {
  // reliability.md M13: 80 KB that make cmark allocate about 1.6 GB.
  const std::string body = "[f]:u\n\"\n" + repeat("[f]\n", 20000) + "[f]:u \"t\n";
  GuardedMarkdown guard;
  MarkdownBudget budget = kg::parse::budget_for(body.size());
  budget.max_seconds = 60;  // only memory may stop it
  EXPECT_EQ(guard.parse(body, nullptr, budget), nullptr);
  EXPECT_EQ(guard.risk(), MarkdownRisk::Memory);
}

TEST(MarkdownGuard, DeepNestingIsRefusedBeforeParsing) {
  const std::string body = repeat("- ", 10000) + "x" + repeat("\n", 10000);  // M9
  GuardedMarkdown guard;
  EXPECT_EQ(guard.parse(body, nullptr, kg::parse::budget_for(body.size())), nullptr);
  EXPECT_EQ(guard.risk(), MarkdownRisk::DeepNesting);
}

TEST(MarkdownGuard, QuadraticInputHitsTheDeadline) {
  const std::string body = repeat("![[]()", 100000);  // M4: more than 30 s unguarded
  GuardedMarkdown guard;
  MarkdownBudget budget = kg::parse::budget_for(body.size());
  budget.max_seconds = 0.2;
  EXPECT_EQ(guard.parse(body, nullptr, budget), nullptr);
  EXPECT_EQ(guard.risk(), MarkdownRisk::Time);
}

TEST(MarkdownGuard, AGuardCanBeUsedAgainAfterGivingUp) {
  GuardedMarkdown first;
  const std::string bad = "[f]:u\n\"\n" + repeat("[f]\n", 20000) + "[f]:u \"t\n";
  MarkdownBudget tight = kg::parse::budget_for(bad.size());
  tight.max_bytes = 1 << 20;
  EXPECT_EQ(first.parse(bad, nullptr, tight), nullptr);
  GuardedMarkdown second;
  EXPECT_NE(second.parse("ok\n", nullptr, kg::parse::budget_for(3)), nullptr);
}

// A note that blows the budget still yields its links, tags and headings.
TEST(MarkdownFallback, APathologicalNoteIsReadWithTheSimpleReader) {
  const std::string text = "---\ntype: x\n---\n# Title\n\nsee [[Alpha]] #tag\n\n" +
                           repeat("- ", 200) + "x\n\n## Related\n\n- [[Beta]] — supplier\n";
  const auto note = kg::parse::parse_note("n.md", text);
  ASSERT_FALSE(note.diagnostics.empty());
  EXPECT_EQ(note.diagnostics[0].code, "markdown-fallback");
  EXPECT_EQ(note.diagnostics[0].line, 4u);
  ASSERT_EQ(note.links.size(), 2u);
  EXPECT_EQ(note.links[0].target, "Alpha");
  EXPECT_EQ(note.links[0].line, 6u);
  EXPECT_EQ(note.links[1].target, "Beta");
  EXPECT_EQ(note.links[1].relation, "supplier");
  EXPECT_EQ(note.links[1].origin, kg::Origin::List);
  ASSERT_EQ(note.headings.size(), 2u);
  EXPECT_EQ(note.headings[1].text, "Related");
  EXPECT_EQ(note.links[1].section, 1);
  ASSERT_EQ(note.tags.size(), 1u);
  EXPECT_EQ(note.tags[0], "tag");
}

// On ordinary notes the fallback reader gives what cmark gives: the same links (target,
// position, origin, relation, table column, section), headings, tags and block ids. Every
// note of the sample vault and the golden vaults is compared.
std::string describe(const kg::parse::ParsedNote& n) {
  std::ostringstream out;
  for (const auto& l : n.links) {
    out << "link " << l.raw << " " << l.line << ":" << l.col << " origin "
        << static_cast<int>(l.origin) << " rel " << l.relation << " col " << l.column
        << " section " << l.section << "\n";
  }
  for (const auto& h : n.headings) {
    out << "heading " << h.level << " " << h.text << " @" << h.line << " parent " << h.parent
        << "\n";
  }
  for (const auto& t : n.tags) out << "tag " << t << "\n";
  for (const auto& b : n.block_ids) out << "block " << b << "\n";
  return out.str();
}

TEST(MarkdownFallback, AgreesWithCmarkOnOrdinaryNotes) {
  std::size_t compared = 0;
  for (const char* dir : {"/notes", "/tests/golden/vault", "/tests/golden/typed",
                          "/tests/fixtures/vault-stub"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(KG_SOURCE_DIR) + dir)) {
      if (entry.path().extension() != ".md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      kg::parse::ParseLimits fallback;
      fallback.markdown_fallback_only = true;
      const auto a = kg::parse::parse_note("n.md", text.str());
      const auto b = kg::parse::parse_note("n.md", text.str(), fallback);
      EXPECT_EQ(describe(a), describe(b)) << entry.path();
      ++compared;
    }
  }
  EXPECT_GT(compared, 70u);
}

}  // namespace
