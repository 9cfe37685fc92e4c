// Relationships: the statements of one (source, relation, target) folded into one fact, with
// disagreeing sources kept apart and implied facts marked.
#include <kg/kg.hpp>

#include "support/temp_vault.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

constexpr const char* kSchema = R"(relations:
  supplier: {inverse: customer}
  competitor: {symmetric: true}
  market_share_in: {}
)";

kg::Graph load(const kg::test::TempVault& vault) {
  kg::LoadOptions options;
  options.threads = 1;
  return kg::Graph::load(vault.root(), options);
}

std::vector<kg::RelationshipId> out_of(const kg::Graph& g, const std::string& id,
                                       std::string_view relation) {
  std::vector<kg::RelationshipId> out;
  for (const auto r : g.out_relationships(*g.find(id))) {
    if (g.relationship(r).relation == relation) out.push_back(r);
  }
  return out;
}

// One fact stated four ways in one note (front matter, inline field, table, list) is one
// relationship whose provenance lists all four statements.
TEST(Relationships, OneFactInFourSyntaxesIsOneRelationship) {
  kg::test::TempVault vault;
  vault.write("kg.yaml", kSchema);
  vault.write("Acme.md",
              "---\nsupplier: \"[[Chipco]]\"\n---\n"
              "supplier:: [[Chipco]]\n\n"
              "| supplier |\n|---|\n| [[Chipco]] |\n\n"
              "- [[Chipco]] — supplier\n");
  vault.write("Chipco.md", "Chips.\n");
  const kg::Graph g = load(vault);

  const auto rels = out_of(g, "Acme.md", "supplier");
  ASSERT_EQ(rels.size(), 1u);
  const kg::Relationship& r = g.relationship(rels[0]);
  EXPECT_FALSE(r.implied);
  EXPECT_EQ(g.node(r.target).id, "Chipco.md");
  ASSERT_EQ(r.statements.size(), 4u);
  std::vector<std::string> origins;
  for (const auto e : r.statements) {
    origins.emplace_back(kg::to_string(g.edge(e).origin));
    EXPECT_EQ(g.relationship_of(e), rels[0]);
  }
  EXPECT_EQ(origins, (std::vector<std::string>{"frontmatter", "inline_field", "table", "list"}));

  // The inverse is one implied relationship, not four, next to the stated one.
  const auto back = out_of(g, "Chipco.md", "customer");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(g.relationship(back[0]).implied);
  EXPECT_EQ(g.node(g.relationship(back[0]).target).id, "Acme.md");
  const auto in = g.in_relationships(*g.find("Chipco.md"));
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0], rels[0]);

  const kg::Stats s = g.stats();
  EXPECT_EQ(s.relationships, 2u);
  EXPECT_EQ(s.implied_relationships, 1u);
  EXPECT_EQ(s.edges, 4u + s.implied_edges);
}

// Two sources that disagree (the same key, different values) stay two relationships; a
// statement without properties joins the first; one that agrees joins it and adds its keys.
TEST(Relationships, DisagreeingSourcesStayApart) {
  kg::test::TempVault vault;
  vault.write("kg.yaml", kSchema);
  vault.write("Cloud.md",
              "---\n"
              "market_share_in:\n"
              "  - \"[[China]]\": {share: 35%, source: Actor note}\n"
              "  - \"[[China]]\": {share: 47%, source: Goldman Sachs}\n"
              "  - \"[[China]]\": {share: 35%, date: 2026-01}\n"
              "---\n"
              "market_share_in:: [[China]]\n");
  vault.write("China.md", "A place.\n");
  const kg::Graph g = load(vault);

  const auto rels = out_of(g, "Cloud.md", "market_share_in");
  ASSERT_EQ(rels.size(), 2u);
  const kg::Relationship& first = g.relationship(rels[0]);
  const kg::Relationship& second = g.relationship(rels[1]);
  EXPECT_EQ(first.statements.size(), 3u);  // 35%, the agreeing 35% with a date, the bare field
  EXPECT_EQ(second.statements.size(), 1u);
  const kg::ValueRef share = first.properties[0].value;
  EXPECT_EQ(first.properties[0].key, "share");
  EXPECT_EQ(share.text(), "35%");
  ASSERT_EQ(first.properties.size(), 3u);
  EXPECT_EQ(first.properties[2].key, "date");
  EXPECT_EQ(second.properties[0].value.text(), "47%");
  EXPECT_EQ(second.properties[1].value.text(), "Goldman Sachs");
}

// A symmetric fact stated from both sides is two stated relationships, neither implied, and
// inference adds nothing; stated once, its mirror is an implied relationship.
TEST(Relationships, ImpliedOnlyWhenNoStatementStatesIt) {
  kg::test::TempVault vault;
  vault.write("kg.yaml", kSchema);
  vault.write("A.md", "competitor:: [[B]], [[C]]\n");
  vault.write("B.md", "competitor:: [[A]]\n");
  vault.write("C.md", "Quiet.\n");
  const kg::Graph g = load(vault);

  const auto ba = out_of(g, "B.md", "competitor");
  ASSERT_EQ(ba.size(), 1u);
  EXPECT_FALSE(g.relationship(ba[0]).implied);
  EXPECT_EQ(g.relationship(ba[0]).statements.size(), 1u);
  const auto ca = out_of(g, "C.md", "competitor");
  ASSERT_EQ(ca.size(), 1u);
  EXPECT_TRUE(g.relationship(ca[0]).implied);
  EXPECT_TRUE(g.edge(g.relationship(ca[0]).statements[0]).implied);
  // Relationship ids follow their first statement: stated ones first.
  for (std::size_t i = 1; i < g.relationship_count(); ++i) {
    const auto prev = g.relationship(static_cast<kg::RelationshipId>(i - 1)).statements[0];
    const auto cur = g.relationship(static_cast<kg::RelationshipId>(i)).statements[0];
    EXPECT_LT(prev, cur);
  }
}

// Without inference there are no implied relationships at all.
TEST(Relationships, NoImpliedOption) {
  kg::test::TempVault vault;
  vault.write("kg.yaml", kSchema);
  vault.write("A.md", "competitor:: [[B]]\n");
  vault.write("B.md", "x\n");
  kg::LoadOptions options;
  options.implied = false;
  const kg::Graph g = kg::Graph::load(vault.root(), options);
  EXPECT_EQ(g.relationship_count(), 1u);
  EXPECT_EQ(g.stats().implied_relationships, 0u);
}

}  // namespace
