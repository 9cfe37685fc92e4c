// The query engine against brute force: on seeded random vaults (parallel statements,
// self-loops, ghosts, implied and dated relationships), pattern matches counted straight
// from the graph's relationships, with openCypher's relationship uniqueness; then the
// library API's parameters, errors with their places, budgets, cancellation, and answers that
// do not depend on the thread count.
#include <kg/kg.hpp>

#include "support/random_vault.hpp"
#include "support/temp_vault.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace {

using kg::query::Value;
using kg::test::num;

std::vector<std::vector<std::int64_t>> int_rows(const kg::query::Result& r) {
  std::vector<std::vector<std::int64_t>> rows;
  for (const auto& row : r.rows) {
    std::vector<std::int64_t> out;
    for (const Value& v : row) out.push_back(v.as_int());
    rows.push_back(std::move(out));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

struct Rel {
  std::int64_t id, source, target;
  std::string relation;
  std::string source_type, target_type;
};

std::vector<Rel> relationships(const kg::Graph& g) {
  std::vector<Rel> out;
  for (std::size_t i = 0; i < g.relationship_count(); ++i) {
    const kg::Relationship r = g.relationship(kg::RelationshipId{static_cast<std::uint32_t>(i)});
    out.push_back({static_cast<std::int64_t>(i), static_cast<std::int64_t>(r.source),
                   static_cast<std::int64_t>(r.target), std::string(r.relation),
                   std::string(g.node(r.source).type), std::string(g.node(r.target).type)});
  }
  return out;
}

// Trails (no relationship twice) of 1..max relationships out of `node`, counted by length.
void trails(const std::vector<Rel>& rels, std::int64_t node, int max, std::vector<std::int64_t>& used,
            std::map<std::pair<std::int64_t, int>, std::int64_t>& count, std::int64_t start) {
  if (static_cast<int>(used.size()) == max) return;
  for (const Rel& r : rels) {
    if (r.source != node || std::find(used.begin(), used.end(), r.id) != used.end()) continue;
    used.push_back(r.id);
    ++count[{start, static_cast<int>(used.size())}];
    trails(rels, r.target, max, used, count, start);
    used.pop_back();
  }
}

TEST(QueryEngine, PatternsAgreeWithBruteForceOnRandomVaults) {
  for (int seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(static_cast<unsigned>(seed));
    kg::test::TempVault v;
    kg::test::write_random_vault(v, rng, 4 + seed % 9);
    const kg::Graph g = kg::Graph::load(v.root());
    const std::vector<Rel> rels = relationships(g);

    // One hop, directed and either way (a loop once).
    std::vector<std::vector<std::int64_t>> want;
    for (const Rel& r : rels) want.push_back({r.source, r.id, r.target});
    std::sort(want.begin(), want.end());
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a)-[r]->(b) RETURN id(a), id(r), id(b)")), want);
    std::vector<std::vector<std::int64_t>> either;
    for (const Rel& r : rels) {
      either.push_back({r.source, r.id, r.target});
      if (r.source != r.target) either.push_back({r.target, r.id, r.source});
    }
    std::sort(either.begin(), either.end());
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a)-[r]-(b) RETURN id(a), id(r), id(b)")), either);
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (b)<-[r]-(a) RETURN id(a), id(r), id(b)")), want);

    // Labels and types.
    std::vector<std::vector<std::int64_t>> typed;
    for (const Rel& r : rels) {
      if (r.relation == "supplier" && r.source_type == "company") typed.push_back({r.source, r.target});
    }
    std::sort(typed.begin(), typed.end());
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a:company)-[:supplier]->(b) RETURN id(a), id(b)")), typed);

    // Two hops: every chain of two different relationships.
    std::vector<std::vector<std::int64_t>> chains;
    for (const Rel& x : rels) {
      for (const Rel& y : rels) {
        if (x.target == y.source && x.id != y.id) chains.push_back({x.id, y.id});
      }
    }
    std::sort(chains.begin(), chains.end());
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH ()-[r1]->()-[r2]->() RETURN id(r1), id(r2)")), chains);
    // ... and in two comma-separated parts, uniqueness still holds across them.
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH ()-[r1]->(m), (m)-[r2]->() RETURN id(r1), id(r2)")), chains);

    // Variable length: trails of 1..3 from every node, counted per start and length.
    std::map<std::pair<std::int64_t, int>, std::int64_t> count;
    for (std::size_t n = 0; n < g.node_count(); ++n) {
      std::vector<std::int64_t> used;
      trails(rels, static_cast<std::int64_t>(n), 3, used, count, static_cast<std::int64_t>(n));
    }
    std::vector<std::vector<std::int64_t>> lengths;
    for (const auto& [key, c] : count) lengths.push_back({key.first, key.second, c});
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a)-[rs*1..3]->() RETURN id(a), size(rs), count(*)")), lengths);

    // An anchor by title gives what a scan and a filter give.
    for (int k = 0; k < 3; ++k) {
      const std::string title = num("n", static_cast<long long>(rng() % 12));
      const auto anchored = kg::query::run(g, "MATCH (a {title: '" + title + "'})-[r]-(b) RETURN id(r), id(b)");
      const auto scanned = kg::query::run(g, "MATCH (a)-[r]-(b) WHERE a.title + '' = '" + title + "' RETURN id(r), id(b)");
      EXPECT_EQ(int_rows(anchored), int_rows(scanned)) << title;
    }

    // Counted, not enumerated (nothing after reads the far variables): the same numbers.
    const auto scalar = [&](const std::string& q) { return kg::query::run(g, q).rows.at(0).at(0).as_int(); };
    std::int64_t typed_pairs = 0;
    std::map<std::int64_t, std::int64_t> supplied_by;  // target -> suppliers (company sources)
    std::map<std::int64_t, std::int64_t> two_hop_from;  // start -> chains supplier then partner
    for (const Rel& r : rels) {
      if (r.relation == "supplier" && r.source_type == "company" && r.target_type == "person") ++typed_pairs;
      if (r.relation == "supplier" && r.source_type == "company") ++supplied_by[r.target];
      for (const Rel& t : rels) {
        if (r.relation == "supplier" && t.relation == "partner" && r.target == t.source && r.id != t.id) {
          ++two_hop_from[r.source];
        }
      }
    }
    EXPECT_EQ(scalar("MATCH (a:company)-[:supplier]->(b:person) RETURN count(*)"), typed_pairs);
    EXPECT_EQ(scalar("MATCH (a:company)-[r:supplier]->(b:person) RETURN count(r)"), typed_pairs);
    std::vector<std::vector<std::int64_t>> by_target;
    for (const auto& [target, n] : supplied_by) by_target.push_back({target, n});
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (b)<-[:supplier]-(a:company) RETURN id(b), count(a)")), by_target);
    std::vector<std::vector<std::int64_t>> chains_from;
    for (const auto& [start, n] : two_hop_from) chains_from.push_back({start, n});
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a)-[:supplier]->()-[:partner]->(c) RETURN id(a), count(*)")),
              chains_from);
    // A node written twice in the counted tail is still one node: (b) closes a cycle of two
    // relationships out of a's target, each chain of three distinct relationships.
    std::int64_t back_to_b = 0;
    for (const Rel& x : rels) {
      for (const Rel& y : rels) {
        for (const Rel& z : rels) {
          const bool distinct = x.id != y.id && y.id != z.id && x.id != z.id;
          if (distinct && x.target == y.source && y.target == z.source && z.target == y.source) ++back_to_b;
        }
      }
    }
    EXPECT_EQ(scalar("MATCH (a)-->(b)-->(c)-->(b) RETURN count(*)"), back_to_b);
    EXPECT_EQ(scalar("MATCH (a)-->(b)-->(c)-->(d) WHERE d = b RETURN count(*)"), back_to_b);
    // ... and a counted hop back to the anchor depends on the anchor: no count kept per start
    // alone may serve two anchors.
    std::int64_t triangles = 0;
    for (const Rel& x : rels) {
      for (const Rel& y : rels) {
        for (const Rel& z : rels) {
          if (x.relation == "supplier" && y.relation == "partner" && z.relation == "customer" &&
              x.target == y.source && y.target == z.source && z.target == x.source) {
            ++triangles;
          }
        }
      }
    }
    EXPECT_EQ(scalar("MATCH (a)-[:supplier]->(b)-[:partner]->(c)-[:customer]->(a) RETURN count(*)"), triangles);
    std::set<std::int64_t> with_out;
    for (const Rel& r : rels) with_out.insert(r.source);
    EXPECT_EQ(scalar("MATCH (a)-->(b) RETURN count(DISTINCT a)"), static_cast<std::int64_t>(with_out.size()));
    EXPECT_EQ(scalar("MATCH ()-[r]-() RETURN count(*)"), static_cast<std::int64_t>(either.size()));

    // A LIMIT reads the later sort keys of the rows that can still make the cut only, and
    // groups merge by computed key: the first rows are those of the full sort.
    for (const char* grouped : {"a.title AS t, count(*) AS n ORDER BY n DESC, t",
                                "a.type AS t, count(*) AS n ORDER BY n, t DESC",
                                "a AS t, count(b) AS n ORDER BY n DESC, t"}) {
      const std::string q = std::string("MATCH (a)-[r]-(b) RETURN ") + grouped;
      const auto all = kg::query::run(g, q).rows;
      for (const int limit : {1, 2, 3, 5}) {
        for (const int skip : {0, 1}) {
          const auto cut = kg::query::run(g, q + " SKIP " + std::to_string(skip) + " LIMIT " + std::to_string(limit)).rows;
          std::vector<std::string> first;
          for (std::size_t i = static_cast<std::size_t>(skip); i < all.size() && i < static_cast<std::size_t>(skip + limit); ++i) {
            first.push_back(kg::query::describe(g, all[i][0]) + "|" + kg::query::to_cypher(all[i][1]));
          }
          std::vector<std::string> got;
          for (const auto& row : cut) got.push_back(kg::query::describe(g, row[0]) + "|" + kg::query::to_cypher(row[1]));
          EXPECT_EQ(got, first) << q << " SKIP " << skip << " LIMIT " << limit;
        }
      }
    }

    // OPTIONAL MATCH keeps every node, with a null row where it has no relationship out.
    std::map<std::int64_t, std::int64_t> out_degree;
    for (const Rel& r : rels) ++out_degree[r.source];
    std::vector<std::vector<std::int64_t>> optional;
    for (std::size_t n = 0; n < g.node_count(); ++n) {
      const auto d = out_degree[static_cast<std::int64_t>(n)];
      optional.push_back({static_cast<std::int64_t>(n), d});
    }
    EXPECT_EQ(int_rows(kg::query::run(g, "MATCH (a) OPTIONAL MATCH (a)-[r]->() RETURN id(a), count(r)")), optional);
  }
}

