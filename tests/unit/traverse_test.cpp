// The traversal library against brute force: on hundreds of seeded random vaults (parallel
// statements, self-loops, ghosts, implied relationships, dated relationships) and random
// options, ego graphs and shortest paths equal what a plain search over the public API's
// relationships finds. Then a long chain and a large star, which a recursive walk or a
// careless search would not survive.
#include <kg/kg.hpp>

#include "support/random_vault.hpp"
#include "support/temp_vault.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/strong_components.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <system_error>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using kg::test::num;
using kg::test::write_random_vault;

using kg::NodeId;
using kg::RelationshipId;

// The options, written independently of the library: which relationships and nodes count.
struct Reference {
  const kg::Graph& g;
  kg::TraversalOptions o;

  static std::string trunc(const std::string& s, std::size_t n) { return s.substr(0, n); }
  static std::optional<std::string> bound(const kg::PropertyList& props, std::string_view key) {
    const auto v = props.find(key);
    if (!v) return std::nullopt;
    if (v->kind() == kg::Value::Kind::Int) return std::to_string(v->as_int());
    return std::string(v->text());
  }
  bool relationship_ok(RelationshipId id) const {
    const kg::Relationship r = g.relationship(id);
    if (!o.relations.empty() &&
        std::find(o.relations.begin(), o.relations.end(), std::string(r.relation)) == o.relations.end()) {
      return false;
    }
    if (!o.implied && r.implied) return false;
    if (!o.as_of.empty()) {
      // Zero-padded dates compare as text once cut to the shorter one's length.
      if (const auto since = bound(r.properties, "since")) {
        const std::size_t n = std::min(since->size(), o.as_of.size());
        if (trunc(*since, n) > trunc(o.as_of, n)) return false;
      }
      if (const auto until = bound(r.properties, "until")) {
        const std::size_t n = std::min(until->size(), o.as_of.size());
        if (trunc(*until, n) < trunc(o.as_of, n)) return false;
      }
    }
    return true;
  }
  bool avoided(NodeId n) const { return std::find(o.avoid.begin(), o.avoid.end(), n) != o.avoid.end(); }
  bool may_enter(NodeId n) const {
    const kg::Node node = g.node(n);
    if (!o.ghosts && node.kind == kg::NodeKind::Ghost) return false;
    if (!o.types.empty() &&
        std::find(o.types.begin(), o.types.end(), std::string(node.type)) == o.types.end()) {
      return false;
    }
    return !avoided(n);
  }
  bool may_pass(NodeId n) const {
    if (o.max_degree == 0) return true;
    std::size_t degree = 0;
    for (const auto r : g.out_relationships(n)) degree += relationship_ok(r);
    for (const auto r : g.in_relationships(n)) degree += relationship_ok(r);
    return degree <= o.max_degree;
  }
  // (neighbour, relationship) steps from u the way the walk goes.
  std::vector<std::pair<NodeId, RelationshipId>> steps(NodeId u) const {
    std::vector<std::pair<NodeId, RelationshipId>> out;
    if (o.direction != kg::Direction::In) {
      for (const auto r : g.out_relationships(u)) {
        if (relationship_ok(r)) out.emplace_back(g.relationship(r).target, r);
      }
    }
    if (o.direction != kg::Direction::Out) {
      for (const auto r : g.in_relationships(u)) {
        if (relationship_ok(r)) out.emplace_back(g.relationship(r).source, r);
      }
    }
    return out;
  }
};

