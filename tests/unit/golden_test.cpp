// Golden vaults: fixture vaults under tests/golden and their exact exports and diagnostics.
// After a deliberate change, regenerate with KG_UPDATE_GOLDEN=1 and review the diff.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Each golden vault is tests/golden/NAME with NAME.json (export) and NAME.check.txt
// (diagnostics). "vault" covers links and resolution; "typed" covers kg.yaml, every source
// of typed edges (front matter, inline fields, list items, table columns), edge
// properties, implied edges and each schema warning; "multilang" is shaped like Obsidian's
// help vault: the same note names in several language folders at different depths, and
// headings with punctuation.
class Golden : public ::testing::TestWithParam<const char*> {};

void compare(const std::string& actual, const std::string& expected_path) {
  if (std::getenv("KG_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
  }
  const std::string expected = read_file(expected_path);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_path;
  EXPECT_EQ(actual, expected) << "differs from " << expected_path;
}

TEST_P(Golden, ExportMatchesExactly) {
  const std::string base = std::string(KG_SOURCE_DIR "/tests/golden/") + GetParam();
  const auto g = kg::Graph::load(base);
  std::ostringstream out;
  kg::io::JsonOptions options;
  options.indent = 1;
  kg::io::write_json(g, out, options);
  compare(out.str(), base + ".json");
}

TEST_P(Golden, DiagnosticsMatchExactly) {
  const std::string base = std::string(KG_SOURCE_DIR "/tests/golden/") + GetParam();
  const auto g = kg::Graph::load(base);
  std::string text;
  for (const auto& d : g.diagnostics()) text += kg::format_diagnostic(d) + "\n";
  compare(text, base + ".check.txt");
}

INSTANTIATE_TEST_SUITE_P(Vaults, Golden, ::testing::Values("vault", "typed", "multilang"));

// In a multi-language vault every link stays in its own language folder, although another
// language often has a shorter copy of the same name (ko/Sync.md against
// ar/.../Obsidian Sync/Sync.md): candidates below the linking note's folder come first.
// Every heading link finds its heading after Obsidian's punctuation stripping.
TEST(GoldenMultilang, EveryLinkStaysInItsLanguage) {
  const auto g = kg::Graph::load(KG_SOURCE_DIR "/tests/golden/multilang");
  const auto language = [](std::string_view id) { return id.substr(0, id.find('/')); };
  std::size_t links = 0;
  std::size_t headings = 0;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    const kg::Node& source = g.node(e.source);
    const kg::Node& target = g.node(e.target);
    SCOPED_TRACE(std::string(source.id) + " " + std::string(e.raw));
    ASSERT_NE(target.kind, kg::NodeKind::Ghost);
    EXPECT_EQ(language(source.id), language(target.id)) << "lands in " << target.id;
    if (e.subpath) {
      EXPECT_EQ(e.subpath_status, kg::SubpathStatus::Ok);
      ++headings;
    }
    ++links;
  }
  EXPECT_EQ(links, 41u);
  EXPECT_EQ(headings, 16u);
  for (const auto& d : g.diagnostics()) {
    EXPECT_TRUE(d.code == "ambiguous-link") << kg::format_diagnostic(d);
  }
}

}  // namespace