// Counted hops (nothing after the match reads them) still close a cycle on the node it
// started from: a count kept for a node the walk passes serves only matches from the same
// anchor, and a node the counted hops reach twice is one node.
TEST(QueryEngine, CountedHopsCloseCyclesOnTheirOwnNodes) {
  kg::test::TempVault v;
  v.write("a1.md", "---\nsupplier: \"[[b]]\"\n---\n");
  v.write("a2.md", "---\nsupplier: \"[[b]]\"\n---\n");
  v.write("b.md", "---\ncompetitor: \"[[c]]\"\n---\n");
  v.write("c.md", "---\npartner: \"[[a1]]\"\n---\n");
  for (int i = 0; i < 20; ++i) {  // competitors and partners outnumber suppliers: anchored there
    v.write(num("x", i) + ".md", "---\ncompetitor: \"[[" + num("y", i) + "]]\"\npartner: \"[[" + num("z", i) + "]]\"\n---\n");
  }
  const kg::Graph g = kg::Graph::load(v.root());
  const auto count = [&](const std::string& q) { return kg::query::run(g, q).rows.at(0).at(0).as_int(); };
  const std::string cycle = "MATCH (a)-[:supplier]->(b)-[:competitor]->(c)-[:partner]->(a) RETURN count(*)";
  EXPECT_NE(kg::query::explain(g, cycle).find("Count (c)-[:partner]-(a)"), std::string::npos);
  EXPECT_EQ(count(cycle), 1);  // a1 only: c's partner is a1, not a2
  EXPECT_EQ(count("MATCH (a)-[:supplier]->(b)-[:competitor]->(c)-[:partner]->(d) WHERE d = a RETURN count(*)"), 1);
  // b reached twice by counted hops: b -> c -> back to b never happens here, so none.
  EXPECT_EQ(count("MATCH (a)-->(b)-->(c)-->(b) RETURN count(*)"), 0);
}