// Pushes every simple one-hop extension of `p` that `ok` lets in onto `stack`: per
// neighbour, a relationship walked its own way before one walked against it, then the
// lowest id.
template <typename Ok>
void extend(const Reference& ref, const kg::Path& p, const Ok& ok, std::vector<kg::Path>& stack) {
  std::map<NodeId, std::pair<bool, RelationshipId>> next;
  for (const auto& [v, r] : ref.steps(p.nodes.back())) {
    if (!ok(v) || std::find(p.nodes.begin(), p.nodes.end(), v) != p.nodes.end()) continue;
    const std::pair<bool, RelationshipId> key{ref.g.relationship(r).source != p.nodes.back(), r};
    if (!next.count(v) || key < next[v]) next[v] = key;
  }
  for (const auto& [v, key] : next) {
    kg::Path q = p;
    q.nodes.push_back(v);
    q.hops.push_back(key.second);
    stack.push_back(std::move(q));
  }
}

std::vector<kg::Path> brute_shortest_paths(const Reference& ref, NodeId from, NodeId to) {
  if (ref.avoided(from) || ref.avoided(to)) return {};
  const auto ok = [&](NodeId v) { return v == from || v == to || (ref.may_enter(v) && ref.may_pass(v)); };
  // Every simple walk from `from`, shortest to `to` kept: small graphs, so plain search.
  std::vector<kg::Path> best;
  std::size_t best_length = ~std::size_t{0};
  std::vector<kg::Path> stack{kg::Path{{from}, {}}};
  while (!stack.empty()) {
    kg::Path p = std::move(stack.back());
    stack.pop_back();
    if (p.nodes.back() == to) {
      if (p.hops.size() < best_length) {
        best.clear();
        best_length = p.hops.size();
      }
      if (p.hops.size() == best_length) best.push_back(p);
      continue;
    }
    if (p.hops.size() >= best_length) continue;
    extend(ref, p, ok, stack);
  }
  std::sort(best.begin(), best.end(), [](const kg::Path& a, const kg::Path& b) { return a.nodes < b.nodes; });
  return best;
}

std::map<NodeId, std::uint32_t> brute_ego(const Reference& ref, const std::vector<NodeId>& starts,
                                          std::uint32_t depth) {
  std::map<NodeId, std::uint32_t> dist;
  std::vector<NodeId> frontier;
  for (const NodeId s : starts) {
    if (!ref.avoided(s) && !dist.count(s)) {
      dist[s] = 0;
      frontier.push_back(s);
    }
  }
  for (std::uint32_t d = 0; d < depth; ++d) {
    std::vector<NodeId> next;
    for (const NodeId u : frontier) {
      if (d > 0 && !ref.may_pass(u)) continue;
      for (const auto& [v, r] : ref.steps(u)) {
        if (dist.count(v) || !ref.may_enter(v)) continue;
        dist[v] = d + 1;
        next.push_back(v);
      }
    }
    frontier = next;
  }
  return dist;
}

kg::TraversalOptions random_options(std::mt19937& rng, const kg::Graph& g) {
  kg::TraversalOptions o;
  o.direction = static_cast<kg::Direction>(rng() % 3);
  if (rng() % 3 == 0) o.relations = {rng() % 2 ? "supplier" : "links_to", "customer"};
  if (rng() % 4 == 0) o.types = {"company"};
  o.implied = rng() % 4 != 0;
  o.ghosts = rng() % 4 != 0;
  if (rng() % 3 == 0) o.as_of = rng() % 2 ? "2021" : "2022-03";
  if (rng() % 4 == 0) o.avoid = {static_cast<NodeId>(rng() % g.node_count())};
  if (rng() % 4 == 0) o.max_degree = 2 + rng() % 4;
  return o;
}

