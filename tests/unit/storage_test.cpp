// How the graph stores what it keeps: property values as cells read in place
// (kg::ValueRef, kg::PropertyList), the parse workers' arenas, compact diagnostics, and
// heading keys kept only when they differ from their text's.
#include <kg/kg.hpp>

#include "support/temp_vault.hpp"
#include "util/arena.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

kg::Graph load(const kg::test::TempVault& vault, unsigned threads = 1) {
  kg::LoadOptions options;
  options.threads = threads;
  return kg::Graph::load(vault.root(), options);
}

TEST(StoredValues, EveryKindReadsInPlaceAsItsOwningCopy) {
  kg::test::TempVault vault;
  vault.write("Acme.md",
              "---\n"
              "name: Acme Corporation\n"
              "founded: 1999-04\n"
              "employees: 120\n"
              "share: 0.35\n"
              "public: true\n"
              "ceo: null\n"
              "markets: [chips, \"cloud services\", 3]\n"
              "hq: {city: Berlin, floors: [1, 2], address: {street: Unter den Linden}}\n"
              "empty_list: []\n"
              "empty_map: {}\n"
              "---\n"
              "revenue:: 4.5bn\n");
  const kg::Graph g = load(vault);
  const kg::Node& n = g.node(*g.find("Acme.md"));
  const kg::Properties owned = n.properties.to_properties();
  ASSERT_EQ(n.properties.size(), owned.size());
  ASSERT_EQ(owned.size(), 11u);
  for (std::size_t i = 0; i < owned.size(); ++i) {
    EXPECT_EQ(n.properties[i].key, owned[i].first);
    EXPECT_TRUE(n.properties[i].value == owned[i].second) << owned[i].first;
    EXPECT_EQ(kg::to_json(n.properties[i].value), kg::to_json(owned[i].second));
  }
  using Kind = kg::Value::Kind;
  EXPECT_EQ(n.properties.find("name")->text(), "Acme Corporation");
  EXPECT_EQ(n.properties.find("founded")->kind(), Kind::Date);
  EXPECT_EQ(n.properties.find("founded")->text(), "1999-04");
  EXPECT_EQ(n.properties.find("employees")->as_int(), 120);
  EXPECT_DOUBLE_EQ(n.properties.find("share")->as_float(), 0.35);
  EXPECT_TRUE(n.properties.find("public")->as_bool());
  EXPECT_TRUE(n.properties.find("ceo")->is_null());
  const kg::ValueRef markets = *n.properties.find("markets");
  ASSERT_EQ(markets.kind(), Kind::List);
  ASSERT_EQ(markets.size(), 3u);
  EXPECT_EQ(markets[1].text(), "cloud services");
  EXPECT_EQ(markets[2].as_int(), 3);
  const kg::ValueRef hq = *n.properties.find("hq");
  ASSERT_EQ(hq.kind(), Kind::Map);
  EXPECT_EQ(hq.find("city")->text(), "Berlin");
  EXPECT_EQ((*hq.find("floors"))[1].as_int(), 2);
  EXPECT_EQ(hq.find("address")->find("street")->text(), "Unter den Linden");
  EXPECT_FALSE(hq.find("country").has_value());
  EXPECT_EQ(hq.entries()[2].key, "address");
  EXPECT_EQ(n.properties.find("empty_list")->size(), 0u);
  EXPECT_TRUE(n.properties.find("empty_map")->entries().empty());
  EXPECT_EQ(n.properties.find("revenue")->text(), "4.5bn");
  EXPECT_FALSE(n.properties.find("missing").has_value());
  // A scalar answers the other kinds' questions with their empty value.
  EXPECT_EQ(n.properties.find("name")->as_int(), 0);
  EXPECT_EQ(n.properties.find("employees")->text(), "");
  EXPECT_EQ(n.properties.find("employees")->size(), 0u);
  EXPECT_TRUE(n.properties.find("employees")->entries().empty());
}

TEST(StoredValues, ListsIterateAsKeyValuePairsAndCompareByContent) {
  kg::test::TempVault vault;
  vault.write("A.md", "---\nx: 1\ny: [a, b]\n---\n");
  vault.write("B.md", "---\nx: 1\ny: [a, b]\n---\n");
  vault.write("C.md", "---\nx: 1\ny: [a, c]\n---\n");
  const kg::Graph g = load(vault);
  const kg::PropertyList a = g.node(*g.find("A.md")).properties;
  const kg::PropertyList b = g.node(*g.find("B.md")).properties;
  const kg::PropertyList c = g.node(*g.find("C.md")).properties;
  std::vector<std::string> keys;
  for (const auto [key, value] : a) keys.emplace_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.end() - a.begin(), 2);
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_TRUE(a[1].value == b[1].value);
  EXPECT_FALSE(a[1].value == c[1].value);
  EXPECT_FALSE(a[0].value == a[1].value);
}

TEST(StoredValues, SurviveTheGraphBeingMoved) {
  kg::test::TempVault vault;
  vault.write("A.md", "---\nowner: \"a long string value that no small-string buffer holds\"\n---\n");
  kg::Graph first = load(vault);
  const kg::PropertyList before = first.node(*first.find("A.md")).properties;
  const kg::Graph moved = std::move(first);
  EXPECT_EQ(before.find("owner")->text(), "a long string value that no small-string buffer holds");
  EXPECT_TRUE(moved.node(*moved.find("A.md")).properties == before);
}