// Two notes with one title (in two folders) group together by title, not by note.
TEST(QueryEngine, GroupsByTitleMergeNotesThatShareIt) {
  kg::test::TempVault v;
  v.write("a/Same.md", "---\ntype: x\n---\n[[T]] [[U]]\n");
  v.write("b/Same.md", "---\ntype: x\n---\n[[T]]\n");
  v.write("Other.md", "---\ntype: x\n---\n[[T]] [[U]] [[V]]\n");
  v.write("T.md", "t\n");
  v.write("U.md", "u\n");
  v.write("V.md", "v\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const auto r = kg::query::run(g, "MATCH (a:x)-->(b) RETURN a.title AS t, count(b) AS n ORDER BY n DESC, t");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][1].as_int() + r.rows[1][1].as_int(), 6);
  EXPECT_EQ(r.rows[0][1].as_int(), 3);  // Same: 2 + 1 and Other: 3, tied; Other sorts first
  EXPECT_EQ(r.rows[0][0].as_string(), "Other");
  EXPECT_EQ(r.rows[1][0].as_string(), "Same");
  const auto top = kg::query::run(g, "MATCH (a:x)-->(b) RETURN a.title AS t, count(b) AS n ORDER BY n DESC, t DESC LIMIT 1");
  ASSERT_EQ(top.rows.size(), 1u);
  EXPECT_EQ(top.rows[0][0].as_string(), "Same");
  EXPECT_EQ(top.rows[0][1].as_int(), 3);
}

// A relation whose ends all have one type each is counted off the relation index: only a
// pattern whose labels agree with those types gets the whole count.
TEST(QueryEngine, WholeRelationCounts) {
  kg::test::TempVault v;
  v.write("kg.yaml", "relations:\n  makes: {}\n");
  v.write("A.md", "---\ntype: company\nmakes: [\"[[X]]\", \"[[Y]]\"]\n---\n");
  v.write("B.md", "---\ntype: company\nmakes: \"[[X]]\"\n---\n");
  v.write("X.md", "---\ntype: product\n---\n");
  v.write("Y.md", "---\ntype: product\n---\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const auto count = [&](const std::string& q) { return kg::query::run(g, q).rows.at(0).at(0).as_int(); };
  EXPECT_EQ(count("MATCH (a:company)-[:makes]->(b:product) RETURN count(*)"), 3);
  EXPECT_EQ(count("MATCH (b:product)<-[:makes]-(a:company) RETURN count(*)"), 3);
  EXPECT_EQ(count("MATCH (a)-[:makes]->(b) RETURN count(*)"), 3);
  EXPECT_EQ(count("MATCH (a:product)-[:makes]->(b) RETURN count(*)"), 0);
  EXPECT_EQ(count("MATCH (a:company)-[:makes]->(b:company) RETURN count(*)"), 0);
  EXPECT_EQ(count("MATCH (a:company)<-[:makes]-(b) RETURN count(*)"), 0);
  EXPECT_EQ(count("MATCH (a:company {title: 'B'})-[:makes]->(b:product) RETURN count(*)"), 1);
  EXPECT_EQ(count("MATCH (a:company)-[:makes]-(b:product) RETURN count(*)"), 3);
  EXPECT_EQ(count("MATCH (x {title: 'X'}) MATCH (a:company)-[:makes]->(x) RETURN count(*)"), 2);
  EXPECT_EQ(kg::query::explain(g, "MATCH (a:company)-[:makes]->(b:product) RETURN count(*)").find("relation index") !=
                std::string::npos,
            true);
}

TEST(QueryEngine, ParametersAndValuesThroughTheLibrary) {
  kg::test::TempVault v;
  v.write("Acme.md", "---\ntype: company\nfounded: 1999\nsupplier: {\"[[Chipco]]\": {since: 2021}}\n---\n");
  v.write("Chipco.md", "---\ntype: company\n---\n");
  const kg::Graph g = kg::Graph::load(v.root());
  kg::query::Options o;
  o.parameters["name"] = Value::string("Acme");
  const auto r = kg::query::run(g, "MATCH (a {title: $name})-[r:supplier]->(b) RETURN a, r, b.title, r.since", o);
  ASSERT_EQ(r.columns, (std::vector<std::string>{"a", "r", "b.title", "r.since"}));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].kind(), Value::Kind::Node);
  EXPECT_EQ(kg::query::property(g, r.rows[0][0], "founded").as_int(), 1999);
  EXPECT_EQ(kg::query::describe(g, r.rows[0][1]), "[:supplier]");
  EXPECT_EQ(r.rows[0][2].as_string(), "Chipco");
  EXPECT_EQ(r.rows[0][3].as_int(), 2021);
  EXPECT_EQ(kg::query::to_cypher(kg::query::properties(g, r.rows[0][1])), "{since: 2021}");
}