TEST(Traversal, ShortestPathsAndEgoGraphsEqualBruteForceOnRandomVaults) {
  std::mt19937 rng(90210);
  std::size_t paths_seen = 0;
  std::size_t graphs = 0;
  for (int round = 0; round < 150; ++round) {
    kg::test::TempVault v;
    write_random_vault(v, rng, 4 + static_cast<int>(rng() % 8));
    kg::LoadOptions load;
    load.threads = 1;
    const kg::Graph g = kg::Graph::load(v.root(), load);
    ++graphs;
    for (int q = 0; q < 12; ++q) {
      const kg::TraversalOptions o = random_options(rng, g);
      const Reference ref{g, o};
      const auto from = static_cast<NodeId>(rng() % g.node_count());
      const auto to = static_cast<NodeId>(rng() % g.node_count());
      SCOPED_TRACE(num("round ", round) + num(" query ", q) + " from " +
                   std::string(g.node(from).id) + " to " + std::string(g.node(to).id) +
                   " direction " + std::string(kg::to_string(o.direction)));
      const std::vector<kg::Path> expected = brute_shortest_paths(ref, from, to);
      const kg::PathResult all = kg::all_shortest_paths(g, from, to, o, 0);
      ASSERT_TRUE(all.complete);
      ASSERT_EQ(all.paths.size(), expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(all.paths[i].nodes, expected[i].nodes);
        EXPECT_EQ(all.paths[i].hops, expected[i].hops);
      }
      const kg::PathResult one = kg::shortest_path(g, from, to, o);
      ASSERT_EQ(one.paths.size(), expected.empty() ? 0u : 1u);
      if (!expected.empty()) {
        EXPECT_EQ(one.paths[0].nodes, expected[0].nodes);
      }
      paths_seen += expected.size();

      const std::uint32_t depth = rng() % 4;
      const std::vector<NodeId> starts{from, to};
      const auto dist = brute_ego(ref, starts, depth);
      const kg::EgoGraph ego = kg::ego_graph(g, starts, depth, o);
      ASSERT_TRUE(ego.complete);
      std::map<NodeId, std::uint32_t> got;
      for (const auto& n : ego.nodes) got[n.node] = n.depth;
      EXPECT_EQ(got, dist);
      std::vector<RelationshipId> induced;
      for (std::size_t r = 0; r < g.relationship_count(); ++r) {
        const auto id = static_cast<RelationshipId>(r);
        const kg::Relationship rel = g.relationship(id);
        if (dist.count(rel.source) && dist.count(rel.target) && ref.relationship_ok(id)) {
          induced.push_back(id);
        }
      }
      EXPECT_EQ(ego.relationships, induced);
    }
  }
  EXPECT_GT(paths_seen, 300u);  // the searches must find paths, not just agree on none
  EXPECT_EQ(graphs, 150u);
}

TEST(Traversal, BoundsStopAWalkAndSaySo) {
  kg::test::TempVault v;
  for (int i = 0; i < 300; ++i) {
    v.write(num("c", i) + ".md", num("[[c", i + 1) + "]]\n");
  }
  const kg::Graph g = kg::Graph::load(v.root());
  const NodeId first = *g.find("c0.md");
  const NodeId last = *g.find("c299.md");
  kg::TraversalOptions o;
  o.max_visited = 50;
  const kg::PathResult p = kg::shortest_path(g, first, last, o);
  EXPECT_FALSE(p.complete);
  EXPECT_TRUE(p.paths.empty());
  const kg::EgoGraph e = kg::ego_graph(g, std::vector<NodeId>{first}, 1000, o);
  EXPECT_FALSE(e.complete);
  EXPECT_EQ(e.nodes.size(), 50u);
  const kg::EgoGraph capped = kg::ego_graph(g, std::vector<NodeId>{first}, 1000, {}, 10);
  EXPECT_FALSE(capped.complete);
  EXPECT_EQ(capped.nodes.size(), 10u);
  std::atomic<bool> cancel{true};
  kg::TraversalOptions c;
  c.cancel = &cancel;
  EXPECT_THROW((void)kg::ego_graph(g, std::vector<NodeId>{first}, 1000, c), kg::Error);
  kg::TraversalOptions bad;
  bad.as_of = "March 2025";
  EXPECT_THROW((void)kg::shortest_path(g, first, last, bad), kg::Error);
  // Unbounded, the same walks finish.
  const kg::PathResult whole = kg::shortest_path(g, first, last);
  ASSERT_EQ(whole.paths.size(), 1u);
  EXPECT_EQ(whole.paths[0].hops.size(), 299u);
}

