// The diagram writers. DOT: byte for byte on a fixture vault, and valid to Graphviz itself
// (`dot`, installed by tools/setup.sh) whatever the titles hold. Mermaid: titles cannot
// leave their labels, and a chart too large to render is refused unless forced.
#include <kg/kg.hpp>

#include "support/temp_vault.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether `dot -Tsvg` reads `text` without an error; nullopt when Graphviz is missing.
std::optional<bool> graphviz_accepts(const std::string& text) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) return std::nullopt;
  const auto dir = std::filesystem::temp_directory_path();
  const auto in = dir / ("kg-dot-test-" + std::to_string(::getpid()) + ".dot");
  std::ofstream(in, std::ios::binary) << text;
  const std::string command = "dot -Tsvg '" + in.string() + "' -o /dev/null 2>/dev/null";
  const int status = std::system(command.c_str());
  std::filesystem::remove(in);
  return status == 0;
}

TEST(Dot, FixtureVaultByteForByte) {
  const std::filesystem::path source(KG_SOURCE_DIR);
  const kg::Graph g = kg::Graph::load(source / "tests/fixtures/query-vault");
  const std::string text = kg::io::dot(g);
  EXPECT_EQ(text, read(source / "tests/golden/dot/query-vault.dot"))
      << "regenerate with: build/bin/kg --vault tests/fixtures/query-vault export --format dot > "
         "tests/golden/dot/query-vault.dot";
  // One arrow per relationship, implied ones dashed; the ghost dotted.
  std::size_t arrows = 0;
  for (std::size_t at = text.find(" -> "); at != std::string::npos; at = text.find(" -> ", at + 1)) ++arrows;
  EXPECT_EQ(arrows, g.relationship_count());
  EXPECT_NE(text.find("style=dashed"), std::string::npos);
  EXPECT_NE(text.find("style=\"dotted,filled\""), std::string::npos);
  const auto ok = graphviz_accepts(text);
  if (ok) {
    EXPECT_TRUE(*ok);
  }
}

TEST(Dot, HostileTitlesStayInsideTheirStrings) {
  kg::test::TempVault v;
  // The longest title a vault can give: an unresolved link's target (4,096 bytes at most).
  const std::string long_title(4000, 'x');
  v.write("A.md",
          "[[say \"hi\" \\ there]] [[node]] [[edge]] [[<script>alert(1)</script>]] [[a & b]] "
          "[[tab\there]] [[=SUM(A1)]] [[\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D]] [[emoji \xF0\x9F\x98\x80]] [[" +
              long_title + "]] [[ends with \\]]\n");
  v.write("quote\"name.md", "---\ntype: \"weird\\\" type {\"\n---\n[[A]]\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const std::string text = kg::io::dot(g);
  // Every quote inside a string is escaped: the quotes left unescaped pair up on each line.
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::size_t quotes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
        continue;
      }
      quotes += line[i] == '"';
    }
    EXPECT_EQ(quotes % 2, 0u) << line.substr(0, 200);
  }
  EXPECT_EQ(text.find(long_title), std::string::npos);  // labels are cut
  EXPECT_NE(text.find("label=\"" + std::string(60, 'x') + "\xE2\x80\xA6\""), std::string::npos);
  EXPECT_NE(text.find("say \\\"hi\\\" \\\\ there"), std::string::npos);
  EXPECT_EQ(text.find('\t'), std::string::npos);
  const auto ok = graphviz_accepts(text);
  if (!ok) GTEST_SKIP() << "Graphviz's dot is not installed: the escaping was checked, not the parse";
  EXPECT_TRUE(*ok);
}

TEST(Mermaid, HostileTitlesBecomeEntitiesAndLargeChartsAreRefused) {
  kg::test::TempVault v;
  v.write("say \"hi\" #1 <b> & `x`.md", "x\n");  // a file name may hold all of these
  v.write("A.md", "[[line]] [[end]] [[" + std::string(300, 'y') + "]]\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const std::string chart = kg::io::mermaid(g);
  EXPECT_EQ(chart.rfind("flowchart LR\n", 0), 0u);
  EXPECT_NE(chart.find("[\"say #quot;hi#quot; #35;1 #lt;b#gt; #amp; #96;x#96;\"]"), std::string::npos) << chart;
  EXPECT_EQ(chart.find(std::string(300, 'y')), std::string::npos);  // labels are cut
  std::istringstream lines(chart);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(std::count(line.begin(), line.end(), '"') % 2, 0) << line;
    EXPECT_EQ(line.find('<'), std::string::npos) << line;
  }
  EXPECT_NE(chart.find("classDef ghost"), std::string::npos);
  kg::io::MermaidOptions small;
  small.max_nodes = 3;
  EXPECT_THROW(kg::io::mermaid(g, small), kg::Error);
  small.force = true;
  EXPECT_EQ(kg::io::mermaid(g, small), chart);
}

}  // namespace