TEST(QueryEngine, ErrorsSayWhereAndWhich) {
  kg::test::TempVault v;
  v.write("a.md", "x\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const auto error = [&](const std::string& q) {
    try {
      kg::query::run(g, q);
    } catch (const kg::query::QueryError& e) {
      return std::make_tuple(e.phase(), e.line(), e.column(), std::string(e.what()));
    }
    return std::make_tuple(kg::query::QueryError::Phase::Runtime, 0u, 0u, std::string("no error"));
  };
  using P = kg::query::QueryError::Phase;
  EXPECT_EQ(std::get<0>(error("MATCH (a RETURN a")), P::Syntax);
  EXPECT_EQ(std::get<2>(error("MATCH (a RETURN a")), 10u);
  const auto undefined = error("MATCH (a)\nRETURN b");
  EXPECT_EQ(std::get<0>(undefined), P::Semantic);
  EXPECT_EQ(std::get<1>(undefined), 2u);
  EXPECT_EQ(std::get<2>(undefined), 8u);
  EXPECT_NE(std::get<3>(undefined).find("UndefinedVariable"), std::string::npos);
  EXPECT_EQ(std::get<0>(error("RETURN 1 / 0")), P::Runtime);
  EXPECT_EQ(std::get<0>(error("RETURN 9223372036854775807 + 1")), P::Runtime);
  EXPECT_EQ(std::get<0>(error("CREATE (n)")), P::Syntax);
  EXPECT_NE(std::get<3>(error("CREATE (n)")).find("not supported"), std::string::npos);
  EXPECT_EQ(std::get<0>(error("RETURN $missing")), P::Semantic);
  EXPECT_EQ(std::get<0>(error("MATCH (a) RETURN a UNION MATCH (b) RETURN b")), P::Semantic);
  EXPECT_EQ(std::get<0>(error("MATCH (a) WHERE count(*) > 0 RETURN a")), P::Semantic);
  EXPECT_EQ(std::get<0>(error("RETURN 'a' =~ '('")), P::Runtime);
}