// A vault that exists only in memory: a chain of `chain` notes (c0 links to c1, ...) and a
// hub note linking to `leaves` notes that do not exist. Nothing is written to disk, so a
// million notes cost only their parse.
class SyntheticVault : public kg::FileSystem {
 public:
  SyntheticVault(std::size_t chain, std::size_t leaves) : chain_(chain), leaves_(leaves) {}
  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override {
    out.clear();
    if (!dir.empty()) return std::make_error_code(std::errc::no_such_file_or_directory);
    out.reserve(chain_ + 1);
    for (std::size_t i = 0; i < chain_; ++i) out.push_back({num("c", static_cast<long long>(i)) + ".md", kg::FileKind::Regular});
    out.push_back({"hub.md", kg::FileKind::Regular});
    return {};
  }
  std::error_code resolve_link(std::string_view, kg::LinkTarget&) override {
    return std::make_error_code(std::errc::invalid_argument);
  }
  std::error_code key(std::string_view path, kg::FileKey& out) override {
    out = kg::FileKey{1, std::hash<std::string_view>{}(path)};
    return {};
  }
  std::error_code read(std::string_view path, std::uint64_t, std::string& out) override {
    if (path == "hub.md") {
      out.clear();
      for (std::size_t i = 0; i < leaves_; ++i) {
        out += num("[[leaf", static_cast<long long>(i));
        out += "]] ";
      }
      return {};
    }
    if (path.size() < 5 || path.front() != 'c' || !path.ends_with(".md")) {
      return std::make_error_code(std::errc::no_such_file_or_directory);  // kg.yaml, .kgignore
    }
    const long long i = std::stoll(std::string(path.substr(1, path.size() - 4)));
    out = num("[[c", i + 1) + "]]\n";
    return {};
  }

 private:
  std::size_t chain_;
  std::size_t leaves_;
};

// A 1,000,000-note chain and a 100,000-leaf star: deep and wide enough that a recursive
// walk would overflow the stack and a careless step would go quadratic.
TEST(Traversal, AMillionNoteChainAndAHundredThousandLeafStarNeedNoStack) {
  const std::size_t n = 1000000;
  const std::size_t leaves = 100000;
  kg::LoadOptions load;
  load.threads = 2;
  const kg::Graph g = kg::Graph::load(std::make_unique<SyntheticVault>(n, leaves), load);
  const NodeId first = *g.find("c0.md");
  const NodeId end = g.lookup("c1000000");  // the ghost the last note links to
  const kg::PathResult p = kg::shortest_path(g, first, end);
  ASSERT_EQ(p.paths.size(), 1u);
  EXPECT_EQ(p.paths[0].hops.size(), n);
  const kg::EgoGraph chain = kg::ego_graph(g, std::vector<NodeId>{first}, static_cast<std::uint32_t>(n + 5));
  EXPECT_EQ(chain.nodes.size(), n + 1);
  EXPECT_EQ(chain.nodes.back().depth, static_cast<std::uint32_t>(n));
  // A time limit stops the walk (checked every 256 nodes) and says so; a whole-graph
  // answer throws instead.
  kg::TraversalOptions hurry;
  hurry.time_limit = std::chrono::milliseconds(1);
  const kg::EgoGraph cut = kg::ego_graph(g, std::vector<NodeId>{first}, static_cast<std::uint32_t>(n + 5), hurry);
  EXPECT_FALSE(cut.complete);
  EXPECT_LT(cut.nodes.size(), n + 1);
  EXPECT_THROW((void)kg::rank(g, kg::Centrality::PageRank, hurry), kg::Error);
  const auto strong = kg::strong_components(g);
  EXPECT_EQ(strong.size(), g.node_count());  // a chain has no cycle
  const auto weak = kg::weak_components(g);
  ASSERT_EQ(weak.size(), 2u);
  EXPECT_EQ(weak[0].size(), n + 1);
  EXPECT_EQ(weak[1].size(), leaves + 1);
  const NodeId hub = *g.find("hub.md");
  const kg::EgoGraph star = kg::ego_graph(g, std::vector<NodeId>{hub}, 2);
  EXPECT_EQ(star.nodes.size(), leaves + 1);
  EXPECT_EQ(star.relationships.size(), leaves);
  // Leaf to leaf through the hub, both ways; not with hubs suppressed.
  kg::TraversalOptions both;
  both.direction = kg::Direction::Both;
  const kg::PathResult via = kg::shortest_path(g, g.lookup("leaf1"), g.lookup("leaf2"), both);
  ASSERT_EQ(via.paths.size(), 1u);
  EXPECT_EQ(via.paths[0].nodes.size(), 3u);
  both.max_degree = 100;
  EXPECT_TRUE(kg::shortest_path(g, g.lookup("leaf1"), g.lookup("leaf2"), both).paths.empty());
  const auto related = kg::related(g, g.lookup("leaf1"));
  EXPECT_EQ(related.size(), leaves - 1);  // every other leaf shares the hub
  const auto ranking = kg::rank(g, kg::Centrality::InDegree);
  EXPECT_EQ(ranking.front().score, 1.0);
}

}  // namespace

