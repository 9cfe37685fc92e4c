// What every export draws and how the writers spell values: the filtered graph against
// one-hop walks on random vaults, the node cap, views read from kg.yaml, Graphviz drawing in
// process, Cypher literals per dialect and formula-safe CSV fields.
#include <kg/kg.hpp>

#include "support/random_vault.hpp"
#include "support/temp_vault.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::set<std::uint32_t> ids(const std::vector<kg::RelationshipId>& rels) {
  std::set<std::uint32_t> out;
  for (const auto r : rels) out.insert(static_cast<std::uint32_t>(r));
  return out;
}

TEST(FilteredGraph, KeepsWhatOneHopWalksKeep) {
  std::mt19937 rng(11);
  for (int round = 0; round < 12; ++round) {
    kg::test::TempVault v;
    kg::test::write_random_vault(v, rng, 30);
    const kg::Graph g = kg::Graph::load(v.root());
    std::vector<kg::TraversalOptions> filters(4);
    filters[1].relations = {"supplier"};
    filters[2].types = {"company"};
    filters[2].ghosts = false;
    filters[3].as_of = "2024-06";
    filters[3].implied = false;
    for (kg::TraversalOptions o : filters) {
      const kg::Subgraph s = kg::filtered_graph(g, o);
      o.direction = kg::Direction::Both;
      // A node is kept when a walk may enter it: its own ego graph holds it.
      std::set<std::uint32_t> kept;
      for (std::uint32_t n = 0; n < g.node_count(); ++n) {
        const kg::NodeId id{n};
        const bool type_ok = o.types.empty() || std::find(o.types.begin(), o.types.end(), g.node(id).type) != o.types.end();
        const bool ghost_ok = o.ghosts || g.node(id).kind != kg::NodeKind::Ghost;
        if (type_ok && ghost_ok) kept.insert(n);
      }
      std::set<std::uint32_t> nodes;
      for (const auto n : s.nodes) nodes.insert(static_cast<std::uint32_t>(n));
      EXPECT_EQ(nodes, kept) << "round " << round;
      // A relationship is kept when both ends are and a one-hop walk from its source takes it.
      std::set<std::uint32_t> want;
      for (std::uint32_t r = 0; r < g.relationship_count(); ++r) {
        const kg::Relationship rel = g.relationship(kg::RelationshipId{r});
        if (!kept.contains(static_cast<std::uint32_t>(rel.source)) || !kept.contains(static_cast<std::uint32_t>(rel.target))) continue;
        const kg::NodeId start = rel.source;
        const kg::EgoGraph ego = kg::ego_graph(g, std::span(&start, 1), 1, o);
        if (ids(ego.relationships).contains(r)) want.insert(r);
      }
      EXPECT_EQ(ids(s.relationships), want) << "round " << round;
      EXPECT_TRUE(s.complete);
      EXPECT_EQ(s.total_nodes, s.nodes.size());
    }
  }
}

TEST(MostConnected, KeepsTheHighestDegreesAndTheRelationshipsAmongThem) {
  std::mt19937 rng(5);
  kg::test::TempVault v;
  kg::test::write_random_vault(v, rng, 60);
  const kg::Graph g = kg::Graph::load(v.root());
  const kg::Subgraph all = kg::filtered_graph(g);
  std::map<std::uint32_t, std::size_t> degree;
  for (const auto r : all.relationships) {
    const kg::Relationship rel = g.relationship(r);
    ++degree[static_cast<std::uint32_t>(rel.source)];
    if (rel.source != rel.target) ++degree[static_cast<std::uint32_t>(rel.target)];
  }
  for (const std::size_t cap : {1u, 7u, 20u}) {
    const kg::Subgraph s = kg::most_connected(g, all, cap);
    ASSERT_EQ(s.nodes.size(), cap);
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.total_nodes, all.nodes.size());
    std::set<std::uint32_t> kept;
    for (const auto n : s.nodes) kept.insert(static_cast<std::uint32_t>(n));
    std::size_t lowest_kept = SIZE_MAX;
    for (const auto n : kept) lowest_kept = std::min(lowest_kept, degree[n]);
    for (const auto n : all.nodes) {
      if (!kept.contains(static_cast<std::uint32_t>(n))) {
        EXPECT_LE(degree[static_cast<std::uint32_t>(n)], lowest_kept);
      }
    }
    std::set<std::uint32_t> among;
    for (const auto r : all.relationships) {
      const kg::Relationship rel = g.relationship(r);
      if (kept.contains(static_cast<std::uint32_t>(rel.source)) && kept.contains(static_cast<std::uint32_t>(rel.target))) {
        among.insert(static_cast<std::uint32_t>(r));
      }
    }
    EXPECT_EQ(ids(s.relationships), among);
  }
  EXPECT_TRUE(kg::most_connected(g, all, all.nodes.size()).complete);
}

