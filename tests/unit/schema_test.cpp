// kg.yaml and the schema: building a schema, reading the config file (settings precedence,
// unknown keys, bad values), relation mapping, node typing, each schema warning, and implied
// edges with their pointers.
#include "config/vault_config.hpp"
#include "support/temp_vault.hpp"

#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace {

using kg::test::TempVault;

std::vector<std::string> codes(const kg::Graph& g) {
  std::vector<std::string> out;
  for (const auto& d : g.diagnostics()) out.push_back(d.code);
  return out;
}

std::optional<kg::Diagnostic> find_diag(const kg::Graph& g, std::string_view code) {
  for (const auto& d : g.diagnostics()) {
    if (d.code == code) return d;
  }
  return std::nullopt;
}

std::size_t count_code(const std::vector<kg::Diagnostic>& diags, std::string_view code) {
  return static_cast<std::size_t>(
      std::count_if(diags.begin(), diags.end(), [&](const auto& d) { return d.code == code; }));
}

// Edges from `source` (a node id) as "relation>target" strings, stated then implied.
std::vector<std::string> edges_from(const kg::Graph& g, std::string_view source, bool implied) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    if (e.implied != implied || std::string(g.node(e.source).id) != source) continue;
    out.push_back(std::string(e.relation) + ">" + std::string(g.node(e.target).id));
  }
  return out;
}

// --- Schema::build ---------------------------------------------------------------------

TEST(Schema, SynonymsAndNamesAreNormalisedPhrases) {
  const auto s = kg::Schema::build(
      {}, {{"Headquartered in", "", {"Headquarters City", "HQ"}, "", false, false, {}, {}}});
  ASSERT_NE(s.relation("headquartered_in"), nullptr);
  EXPECT_EQ(s.relation("headquarters city")->name, "headquartered_in");
  EXPECT_EQ(s.relation("Headquarters-City")->name, "headquartered_in");
  EXPECT_EQ(s.relation("hq")->name, "headquartered_in");
  EXPECT_EQ(s.relation("headquarters"), nullptr);
}

TEST(Schema, NamedInverseIsAddedWithDomainAndRangeSwapped) {
  const auto s = kg::Schema::build(
      {{"company", "", "", {}, {}}, {"model", "", "", {}, {}}},
      {{"develops", "", {}, "developed_by", false, true, {"company"}, {"model"}}});
  const kg::RelationSpec* inv = s.relation("developed_by");
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(inv->inverse, "develops");
  EXPECT_EQ(inv->domain, std::vector<std::string>{"model"});
  EXPECT_EQ(inv->range, std::vector<std::string>{"company"});
  EXPECT_TRUE(inv->transitive);
}

TEST(Schema, ConflictsAreReportedAndTheFirstDefinitionWins) {
  std::vector<kg::SchemaProblem> problems;
  const auto s = kg::Schema::build(
      {{"company", "", "", {}, {}}, {"company", "", "", {}, {}}, {"a", "", "b", {}, {}},
       {"b", "", "a", {}, {}}, {"c", "", "nothing", {}, {}}},
      {{"supplier", "", {"vendor"}, "customer", false, false, {"company"}, {"gizmo"}},
       {"maker", "", {"vendor"}, "", false, false, {}, {}},
       {"supplier", "", {}, "", false, false, {}, {}},
       {"customer", "", {}, "buyer_of", false, false, {}, {}},
       {"competitor", "", {}, "loser", true, false, {}, {}}},
      &problems);
  std::vector<std::string> messages;
  for (const auto& p : problems) messages.push_back(p.message);
  const auto mentions = [&](std::string_view text) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("type 'company' is defined twice"));
  EXPECT_TRUE(mentions("is its own ancestor"));
  EXPECT_TRUE(mentions("unknown parent 'nothing'"));
  EXPECT_TRUE(mentions("unknown type 'gizmo'"));
  EXPECT_TRUE(mentions("synonym 'vendor' of 'maker' already names 'supplier'"));
  EXPECT_TRUE(mentions("relation 'supplier' is already defined"));
  EXPECT_TRUE(mentions("but 'customer' names 'buyer_of'"));
  EXPECT_TRUE(mentions("is symmetric, so it is its own inverse"));
  EXPECT_EQ(s.relation("vendor")->name, "supplier");
  EXPECT_EQ(s.relation("competitor")->inverse, "");
  EXPECT_EQ(s.relation("supplier")->inverse, "");  // dropped: the pair disagrees
}

