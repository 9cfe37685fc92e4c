// The sample vault in notes/ is the demo's data: it must stay clean, typed and complete.
// These tests pin what the actor knowledge base promises: every required actor resolves by
// its title and each alias, most edges are typed, and the schema's features are used.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <optional>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

namespace {

const kg::Graph& sample() {
  static const kg::Graph g = kg::Graph::load(KG_SOURCE_DIR "/notes");
  return g;
}

TEST(SampleVault, IsCleanUnderTheSchema) {
  const auto& g = sample();
  for (const auto& d : g.diagnostics()) ADD_FAILURE() << kg::format_diagnostic(d);
  EXPECT_FALSE(g.schema().empty());
  EXPECT_GE(g.stats().notes, 45u);
  EXPECT_EQ(g.stats().ghosts, 0u);
}

TEST(SampleVault, EveryRequiredActorResolvesByTitleAndEveryAlias) {
  const auto& g = sample();
  const std::vector<std::pair<std::string, std::string>> actors = {
      {"Alibaba", "company"}, {"Alibaba Cloud", "company"}, {"T-Head", "company"},
      {"ByteDance", "company"}, {"Baidu", "company"}, {"Tencent", "company"},
      {"Huawei", "company"}, {"DeepSeek", "company"}, {"NVIDIA", "company"},
      {"AMD", "company"}, {"BMW", "company"}, {"Apple", "company"},
      {"Goldman Sachs", "investor"}, {"Morgan Stanley", "investor"}, {"ARK Invest", "investor"},
      {"Qwen", "model"}, {"Qwen2.5", "model"}, {"Qwen3", "model"}, {"Qwen3-Max", "model"},
      {"Qwen3-Next", "model"}, {"Qwen3-Coder", "model"}, {"Qwen-Image", "model"},
      {"Wan2.2", "model"}, {"DeepSeek-R1", "model"}, {"Doubao", "model"}, {"ERNIE", "model"},
      {"ERNIE X1.1", "model"}, {"Hunyuan", "model"}, {"NVIDIA H200", "chip"},
      {"NVIDIA B200", "chip"}, {"XuanTie C930", "chip"}, {"XuanTie C920", "chip"},
      {"XuanTie C907", "chip"}, {"XuanTie R910", "chip"}, {"Hanguang", "chip"},
      {"Yitian", "chip"}, {"US export controls on advanced AI chips", "export_control"},
      {"Restrictions on EUV-made chips", "export_control"}, {"ModelScope", "product"},
      {"Quark", "product"}, {"DingTalk", "product"}, {"DingTalk A1", "product"},
      {"China", "place"}, {"Hangzhou", "place"}, {"United States", "place"},
      {"RISC-V", "concept"}, {"AI hyperscalers", "concept"}, {"Wearable AI", "concept"},
      {"Open-source models", "concept"}, {"Eddie Wu", "person"}};
  for (const auto& [title, type] : actors) {
    const kg::Resolution r = g.resolve("[[" + title + "]]");
    ASSERT_TRUE(r.resolved) << title;
    EXPECT_FALSE(r.ambiguous) << title;
    const kg::Node& node = g.node(*g.find(*r.target));
    EXPECT_EQ(node.title, title);
    EXPECT_EQ(node.type, type) << title;
    for (const auto& alias : node.aliases) {
      const kg::Resolution a = g.resolve("[[" + std::string(alias) + "]]");
      EXPECT_TRUE(a.resolved && !a.ambiguous && a.target == r.target)
          << "alias '" << alias << "' of " << title;
    }
  }
  const auto aliases_of = [&](const std::string& title) {
    return g.node(g.lookup(title)).aliases;
  };
  for (const std::string alias : {"BABA", "9988"}) {
    const auto list = aliases_of("Alibaba");
    EXPECT_NE(std::find(list.begin(), list.end(), alias), list.end()) << alias;
  }
  const auto cloud = aliases_of("Alibaba Cloud");
  EXPECT_NE(std::find(cloud.begin(), cloud.end(), "Aliyun"), cloud.end());
}

TEST(SampleVault, MostEdgesBetweenNotesAreTypedAndManyRelationsAreUsed) {
  const auto& g = sample();
  std::size_t between_notes = 0;
  std::size_t typed = 0;
  std::set<std::string> relations;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    if (e.implied) continue;  // count what the notes state
    if (g.node(e.source).kind != kg::NodeKind::Note || g.node(e.target).kind != kg::NodeKind::Note) {
      continue;
    }
    ++between_notes;
    if (e.relation != "links_to" && e.relation != "embeds") {
      ++typed;
      relations.insert(std::string(e.relation));
    }
  }
  ASSERT_GT(between_notes, 0u);
  EXPECT_GE(typed * 100, between_notes * 80) << typed << " of " << between_notes;
  EXPECT_GE(relations.size(), 12u);
  for (const char* required :
       {"develops", "subsidiary_of", "supplier", "competitor", "partner", "subject_to",
        "based_on", "part_of", "headquartered_in", "located_in", "ceo_of", "invests_in", "rates",
        "operates", "uses"}) {
    EXPECT_TRUE(relations.count(required)) << required;
  }
}

// Facts the issue names, read back as edges with their properties.
std::optional<kg::Edge> stated_edge(const kg::Graph& g, std::string_view from, std::string_view relation,
                                    std::string_view to) {
  const kg::NodeId a = g.lookup(from);
  const kg::NodeId b = g.lookup(to);
  for (const auto id : g.out_edges(a)) {
    const kg::Edge& e = g.edge(id);
    if (!e.implied && e.target == b && e.relation == relation && !e.properties.empty()) return e;
  }
  return std::nullopt;
}