namespace {

// Every simple path from `from` to `to` by brute force, ranked by hops then node ids, each
// hop chosen as the library chooses (its own way first, then the lowest id).
std::vector<kg::Path> brute_simple_paths(const Reference& ref, NodeId from, NodeId to,
                                         std::size_t max_length) {
  std::vector<kg::Path> all;
  if (ref.avoided(from) || ref.avoided(to)) return all;
  const auto ok = [&](NodeId v) { return v == to || (v != from && ref.may_enter(v) && ref.may_pass(v)); };
  std::vector<kg::Path> stack{kg::Path{{from}, {}}};
  while (!stack.empty()) {
    kg::Path p = std::move(stack.back());
    stack.pop_back();
    if (p.nodes.back() == to) {
      all.push_back(p);
      continue;
    }
    if (p.hops.size() >= max_length) continue;
    extend(ref, p, ok, stack);
  }
  std::sort(all.begin(), all.end(), [](const kg::Path& a, const kg::Path& b) {
    return a.hops.size() != b.hops.size() ? a.hops.size() < b.hops.size() : a.nodes < b.nodes;
  });
  return all;
}

TEST(Traversal, KShortestAndSimplePathsEqualBruteForceOnRandomVaults) {
  std::mt19937 rng(4242);
  std::size_t compared = 0;
  for (int round = 0; round < 120; ++round) {
    kg::test::TempVault v;
    write_random_vault(v, rng, 4 + static_cast<int>(rng() % 6));
    kg::LoadOptions load;
    load.threads = 1;
    const kg::Graph g = kg::Graph::load(v.root(), load);
    for (int q = 0; q < 8; ++q) {
      const kg::TraversalOptions o = random_options(rng, g);
      const Reference ref{g, o};
      const auto from = static_cast<NodeId>(rng() % g.node_count());
      const auto to = static_cast<NodeId>(rng() % g.node_count());
      SCOPED_TRACE(num("round ", round) + num(" query ", q));
      const std::vector<kg::Path> all = brute_simple_paths(ref, from, to, 100);
      const std::size_t k = 1 + rng() % 6;
      const kg::PathResult yen = kg::k_shortest_paths(g, from, to, k, o);
      ASSERT_TRUE(yen.complete);
      ASSERT_EQ(yen.paths.size(), std::min(k, all.size()));
      for (std::size_t i = 0; i < yen.paths.size(); ++i) {
        EXPECT_EQ(yen.paths[i].nodes, all[i].nodes) << "path " << i;
        EXPECT_EQ(yen.paths[i].hops, all[i].hops) << "path " << i;
      }
      const std::size_t length = rng() % 5;
      std::vector<kg::Path> bounded;
      for (const auto& p : all) {
        if (p.hops.size() <= length) bounded.push_back(p);
      }
      const kg::PathResult simple = kg::simple_paths(g, from, to, length, o, 0);
      ASSERT_TRUE(simple.complete);
      ASSERT_EQ(simple.paths.size(), bounded.size());
      for (std::size_t i = 0; i < bounded.size(); ++i) {
        EXPECT_EQ(simple.paths[i].nodes, bounded[i].nodes);
        EXPECT_EQ(simple.paths[i].hops, bounded[i].hops);
      }
      compared += bounded.size() + yen.paths.size();
    }
  }
  EXPECT_GT(compared, 300u);
}

}  // namespace