TEST(Arena, HandsOutAlignedRecordsThatNeverMove) {
  kg::util::Arena arena;
  std::vector<std::span<std::uint64_t>> spans;
  std::vector<std::string_view> texts;
  for (std::size_t i = 0; i < 5000; ++i) {
    texts.push_back(arena.copy(std::string_view("abcdefghij").substr(0, i % 11)));
    auto s = arena.make<std::uint64_t>(i % 7 + 1);
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(s.data()) % alignof(std::uint64_t), 0u);
    for (auto& x : s) x = i;
    spans.push_back(s);
  }
  // One record far larger than a block gets its own, and the open block stays in use.
  const std::vector<std::uint32_t> big(1 << 20, 7u);
  const auto copy = arena.copy(std::span<const std::uint32_t>(big));
  ASSERT_EQ(copy.size(), big.size());
  EXPECT_EQ(copy.back(), 7u);
  const auto after = arena.make<std::uint64_t>(1);
  after[0] = 42;
  kg::util::Arena moved = std::move(arena);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    for (const auto x : spans[i]) ASSERT_EQ(x, i);
    ASSERT_EQ(texts[i], std::string_view("abcdefghij").substr(0, i % 11));
  }
  EXPECT_EQ(after[0], 42u);
  EXPECT_GE(moved.reserved(), big.size() * sizeof(std::uint32_t));
  EXPECT_EQ(arena.reserved(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_TRUE(moved.make<int>(0).empty());
}

// Records between a block's size and a quarter of the largest block: the first (16 KiB
// block) and later ones each fit whole where they land. A 64 KiB note text as the first copy
// once overran its 16 KiB block (a link with a 65,000-character display text).
TEST(Arena, RecordsLargerThanTheNextBlockFitWhole) {
  for (const std::size_t size : {16u * 1024 + 1, 40u * 1024, 65u * 1024, 200u * 1024, 256u * 1024}) {
    kg::util::Arena arena;
    const std::string first(size, 'a');
    const std::string second(size, 'b');
    const std::string_view a = arena.copy(first);
    const std::string_view small = arena.copy(std::string_view("x"));
    const std::string_view b = arena.copy(second);
    EXPECT_EQ(a, first) << size;
    EXPECT_EQ(b, second) << size;
    EXPECT_EQ(small, "x");
    EXPECT_GE(arena.reserved(), 2 * size);
  }
}

TEST(CompactDiagnostics, ReadOneAtATimeAsTheSortedList) {
  kg::test::TempVault vault;
  vault.write("b.md", "[[missing one]] [[missing two]]\n[[a#No such heading]]\n");
  vault.write("a.md", "# Heading\n[[gone]]\n");
  vault.write("c/d.md", "[[b]] [[nowhere]]\n");
  vault.write("c/Dup.md", "x\n");
  vault.write("f/Dup.md", "x\n");
  vault.write("e.md", "[[Dup]]\n");
  const kg::Graph g = load(vault, 2);
  const std::vector<kg::Diagnostic> all = g.diagnostics();
  ASSERT_EQ(g.diagnostic_count(), all.size());
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(g.diagnostic(i), all[i]);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_FALSE(kg::diagnostic_less(all[i], all[i - 1])) << i;
  }
  EXPECT_EQ(all[0].file, "a.md");
  EXPECT_EQ(all[0].code, "unresolved-link");
  EXPECT_EQ(all[0].message, "[[gone]] does not resolve to any file");
  EXPECT_EQ(all[3].code, "missing-heading");
  EXPECT_EQ(all[3].line, 2u);
  EXPECT_EQ(all[5].code, "ambiguous-link");
  EXPECT_EQ(all[5].file, "e.md");
  EXPECT_EQ(all[5].message, "[[Dup]] matches 2 files (c/Dup.md, f/Dup.md); it resolves to c/Dup.md");
  EXPECT_THROW((void)g.diagnostic(all.size()), kg::Error);
}

// A heading's key is its text's, kept apart only when markup makes them differ; links to
// both kinds resolve, and a heading spelled differently is still missing.
TEST(HeadingKeys, SubpathsFindHeadingsWhetherOrNotTheirKeyIsKept) {
  kg::test::TempVault vault;
  vault.write("t.md", "# Plain Title\n## **Bold** part\n### Sub: one\n## See [[Other|shown]] here\n");
  vault.write("s.md",
              "[[t#plain title]] [[t#Bold part]] [[t#Plain Title#Bold part#Sub one]] "
              "[[t#Nope]] [[t#See Other shown here]] [[t#See shown here]]\n");
  const kg::Graph g = load(vault);
  std::vector<std::string> statuses;
  for (const auto id : g.out_edges(*g.find("s.md"))) {
    statuses.emplace_back(kg::to_string(g.edge(id).subpath_status));
  }
  // The last heading's key (from the link as written) differs from its text's ("See shown
  // here"), so it is the one kept.
  EXPECT_EQ(statuses,
            (std::vector<std::string>{"ok", "ok", "ok", "missing", "ok", "missing"}));
}

}  // namespace
