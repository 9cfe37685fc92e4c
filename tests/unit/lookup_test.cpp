// Graph::lookup and Graph::match_note: what a NOTE argument names. A name several notes share
// is an error listing them (NoteAmbiguous); a name that matches nothing is an error that
// suggests the closest titles, aliases and paths (NoteNotFound), as git's "did you mean".
#include "support/temp_vault.hpp"

#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using kg::test::TempVault;

class Lookup : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_.write("chips/Widget.md", "A chip.\n");
    vault_.write("models/Widget.md", "A model.\n");
    vault_.write("companies/Alibaba.md", "---\naliases: [BABA]\n---\n[[Ghosty]]\n");
    vault_.write("companies/Alibaba Cloud.md", "Cloud.\n");
    vault_.write("NVIDIA H200.md", "---\naliases: [H200]\n---\nA GPU.\n");
    vault_.write("x/Shared.md", "---\naliases: [Twin]\n---\n");
    vault_.write("y/Other.md", "---\naliases: [Twin]\n---\n");
    vault_.write("中文笔记.md", "CJK.\n");
  }
  kg::Graph load(kg::Profile profile = kg::Profile::Kg) const {
    kg::LoadOptions options;
    options.profile = profile;
    return kg::Graph::load(vault_.root(), options);
  }
  static std::string id_of(const kg::Graph& g, std::string_view note) {
    return std::string(g.node(g.lookup(note)).id);
  }
  static std::vector<std::string> suggested_ids(const kg::NoteMatch& m) {
    std::vector<std::string> ids;
    for (const auto& s : m.suggestions) ids.push_back(s.id);
    return ids;
  }

  TempVault vault_;
};

TEST_F(Lookup, ANameTwoNotesShareIsAnErrorListingBoth) {
  const kg::Graph g = load();
  const kg::NoteMatch m = g.match_note("Widget");
  EXPECT_FALSE(m.node);
  EXPECT_EQ(m.candidates, (std::vector<std::string>{"chips/Widget.md", "models/Widget.md"}));
  try {
    (void)g.lookup("Widget");
    FAIL() << "lookup picked one of two notes";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::NoteAmbiguous);
    EXPECT_EQ(kg::to_string(e.code()), "note-ambiguous");
    const std::string what = e.what();
    EXPECT_NE(what.find("'chips/Widget.md'"), std::string::npos) << what;
    EXPECT_NE(what.find("'models/Widget.md'"), std::string::npos) << what;
  }
  EXPECT_THROW((void)g.lookup("[[widget]]"), kg::Error);
}

TEST_F(Lookup, AnAliasTwoNotesShareIsAmbiguousToo) {
  const kg::Graph g = load();
  EXPECT_EQ(g.match_note("Twin").candidates,
            (std::vector<std::string>{"x/Shared.md", "y/Other.md"}));
}

TEST_F(Lookup, APathNamesOneNoteHoweverItIsWritten) {
  const kg::Graph g = load();
  EXPECT_EQ(id_of(g, "chips/Widget"), "chips/Widget.md");
  EXPECT_EQ(id_of(g, "chips/Widget.md"), "chips/Widget.md");
  EXPECT_EQ(id_of(g, "./models/Widget.md"), "models/Widget.md");
  EXPECT_EQ(id_of(g, "/models/Widget"), "models/Widget.md");
  EXPECT_EQ(id_of(g, "[[models/Widget]]"), "models/Widget.md");
  EXPECT_EQ(id_of(g, "  BABA "), "companies/Alibaba.md");
  EXPECT_EQ(id_of(g, "Ghosty"), "ghost:ghosty");  // a missing note links point at
}

TEST_F(Lookup, ResolvingFromAnAmbiguousNoteIsAnError) {
  const kg::Graph g = load();
  try {
    (void)g.resolve("[[Alibaba]]", "Widget");
    FAIL() << "resolved from one of two notes";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::NoteAmbiguous);
  }
  EXPECT_TRUE(g.resolve("[[Alibaba]]", "chips/Widget").resolved);
}

TEST_F(Lookup, NoMatchSuggestsTheClosestNames) {
  const kg::Graph g = load();
  // A typo (edit distance, case-insensitive; a swap of neighbours counts one).
  kg::NoteMatch m = g.match_note("nvdia h200");
  EXPECT_FALSE(m.node);
  EXPECT_TRUE(m.candidates.empty());
  ASSERT_FALSE(m.suggestions.empty());
  EXPECT_EQ(m.suggestions[0].name, "NVIDIA H200");
  EXPECT_EQ(m.suggestions[0].id, "NVIDIA H200.md");
  EXPECT_EQ(g.match_note("Alibaab").suggestions.at(0).id, "companies/Alibaba.md");
  // A typo in the beginning of a longer name.
  EXPECT_EQ(suggested_ids(g.match_note("NVDIA")), (std::vector<std::string>{"NVIDIA H200.md"}));
  // A prefix: the shorter name first, one suggestion per note.
  m = g.match_note("alib");
  EXPECT_EQ(suggested_ids(m),
            (std::vector<std::string>{"companies/Alibaba.md", "companies/Alibaba Cloud.md"}));
  // A substring, and an alias.
  EXPECT_EQ(suggested_ids(g.match_note("cloud")),
            (std::vector<std::string>{"companies/Alibaba Cloud.md"}));
  m = g.match_note("BABBA");
  ASSERT_FALSE(m.suggestions.empty());
  EXPECT_EQ(m.suggestions[0].name, "BABA");
  EXPECT_EQ(m.suggestions[0].id, "companies/Alibaba.md");
  // Wide characters count as one code point each.
  EXPECT_EQ(suggested_ids(g.match_note("中文笔")), (std::vector<std::string>{"中文笔记.md"}));
  // With a '/', paths are compared.
  EXPECT_EQ(suggested_ids(g.match_note("chips/Widgte")),
            (std::vector<std::string>{"chips/Widget.md"}));
  // Nothing close: no suggestions.
  EXPECT_TRUE(g.match_note("zzzzqqqq").suggestions.empty());
}

TEST_F(Lookup, TheNotFoundErrorCarriesTheSuggestions) {
  const kg::Graph g = load();
  try {
    (void)g.lookup("NVIDA H200");
    FAIL() << "found a note that does not exist";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::NoteNotFound);
    EXPECT_EQ(std::string(e.what()),
              "no note matches 'NVIDA H200'; did you mean 'NVIDIA H200' (NVIDIA H200.md)?");
  }
  try {
    (void)g.lookup("zzzzqqqq");
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::NoteNotFound);
    EXPECT_EQ(std::string(e.what()), "no note matches 'zzzzqqqq'");
  }
}

TEST_F(Lookup, AliasesAreNotSuggestedWhereTheyDoNotResolve) {
  const kg::Graph g = load(kg::Profile::Obsidian);
  EXPECT_THROW((void)g.lookup("BABA"), kg::Error);
  for (const auto& s : g.match_note("BABBA").suggestions) EXPECT_NE(s.name, "BABA");
}

}  // namespace