namespace {

// The filtered graph by brute force: kept nodes, and kept relationships between kept nodes.
struct SmallGraph {
  std::vector<NodeId> nodes;
  std::vector<kg::Relationship> rels;
  bool kept(NodeId n) const { return std::find(nodes.begin(), nodes.end(), n) != nodes.end(); }
};

SmallGraph small_graph(const Reference& ref) {
  SmallGraph s;
  for (std::size_t i = 0; i < ref.g.node_count(); ++i) {
    if (ref.may_enter(static_cast<NodeId>(i))) s.nodes.push_back(static_cast<NodeId>(i));
  }
  for (std::size_t r = 0; r < ref.g.relationship_count(); ++r) {
    const auto id = static_cast<RelationshipId>(r);
    const kg::Relationship rel = ref.g.relationship(id);
    if (ref.relationship_ok(id) && s.kept(rel.source) && s.kept(rel.target)) s.rels.push_back(rel);
  }
  return s;
}

std::vector<std::vector<NodeId>> sorted_components(std::map<NodeId, int> label) {
  std::map<int, std::vector<NodeId>> groups;
  for (const auto& [n, l] : label) groups[l].push_back(n);
  std::vector<std::vector<NodeId>> out;
  for (auto& [l, g] : groups) out.push_back(g);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() > b.size() : a.front() < b.front();
  });
  return out;
}