TEST(Schema, TypesFromTagsThenLongestFolder) {
  const auto s = kg::Schema::build({{"company", "", "", {"company"}, {"companies"}},
                                    {"investor", "", "company", {"investor"}, {"companies/funds"}},
                                    {"model", "", "", {"model"}, {"models/"}}},
                                   {});
  EXPECT_EQ(s.type_for("x.md", {"company"}), "company");
  EXPECT_EQ(s.type_for("x.md", {"Company/Chinese"}), "company");  // nested tag, any case
  EXPECT_EQ(s.type_for("x.md", {"companyish"}), "");
  EXPECT_EQ(s.type_for("x.md", {"company", "investor"}), "investor");  // subtype wins
  EXPECT_EQ(s.type_for("companies/a.md", {}), "company");
  EXPECT_EQ(s.type_for("companies/funds/a.md", {}), "investor");
  EXPECT_EQ(s.type_for("models/a.md", {}), "model");
  EXPECT_EQ(s.type_for("modelsx/a.md", {}), "");
  EXPECT_EQ(s.type_for("models/a.md", {"company"}), "company");  // a tag beats a folder
  EXPECT_TRUE(s.is_a("investor", "company"));
  EXPECT_FALSE(s.is_a("company", "investor"));
  EXPECT_TRUE(s.allows({}, "anything"));
  EXPECT_TRUE(s.allows({"company"}, "investor"));
  EXPECT_FALSE(s.allows({"model"}, "investor"));
}

// --- kg.yaml ---------------------------------------------------------------------------