TEST(Views, ReadFromKgYamlWithTheirProblemsReported) {
  kg::test::TempVault v;
  v.write("kg.yaml",
          "views:\n"
          "  rules:\n"
          "    description: chips and rules\n"
          "    focus: US export controls, 2025 | draft\n"
          "    depth: 2\n"
          "    direction: both\n"
          "    relations: [subject_to, develops]\n"
          "    types: company|chip\n"
          "    as_of: 2025-06\n"
          "    max_nodes: 0\n"
          "    format: svg\n"
          "    rankdir: TB\n"
          "    clusters: false\n"
          "  odd:\n"
          "    direction: sideways\n"
          "    format: bmp\n"
          "    colour: red\n"
          "    depth: -1\n");
  v.write("A.md", "x\n");
  const kg::Graph g = kg::Graph::load(v.root());
  ASSERT_EQ(g.views().size(), 2u);
  const kg::ViewSpec& r = g.views()[0];
  EXPECT_EQ(r.name, "rules");
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.focus, std::vector<std::string>{"US export controls, 2025 | draft"});  // a name, whole
  EXPECT_EQ(r.depth, 2u);
  EXPECT_EQ(r.relations, (std::vector<std::string>{"subject_to", "develops"}));
  EXPECT_EQ(r.types, (std::vector<std::string>{"company", "chip"}));
  EXPECT_EQ(r.as_of, "2025-06");
  EXPECT_EQ(r.max_nodes, std::optional<std::size_t>(0));
  EXPECT_EQ(r.format, "svg");
  EXPECT_EQ(r.rankdir, "TB");
  EXPECT_EQ(r.clusters, std::optional<bool>(false));
  const kg::ViewSpec& odd = g.views()[1];
  EXPECT_TRUE(odd.direction.empty());
  EXPECT_TRUE(odd.format.empty());
  EXPECT_EQ(odd.depth, 1u);
  std::map<std::uint32_t, std::string> problems;
  for (const auto& d : g.diagnostics()) {
    if (d.file == "kg.yaml") problems[d.line] = d.code;
  }
  EXPECT_EQ(problems, (std::map<std::uint32_t, std::string>{
                          {15, "config-invalid"}, {16, "config-invalid"}, {17, "config-unknown-key"}, {18, "config-invalid"}}));
}

TEST(Render, DrawsSvgAndPngInProcessAndReportsGraphvizErrors) {
  const std::string dot = "digraph g { a [URL=\"x.md\"]; a -> b [label=\"supplier\"]; }";
  const std::string svg = kg::io::render(dot, kg::io::ImageFormat::Svg);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("xlink:href=\"x.md\""), std::string::npos);
  EXPECT_NE(svg.find(">supplier</text>"), std::string::npos);
  const std::string png = kg::io::render(dot, kg::io::ImageFormat::Png);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  try {
    kg::io::render("digraph { a -> ", kg::io::ImageFormat::Svg);
    FAIL() << "Graphviz accepted a broken document";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
  // Graphviz keeps global state: calls from several threads take turns and agree.
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < out.size(); ++i) {
    threads.emplace_back([&, i] { out[i] = kg::io::render(dot, kg::io::ImageFormat::Svg); });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : out) EXPECT_EQ(s, svg);
}