TEST(Traversal, StructureAndRankingsEqualBruteForceOnRandomVaults) {
  std::mt19937 rng(777);
  for (int round = 0; round < 120; ++round) {
    kg::test::TempVault v;
    write_random_vault(v, rng, 3 + static_cast<int>(rng() % 9));
    kg::LoadOptions load;
    load.threads = 1;
    const kg::Graph g = kg::Graph::load(v.root(), load);
    kg::TraversalOptions o = random_options(rng, g);
    o.max_degree = 0;
    const Reference ref{g, o};
    const SmallGraph s = small_graph(ref);
    SCOPED_TRACE(num("round ", round));
    const std::size_t n = s.nodes.size();
    std::map<NodeId, std::size_t> at;
    for (std::size_t i = 0; i < n; ++i) at[s.nodes[i]] = i;
    // Reachability and arcs (one per ordered pair) by brute force.
    std::vector<std::vector<char>> arc(n, std::vector<char>(n, 0)), reach(n, std::vector<char>(n, 0));
    std::vector<std::size_t> in(n, 0), out(n, 0);
    for (const auto& r : s.rels) {
      arc[at[r.source]][at[r.target]] = 1;
      ++out[at[r.source]];
      ++in[at[r.target]];
    }
    for (std::size_t i = 0; i < n; ++i) {
      reach[i][i] = 1;
      for (std::size_t j = 0; j < n; ++j) reach[i][j] |= arc[i][j];
    }
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) reach[i][j] |= reach[i][k] && reach[k][j];
    // Components.
    std::map<NodeId, int> weak, strong;
    {
      std::vector<int> label(n, -1);
      for (std::size_t i = 0; i < n; ++i) {
        if (label[i] >= 0) continue;
        std::vector<std::size_t> stack{i};
        label[i] = static_cast<int>(i);
        while (!stack.empty()) {
          const std::size_t u = stack.back();
          stack.pop_back();
          for (std::size_t j = 0; j < n; ++j) {
            if ((arc[u][j] || arc[j][u]) && label[j] < 0) {
              label[j] = static_cast<int>(i);
              stack.push_back(j);
            }
          }
        }
      }
      for (std::size_t i = 0; i < n; ++i) weak[s.nodes[i]] = label[i];
      for (std::size_t i = 0; i < n; ++i) {
        int l = static_cast<int>(i);
        for (std::size_t j = 0; j < n; ++j) {
          if (reach[i][j] && reach[j][i]) l = std::min(l, static_cast<int>(j));
        }
        strong[s.nodes[i]] = l;
      }
    }
    EXPECT_EQ(kg::weak_components(g, o), sorted_components(weak));
    EXPECT_EQ(kg::strong_components(g, o), sorted_components(strong));
    // Boost.Graph's own algorithms on the same graph, as a second opinion.
    {
      using Directed = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
      using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
      Directed d(n);
      Undirected u(n);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          if (!arc[i][j]) continue;
          boost::add_edge(i, j, d);
          boost::add_edge(i, j, u);
        }
      }
      std::vector<int> scc(n), cc(n);
      if (n > 0) {
        boost::strong_components(d, boost::make_iterator_property_map(scc.begin(), boost::get(boost::vertex_index, d)));
        boost::connected_components(u, cc.data());
      }
      std::map<NodeId, int> boost_strong, boost_weak;
      for (std::size_t i = 0; i < n; ++i) {
        boost_strong[s.nodes[i]] = scc[i];
        boost_weak[s.nodes[i]] = cc[i];
      }
      EXPECT_EQ(kg::strong_components(g, o), sorted_components(boost_strong));
      EXPECT_EQ(kg::weak_components(g, o), sorted_components(boost_weak));
      if (n > 2) {
        std::vector<double> centrality(n);
        boost::brandes_betweenness_centrality(
            d, boost::centrality_map(boost::make_iterator_property_map(centrality.begin(), boost::get(boost::vertex_index, d))));
        // Boost leaves directed betweenness unnormalised; NetworkX divides by (n-1)(n-2).
        const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
        for (const auto& r : kg::rank(g, kg::Centrality::Betweenness, o)) {
          EXPECT_NEAR(r.score, centrality[at[r.node]] * scale, 1e-9) << "Boost's betweenness";
        }
      }
    }
    std::vector<NodeId> orphan, dead, source;
    for (std::size_t i = 0; i < n; ++i) {
      if (in[i] == 0 && out[i] == 0) orphan.push_back(s.nodes[i]);
      if (in[i] > 0 && out[i] == 0) dead.push_back(s.nodes[i]);
      if (in[i] == 0 && out[i] > 0) source.push_back(s.nodes[i]);
    }
    EXPECT_EQ(kg::orphans(g, o), orphan);
    EXPECT_EQ(kg::dead_ends(g, o), dead);
    EXPECT_EQ(kg::sources(g, o), source);
    // Related and co-cited for one node.
    if (n > 0) {
      const NodeId x = s.nodes[rng() % n];
      const std::size_t xi = at[x];
      std::map<NodeId, std::size_t> rel;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == xi || arc[xi][j] || arc[j][xi]) continue;
        std::size_t shared = 0;
        for (std::size_t m = 0; m < n; ++m) {
          if (m == xi || m == j) continue;
          if ((arc[xi][m] || arc[m][xi]) && (arc[j][m] || arc[m][j])) ++shared;
        }
        if (shared > 0) rel[s.nodes[j]] = shared;
      }
      std::map<NodeId, std::size_t> cocited;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == xi) continue;
        std::size_t both = 0;
        for (std::size_t c = 0; c < n; ++c) {
          if (c != xi && c != j && arc[c][xi] && arc[c][j]) ++both;
        }
        if (both > 0) cocited[s.nodes[j]] = both;
      }
      const auto as_map = [](const std::vector<kg::SharedCount>& list) {
        std::map<NodeId, std::size_t> m;
        for (const auto& e : list) m[e.node] = e.shared;
        return m;
      };
      const auto r = kg::related(g, x, o);
      const auto c = kg::co_cited(g, x, o);
      EXPECT_EQ(as_map(r), rel);
      EXPECT_EQ(as_map(c), cocited);
      for (std::size_t k = 1; k < r.size(); ++k) {
        EXPECT_TRUE(r[k - 1].shared > r[k].shared || (r[k - 1].shared == r[k].shared && r[k - 1].node < r[k].node));
      }
    }
    // Degrees.
    for (const auto by : {kg::Centrality::Degree, kg::Centrality::InDegree, kg::Centrality::OutDegree}) {
      const auto ranking = kg::rank(g, by, o);
      ASSERT_EQ(ranking.size(), n);
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = at[ranking[k].node];
        const double expected = by == kg::Centrality::Degree ? static_cast<double>(in[i] + out[i])
                                : by == kg::Centrality::InDegree ? static_cast<double>(in[i])
                                                                 : static_cast<double>(out[i]);
        EXPECT_EQ(ranking[k].score, expected);
        if (k > 0) {
          EXPECT_TRUE(ranking[k - 1].score > ranking[k].score ||
                      (ranking[k - 1].score == ranking[k].score && ranking[k - 1].node < ranking[k].node));
        }
      }
    }
    // PageRank: a plain dense power iteration.
    if (n > 0) {
      std::vector<double> x(n, 1.0 / n);
      for (int it = 0; it < 2000; ++it) {
        std::vector<double> y(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
          std::size_t outs = 0;
          for (std::size_t j = 0; j < n; ++j) outs += arc[i][j];
          for (std::size_t j = 0; j < n; ++j) {
            y[j] += outs == 0 ? 0.85 * x[i] / n : (arc[i][j] ? 0.85 * x[i] / outs : 0.0);
          }
        }
        for (double& e : y) e += 0.15 / n;
        x = y;
      }
      for (const auto& r : kg::rank(g, kg::Centrality::PageRank, o)) {
        EXPECT_NEAR(r.score, x[at[r.node]], 1e-9);
      }
    }
    // Betweenness: pair by pair, from shortest-path counts.
    if (n > 0) {
      constexpr int kFar = 1 << 20;
      std::vector<std::vector<int>> d(n, std::vector<int>(n, kFar));
      std::vector<std::vector<double>> sigma(n, std::vector<double>(n, 0.0));
      for (std::size_t a = 0; a < n; ++a) {
        d[a][a] = 0;
        sigma[a][a] = 1;
        std::vector<std::size_t> q{a};
        for (std::size_t h = 0; h < q.size(); ++h) {
          const std::size_t u = q[h];
          for (std::size_t w = 0; w < n; ++w) {
            if (!arc[u][w] || w == u) continue;
            if (d[a][w] == kFar) {
              d[a][w] = d[a][u] + 1;
              q.push_back(w);
            }
            if (d[a][w] == d[a][u] + 1) sigma[a][w] += sigma[a][u];
          }
        }
      }
      std::vector<double> bc(n, 0.0);
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b) {
          if (a == b || d[a][b] == kFar) continue;
          for (std::size_t m = 0; m < n; ++m) {
            if (m == a || m == b || d[a][m] + d[m][b] != d[a][b]) continue;
            bc[m] += sigma[a][m] * sigma[m][b] / sigma[a][b];
          }
        }
      const double scale = n > 2 ? 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2)) : 1.0;
      for (const auto& r : kg::rank(g, kg::Centrality::Betweenness, o)) {
        EXPECT_NEAR(r.score, bc[at[r.node]] * scale, 1e-9);
      }
    }
  }
}

}  // namespace