std::string prop(const kg::Edge& e, std::string_view key) {
  for (const auto& [k, v] : e.properties) {
    if (k == key) return v.kind() == kg::Value::Kind::Int ? std::to_string(v.as_int()) : std::string(v.text());
  }
  return "<none>";
}

TEST(SampleVault, EdgePropertiesCarryStatusSinceAndSources) {
  const auto& g = sample();
  const std::optional<kg::Edge> h200 =
      stated_edge(g, "NVIDIA H200", "subject_to", "US export controls on advanced AI chips");
  ASSERT_TRUE(h200);
  EXPECT_EQ(prop(*h200, "status"), "approved");
  EXPECT_EQ(prop(*h200, "since"), "2025-12");
  const std::optional<kg::Edge> b200 =
      stated_edge(g, "NVIDIA B200", "subject_to", "US export controls on advanced AI chips");
  ASSERT_TRUE(b200);
  EXPECT_EQ(prop(*b200, "status"), "blocked");
  const std::optional<kg::Edge> ceo = stated_edge(g, "Eddie Wu", "ceo_of", "Alibaba");
  ASSERT_TRUE(ceo);
  EXPECT_EQ(prop(*ceo, "since"), "2023");
  // Goldman Sachs' target: $163 until 2025-09, $179 since; two relationships, as their
  // targets differ, and each valid on its own side of the date.
  const std::optional<kg::Edge> gs = stated_edge(g, "Goldman Sachs", "rates", "Alibaba");
  ASSERT_TRUE(gs);
  EXPECT_EQ(prop(*gs, "rating"), "Buy");
  EXPECT_EQ(prop(*gs, "target_price_usd"), "163");
  EXPECT_EQ(prop(*gs, "until"), "2025-09");
  std::vector<std::string> targets;
  for (const auto r : g.out_relationships(g.lookup("Goldman Sachs"))) {
    const kg::Relationship rel = g.relationship(r);
    if (rel.relation != "rates") continue;
    const auto target = rel.properties.find("target_price_usd");
    ASSERT_TRUE(target.has_value());
    targets.push_back(std::to_string(target->as_int()));
  }
  EXPECT_EQ(targets, (std::vector<std::string>{"163", "179"}));
  for (const auto& [date, expected] : {std::pair{"2025-06", "163"}, std::pair{"2026-01", "179"}}) {
    kg::TraversalOptions at;
    at.as_of = date;
    at.relations = {"rates"};
    const kg::EgoGraph ego = kg::ego_graph(g, std::vector<kg::NodeId>{g.lookup("Goldman Sachs")}, 1, at);
    ASSERT_EQ(ego.relationships.size(), 1u) << date;
    EXPECT_EQ(g.relationship(ego.relationships[0]).properties.find("target_price_usd")->as_int(),
              std::stoi(expected))
        << date;
  }

  // Two sources disagree on the cloud share in China; the graph keeps both.
  std::set<std::string> shares;
  for (const auto id : g.out_edges(g.lookup("Alibaba Cloud"))) {
    const kg::Edge& e = g.edge(id);
    if (e.relation == "market_share_in" && g.node(e.target).title == "China") {
      shares.insert(prop(e, "share") + " per " + prop(e, "source"));
    }
  }
  EXPECT_EQ(shares, (std::set<std::string>{"35% per Alibaba actor note", "47% per Goldman Sachs"}));
}

// The README draws part of the sample graph; every arrow in it is an edge a note states.
TEST(SampleVault, EveryArrowOfTheReadmePictureIsAStatedEdge) {
  const auto& g = sample();
  const std::vector<std::array<const char*, 3>> drawn = {
      {"Eddie Wu", "ceo_of", "Alibaba"},
      {"Alibaba", "develops", "Qwen"},
      {"Qwen", "has_part", "Qwen3"},
      {"DeepSeek", "develops", "DeepSeek-R1"},
      {"Alibaba", "competitor", "DeepSeek"},
      {"Qwen2.5", "responds_to", "DeepSeek-R1"},
      {"Alibaba", "supplier", "NVIDIA"},
      {"NVIDIA", "develops", "NVIDIA H200"},
      {"NVIDIA H200", "subject_to", "US export controls on advanced AI chips"},
      {"Alibaba Cloud", "uses", "NVIDIA H200"},
      {"NVIDIA B200", "subject_to", "US export controls on advanced AI chips"},
      {"Alibaba", "headquartered_in", "Hangzhou"},
      {"Hangzhou", "located_in", "China"},
      {"T-Head", "subsidiary_of", "Alibaba"},
      {"T-Head", "develops", "XuanTie C930"},
      {"XuanTie C930", "based_on", "RISC-V"},
      {"Goldman Sachs", "rates", "Alibaba"}};
  for (const auto& [from, relation, to] : drawn) {
    const kg::NodeId a = g.lookup(from);
    const kg::NodeId b = g.lookup(to);
    bool stated = false;
    for (const auto id : g.out_edges(a)) {
      const kg::Edge& e = g.edge(id);
      stated |= !e.implied && e.target == b && e.relation == relation;
    }
    EXPECT_TRUE(stated) << from << " -" << relation << "-> " << to;
  }
}

}  // namespace