TEST(Config, ReadsSettingsAndSchema) {
  std::vector<kg::Diagnostic> diags;
  const auto c = kg::config::parse_config(R"(profile: obsidian
aliases: true
implied: no
ignore: [templates/**, "*.tmp.md"]
limits: {max_note_bytes: 1000, max_frontmatter_bytes: 200, max_depth: 3}
types:
  company: {tags: company, folders: [companies]}
relations:
  subject_to: {domain: company|chip, range: export_control}
  uses:
)",
                                          "kg.yaml", diags);
  EXPECT_EQ(c.profile, kg::Profile::Obsidian);
  EXPECT_EQ(c.aliases, true);
  EXPECT_EQ(c.implied, false);
  EXPECT_EQ(c.ignore, (std::vector<std::string>{"templates/**", "*.tmp.md"}));
  EXPECT_EQ(c.max_note_bytes, 1000u);
  EXPECT_EQ(c.max_frontmatter_bytes, 200u);
  EXPECT_EQ(c.max_depth, 3u);
  ASSERT_NE(c.schema.type("company"), nullptr);
  EXPECT_EQ(c.schema.type("company")->tags, std::vector<std::string>{"company"});
  ASSERT_NE(c.schema.relation("uses"), nullptr);
  // Unknown types in a domain are reported; 'chip' and 'export_control' are not defined.
  EXPECT_EQ(count_code(diags, "schema-invalid"), 2u);
  EXPECT_EQ(c.schema.relation("subject_to")->domain, std::vector<std::string>{"company"});
}

TEST(Config, UnknownKeysAndBadValuesAreWarningsWithLines) {
  std::vector<kg::Diagnostic> diags;
  const auto c = kg::config::parse_config(R"(profile: fast
colour: blue
implied: sometimes
limits: {max_note_bytes: -4, speed: 3}
types:
  company: {tag: company}
relations:
  develops: {synonym: [builds], symmetric: true}
)",
                                          "kg.yaml", diags);
  EXPECT_FALSE(c.profile.has_value());
  EXPECT_FALSE(c.implied.has_value());
  EXPECT_FALSE(c.max_note_bytes.has_value());
  ASSERT_NE(c.schema.relation("develops"), nullptr);
  EXPECT_TRUE(c.schema.relation("develops")->symmetric);  // known fields still apply
  EXPECT_EQ(count_code(diags, "config-unknown-key"), 4u);  // colour, speed, tag, synonym
  EXPECT_EQ(count_code(diags, "config-invalid"), 3u);      // profile, implied, max_note_bytes
  for (const auto& d : diags) {
    EXPECT_EQ(d.severity, kg::Severity::Warning);
    EXPECT_EQ(d.file, "kg.yaml");
    EXPECT_GT(d.line, 0u);
  }
  const auto colour = std::find_if(diags.begin(), diags.end(), [](const auto& d) {
    return d.message.find("'colour'") != std::string::npos;
  });
  ASSERT_NE(colour, diags.end());
  EXPECT_EQ(colour->line, 2u);
}

TEST(Config, InvalidYamlIsAnErrorAndTheDefaultsApply) {
  std::vector<kg::Diagnostic> diags;
  const auto c = kg::config::parse_config("types: [a\nrelations: {", "kg.yaml", diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "config-parse");
  EXPECT_EQ(diags[0].severity, kg::Severity::Error);
  EXPECT_TRUE(c.schema.empty());
}

TEST(Config, FlagsWinOverKgYamlWhichWinsOverDefaults) {
  TempVault v;
  v.write("kg.yaml", "profile: obsidian\nlimits: {max_note_bytes: 64}\nignore: [drafts/**]\n");
  v.write("a.md", "---\naliases: [Alpha]\n---\n[[b]] [[Beta]]\n");
  v.write("b.md", "---\naliases: [Beta]\n---\n" + std::string(100, 'x') + "\n");
  v.write("drafts/c.md", "draft\n");
  {
    const auto g = kg::Graph::load(v.root());
    EXPECT_EQ(g.options().profile, kg::Profile::Obsidian);
    EXPECT_EQ(g.options().max_note_bytes, 64u);
    EXPECT_EQ(g.options().max_frontmatter_bytes, kg::LoadOptions::kDefaultMaxFrontmatterBytes);
    EXPECT_FALSE(g.find("drafts/c.md").has_value());
    EXPECT_TRUE(find_diag(g, "file-too-large").has_value());
    EXPECT_FALSE(g.resolve("[[Beta]]").resolved);  // obsidian profile: no alias fallback
  }
  {
    kg::LoadOptions flags;
    flags.profile = kg::Profile::Kg;
    flags.max_note_bytes = 4096;
    const auto g = kg::Graph::load(v.root(), flags);
    EXPECT_EQ(g.options().profile, kg::Profile::Kg);
    EXPECT_FALSE(find_diag(g, "file-too-large").has_value());
    EXPECT_TRUE(g.resolve("[[Beta]]").resolved);
    EXPECT_FALSE(g.find("drafts/c.md").has_value());  // kg.yaml's ignore still applies
  }
  {
    kg::LoadOptions flags;
    flags.read_config = false;
    const auto g = kg::Graph::load(v.root(), flags);
    EXPECT_EQ(g.options().profile, kg::Profile::Kg);
    EXPECT_TRUE(g.find("drafts/c.md").has_value());
  }
}

TEST(Config, UnknownKeyInAVaultIsAWarningAndTheVaultLoads) {
  TempVault v;
  v.write("kg.yaml", "schema_version: 2\n");
  v.write("a.md", "[[b]]\n");
  v.write("b.md", "b\n");
  const auto g = kg::Graph::load(v.root());
  const auto d = find_diag(g, "config-unknown-key");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->file, "kg.yaml");
  EXPECT_EQ(d->line, 1u);
  EXPECT_EQ(d->severity, kg::Severity::Warning);
  EXPECT_EQ(g.stats().notes, 2u);
  EXPECT_FALSE(g.find("kg.yaml").has_value());  // the config is not an attachment
}

// --- typing and mapping in a vault -----------------------------------------------------

constexpr const char* kSchema = R"(types:
  company: {folders: [companies]}
  model: {tags: [model]}
relations:
  supplier: {inverse: customer, synonyms: [supplied by], domain: company, range: company}
  competitor: {symmetric: true, synonyms: [rival]}
  part_of: {transitive: true, inverse: has_part, synonyms: [family]}
  develops: {domain: company, range: model}
)";

TEST(SchemaVault, PhrasesMapThroughSynonymsInEverySyntax) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md",
          "---\nsupplied by: \"[[B]]\"\n---\n"
          "rival:: [[C]]\n\n"
          "- [[B]] — supplied by (chips)\n"
          "- rival: [[C]]\n\n"
          "| Supplied by | Rival | Note |\n|---|---|---|\n| [[B]] | [[C]] | [[C]] |\n");
  v.write("companies/B.md", "b\n");
  v.write("companies/C.md", "c\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(edges_from(g, "companies/A.md", false),
            (std::vector<std::string>{"supplier>companies/B.md", "competitor>companies/C.md",
                                      "supplier>companies/B.md", "competitor>companies/C.md",
                                      "supplier>companies/B.md", "competitor>companies/C.md",
                                      "links_to>companies/C.md"}));
  EXPECT_TRUE(codes(g).empty()) << kg::format_diagnostic(g.diagnostics().front());
}

TEST(SchemaVault, TableHeadersBecomeRelationsOnlyWhenTheSchemaKnowsThem) {
  TempVault v;
  v.write("a.md", "| Rival | Partner |\n|---|---|\n| [[b]] | [[b]] |\n");
  v.write("b.md", "b\n");
  {
    const auto g = kg::Graph::load(v.root());  // no kg.yaml
    EXPECT_EQ(edges_from(g, "a.md", false),
              (std::vector<std::string>{"links_to>b.md", "links_to>b.md"}));
  }
  v.write("kg.yaml", kSchema);
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(edges_from(g, "a.md", false),
            (std::vector<std::string>{"competitor>b.md", "links_to>b.md"}));
}

TEST(SchemaVault, NodeTypesComeFromFrontMatterThenTagsThenFolders) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md", "---\ntype: Model\n---\n");  // front matter wins over the folder
  v.write("companies/B.md", "#model\n");                 // a tag wins over the folder
  v.write("companies/C.md", "c\n");                       // folder rule
  v.write("D.md", "---\ntype: note\n---\n");             // explicit note: no warning
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(g.node(*g.find("companies/A.md")).type, "model");
  EXPECT_EQ(g.node(*g.find("companies/B.md")).type, "model");
  EXPECT_EQ(g.node(*g.find("companies/C.md")).type, "company");
  EXPECT_EQ(g.node(*g.find("D.md")).type, "note");
  EXPECT_TRUE(codes(g).empty());
}

// Each schema warning, with its file and line.
TEST(SchemaVault, EachSchemaWarningHasFileAndLine) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md",
          "---\naliases: [Bee, Shared]\n---\n"  // line 2: Bee is B's title
          "develops:: [[companies/B]]\n"         // line 4: range model, B is a company
          "- [[M]] — admires\n");                // line 5: unknown relation
  v.write("companies/B.md", "---\naliases: [Shared]\n---\n");  // line 2: shared alias
  v.write("Bee.md", "---\ntype: model\n---\n");
  v.write("M.md", "---\ntype: robot\ndevelops: \"[[Bee]]\"\n---\n");  // unknown type; domain
  v.write("N.md", "plain\n");                                        // missing type
  const auto g = kg::Graph::load(v.root());
  const auto expect = [&](std::string_view code, std::string_view file, std::uint32_t line) {
    const auto& ds = g.diagnostics();
    const bool found = std::any_of(ds.begin(), ds.end(), [&](const kg::Diagnostic& d) {
      return d.code == code && d.file == file && d.line == line &&
             d.severity == kg::Severity::Warning;
    });
    EXPECT_TRUE(found) << code << " at " << file << ":" << line;
  };
  expect("alias-collision", "companies/A.md", 2);
  expect("alias-collision", "companies/B.md", 2);
  expect("range-violation", "companies/A.md", 4);
  expect("unknown-relation", "companies/A.md", 5);
  expect("unknown-type", "M.md", 2);
  expect("domain-violation", "M.md", 3);
  expect("missing-type", "N.md", 1);
  EXPECT_EQ(g.diagnostics().size(), 7u);
}

TEST(SchemaVault, NoSchemaMeansNoSchemaWarnings) {
  TempVault v;
  v.write("a.md", "- [[b]] — admires\n");
  v.write("b.md", "---\ntype: robot\n---\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_TRUE(codes(g).empty());
  EXPECT_EQ(edges_from(g, "a.md", false), std::vector<std::string>{"admires>b.md"});
}

// --- implied edges ---------------------------------------------------------------------

TEST(Implied, InverseSymmetricAndTransitiveEdgesPointAtWhatTheyComeFrom) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md",
          "---\nsupplier:\n  \"[[B]]\": {since: 2024, status: active}\n---\nrival:: [[C]]\n");
  v.write("companies/B.md", "b\n");
  v.write("companies/C.md", "c\n");
  v.write("x.md", "---\ntype: model\nfamily: \"[[y]]\"\n---\n");
  v.write("y.md", "---\ntype: model\npart_of: \"[[z]]\"\n---\n");
  v.write("z.md", "---\ntype: model\n---\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(edges_from(g, "companies/B.md", true),
            std::vector<std::string>{"customer>companies/A.md"});
  EXPECT_EQ(edges_from(g, "companies/C.md", true),
            std::vector<std::string>{"competitor>companies/A.md"});
  EXPECT_EQ(edges_from(g, "x.md", true), std::vector<std::string>{"part_of>z.md"});
  EXPECT_EQ(edges_from(g, "z.md", true),
            (std::vector<std::string>{"has_part>x.md", "has_part>y.md"}));
  EXPECT_EQ(edges_from(g, "y.md", true), std::vector<std::string>{"has_part>x.md"});
  EXPECT_EQ(g.stats().implied_edges, 6u);

  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    if (!e.implied) continue;
    ASSERT_FALSE(e.implied_from.empty());
    for (const auto f : e.implied_from) EXPECT_LT(static_cast<std::size_t>(f), g.edge_count());
    const kg::Edge& from = g.edge(e.implied_from.front());
    if (e.inference == kg::Inference::Inverse || e.inference == kg::Inference::Symmetric) {
      EXPECT_EQ(from.source, e.target);
      EXPECT_EQ(from.target, e.source);
      EXPECT_EQ(e.properties, from.properties);  // since/status hold for the inverse too
      EXPECT_EQ(e.line, from.line);
      EXPECT_EQ(e.file, from.file);
    }
    if (e.inference == kg::Inference::Transitive) {
      ASSERT_EQ(e.implied_from.size(), 2u);
      EXPECT_EQ(g.edge(e.implied_from[0]).source, e.source);
      EXPECT_EQ(g.edge(e.implied_from[1]).target, e.target);
      EXPECT_EQ(g.edge(e.implied_from[0]).target, g.edge(e.implied_from[1]).source);
    }
  }
  const kg::Edge& customer = g.edge(g.out_edges(*g.find("companies/B.md")).front());
  ASSERT_TRUE(customer.implied);
  ASSERT_NE(customer.properties.size(), 0u);
  EXPECT_EQ(customer.properties[0].key, "since");
}

TEST(Implied, StatedEdgesAreNotDuplicatedAndCanBeLeftOut) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md", "supplier:: [[B]]\nrival:: [[B]]\n");
  v.write("companies/B.md", "customer:: [[A]]\nrival:: [[A]]\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(g.stats().implied_edges, 0u);  // every inverse and mirror is already stated
  v.write("companies/C.md", "supplier:: [[B]]\n");
  const auto with = kg::Graph::load(v.root());
  EXPECT_EQ(with.stats().implied_edges, 1u);
  kg::LoadOptions options;
  options.implied = false;
  const auto without = kg::Graph::load(v.root(), options);
  EXPECT_EQ(without.stats().implied_edges, 0u);
  EXPECT_EQ(without.edge_count(), with.edge_count() - 1);
  v.write("kg.yaml", std::string(kSchema) + "implied: false\n");
  EXPECT_EQ(kg::Graph::load(v.root()).stats().implied_edges, 0u);
}

TEST(Implied, OnlyBetweenNotesAndNeverForLinksToOrEmbeds) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  v.write("companies/A.md", "supplier:: [[Missing]]\n[[B]] ![[B]]\n- [[B]] — supplier\n");
  v.write("companies/B.md", "b\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(edges_from(g, "companies/B.md", true),
            std::vector<std::string>{"customer>companies/A.md"});
  EXPECT_EQ(g.stats().implied_edges, 1u);
}

TEST(Implied, TransitiveChainsAndCyclesStayFinite) {
  TempVault v;
  v.write("kg.yaml", kSchema);
  // a -> b -> c -> d -> a: every ordered pair is reachable.
  v.write("a.md", "part_of:: [[b]]\n");
  v.write("b.md", "part_of:: [[c]]\n");
  v.write("c.md", "part_of:: [[d]]\n");
  v.write("d.md", "part_of:: [[a]]\n");
  const auto g = kg::Graph::load(v.root());
  std::size_t part_of = 0;
  std::size_t has_part = 0;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    EXPECT_NE(e.source, e.target);
    part_of += e.relation == "part_of";
    has_part += e.relation == "has_part";
  }
  EXPECT_EQ(part_of, 12u);  // 4 stated + 8 implied
  EXPECT_EQ(has_part, 12u);
}

}  // namespace