// A dense vault where unbounded patterns explode: each note links to every other.
kg::Graph dense(kg::test::TempVault& v, int n) {
  for (int i = 0; i < n; ++i) {
    std::string body;
    for (int j = 0; j < n; ++j) {
      if (j != i) body += "[[" + num("n", j) + "]] ";
    }
    v.write(num("n", i) + ".md", body + "\n");
  }
  return kg::Graph::load(v.root());
}

kg::ErrorCode code_of(const kg::Graph& g, const std::string& q, const kg::query::Options& o) {
  try {
    kg::query::run(g, q, o);
  } catch (const kg::Error& e) {
    return e.code();
  }
  return kg::ErrorCode::InvalidArgument;  // stands for "no error"
}

TEST(QueryEngine, BudgetsStopExplodingQueries) {
  kg::test::TempVault v;
  const kg::Graph g = dense(v, 12);
  kg::query::Options o;
  // Trails of a complete graph of 12: far beyond the path budget.
  o.max_paths = 10'000;
  EXPECT_EQ(code_of(g, "MATCH (a)-[*]-(b) RETURN count(*)", o), kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "MATCH p = (a)-[*1..6]->(b) RETURN p", o), kg::ErrorCode::BudgetExceeded);
  // Rows: a cross product, a range unwound, rows held for sorting and grouping.
  o = {};
  o.max_rows = 1000;
  EXPECT_EQ(code_of(g, "MATCH (a), (b), (c) RETURN a, b, c", o), kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "UNWIND range(1, 5000) AS x RETURN x", o), kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "UNWIND range(1, 2000) AS x WITH x ORDER BY x RETURN count(*)", o),
            kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "UNWIND range(1, 2000) AS x RETURN x % 1500 AS k, count(*)", o), kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "UNWIND range(1, 1000000000) AS x RETURN count(*)", o), kg::ErrorCode::BudgetExceeded);
  // Under the budget, the same shapes answer.
  EXPECT_EQ(kg::query::run(g, "UNWIND range(1, 2000) AS x RETURN count(*)", o).rows[0][0].as_int(), 2000);
  // Hops: an unbounded pattern that could walk further than the hop budget.
  o = {};
  o.max_hops = 3;
  EXPECT_EQ(code_of(g, "MATCH (a {title: 'n0'})-[*]->(b) RETURN count(*)", o), kg::ErrorCode::BudgetExceeded);
  EXPECT_EQ(code_of(g, "MATCH (a)-[*1..5]->(b) RETURN count(*)", o), kg::ErrorCode::BudgetExceeded);
  // Time, and cancellation.
  o = {};
  o.time_limit = std::chrono::milliseconds(1);
  EXPECT_EQ(code_of(g, "MATCH (a), (b), (c), (d), (e) RETURN count(*)", o), kg::ErrorCode::BudgetExceeded);
  std::atomic<bool> cancel{true};
  o = {};
  o.cancel = &cancel;
  EXPECT_EQ(code_of(g, "MATCH (a) RETURN a", o), kg::ErrorCode::Cancelled);
}