TEST(Cypher, LiteralsAndNamesPerDialect) {
  kg::test::TempVault v;
  v.write("kg.yaml", "relations:\n  supplier: {}\n");
  v.write("it's \\ here.md",
          "---\ntype: maker\nnote: \"two\\nlines\"\nratio: 3\nbig: 1.0e20\nmixed: 1\n---\nsupplier:: [[B]]\n");
  v.write("B.md", "---\ntype: maker\nratio: 2.5\nmixed: yes\n---\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const kg::Subgraph all = kg::filtered_graph(g);
  std::ostringstream neo4j;
  kg::io::write_cypher(g, all, neo4j);
  const std::string n = neo4j.str();
  EXPECT_NE(n.find("c1: 'it\\'s \\\\ here'"), std::string::npos) << n;
  EXPECT_NE(n.find("'two\\u000Alines'"), std::string::npos) << n;
  EXPECT_NE(n.find("1e20"), std::string::npos) << n;      // a float column: no '+' in the exponent
  EXPECT_NE(n.find(": 3.0"), std::string::npos) << n;     // 3 in a float column stays a float
  EXPECT_NE(n.find(": '1'"), std::string::npos) << n;     // a column of 1 and yes is text
  EXPECT_NE(n.find("CREATE (n:KgNode:`maker` {"), std::string::npos) << n;
  EXPECT_NE(n.find("MATCH (n:KgNode) REMOVE n:KgNode;"), std::string::npos) << n;
  std::ostringstream kuzu;
  kg::io::CypherOptions options;
  options.dialect = kg::io::CypherDialect::Kuzu;
  kg::io::write_cypher(g, all, kuzu, options);
  const std::string k = kuzu.str();
  EXPECT_NE(k.find("'two\nlines'"), std::string::npos) << k;  // Kuzu takes control characters as written
  EXPECT_NE(k.find("CREATE NODE TABLE `maker`(id STRING PRIMARY KEY"), std::string::npos) << k;
  EXPECT_NE(k.find("`ratio` DOUBLE"), std::string::npos) << k;
  EXPECT_NE(k.find("CREATE REL TABLE `supplier`(FROM `maker` TO `maker`"), std::string::npos) << k;
  EXPECT_NE(k.find("CAST(NULL AS STRING)"), std::string::npos) << k;  // B has no note
  EXPECT_EQ(k.find("KgNode"), std::string::npos);
}

TEST(Csv, FieldsAreQuotedAndFormulaSafe) {
  EXPECT_EQ(kg::io::csv_field("plain"), "plain");
  EXPECT_EQ(kg::io::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(kg::io::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(kg::io::csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(kg::io::csv_field("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(kg::io::csv_field("+1"), "'+1");
  EXPECT_EQ(kg::io::csv_field("-1"), "'-1");
  EXPECT_EQ(kg::io::csv_field("@x"), "'@x");
  EXPECT_EQ(kg::io::csv_field("\tx"), "'\tx");
  EXPECT_EQ(kg::io::csv_field("=a,b"), "\"'=a,b\"");
  EXPECT_EQ(kg::io::csv_field(""), "");
}

}  // namespace

// A note may state a key twice, once with a link (an edge, left out of the columns) and once
// with a value: every tabular writer writes the value its column was typed from, once. The
// writers' fuzzer found Neo4j CSV writing the link's text, quote and all, unquoted in a
// boolean column.
TEST(Columns, AKeyStatedTwiceWritesTheValueItsColumnWasTypedFrom) {
  kg::test::TempVault v;
  v.write("A.md", "flag:: see \"[[B]]\", x\nflag:: true\n");
  v.write("B.md", "flag:: false\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const kg::Subgraph all = kg::filtered_graph(g);
  std::ostringstream csv;
  kg::io::write_neo4j_nodes(g, all, csv);
  EXPECT_NE(csv.str().find(",flag:boolean\n"), std::string::npos) << csv.str();
  EXPECT_NE(csv.str().find("\nA.md,note,A,note,A.md,,,true\n"), std::string::npos) << csv.str();
  EXPECT_EQ(csv.str().find("[[B]]"), std::string::npos) << csv.str();
  std::ostringstream graphml;
  kg::io::write_graphml(g, graphml);
  const std::string x = graphml.str();
  EXPECT_EQ(x.find("[[B]]"), std::string::npos) << x;
  const auto first = x.find(">true</data>");
  ASSERT_NE(first, std::string::npos) << x;
  EXPECT_EQ(x.find(">true</data>", first + 1), std::string::npos) << x;
  std::ostringstream cypher;
  kg::io::write_cypher(g, all, cypher);
  EXPECT_EQ(cypher.str().find("[[B]]"), std::string::npos) << cypher.str();
}