TEST(QueryEngine, AnswersDoNotDependOnThreads) {
  const std::vector<std::string> queries = {
      "MATCH (c:company)-[:develops]->(m) RETURN c.title, collect(m.title) ORDER BY c.title",
      "MATCH p = (a)-[*1..2]->(b) RETURN p ORDER BY p",
      "MATCH (a)-[r]-(b) RETURN a.title, type(r), b.title, r.file, r.line ORDER BY a.title, type(r), b.title",
      "MATCH (c:company) OPTIONAL MATCH (c)<-[:rates]-(x) RETURN c.title, count(x) ORDER BY c.title",
  };
  std::vector<std::string> answers;
  for (const unsigned threads : {1u, 2u, 5u}) {
    kg::LoadOptions load;
    load.threads = threads;
    const kg::Graph g = kg::Graph::load(std::filesystem::path(KG_SOURCE_DIR) / "tests/fixtures/query-vault", load);
    std::string text;
    for (const std::string& q : queries) {
      for (const auto& row : kg::query::run(g, q).rows) {
        for (const Value& v : row) text += kg::query::describe(g, v) + "|";
        text += "\n";
      }
    }
    answers.push_back(text);
  }
  EXPECT_GT(answers[0].size(), 200u);
  EXPECT_EQ(answers[0], answers[1]);
  EXPECT_EQ(answers[0], answers[2]);
}

}  // namespace
