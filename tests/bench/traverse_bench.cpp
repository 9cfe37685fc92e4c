// Traversal benchmarks (Google Benchmark) on a generated vault, loaded once: an ego graph of
// depth 2 around a median-degree note, a shortest path between random notes (both ways and
// following directions), PageRank and weakly connected components.
//
//   kg_traverse_bench [VAULT] --benchmark_repetitions=5 --benchmark_report_aggregates_only
//
// VAULT defaults to a 100,000-note vault generated with kg-genvault --seed 1 under /tmp. The
// README's figures use 100,000 and 1,000,000 notes with 10 links a note (kg-genvault
// --links-per-note 10).
#include <kg/kg.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

std::string g_vault;

struct Loaded {
  kg::Graph graph;
  kg::NodeId median{};                                  // a note of median degree
  std::vector<std::pair<kg::NodeId, kg::NodeId>> pairs;  // random note pairs
};

const Loaded& loaded() {
  static const std::unique_ptr<Loaded> state = [] {
    if (g_vault.empty()) {
      g_vault = (std::filesystem::temp_directory_path() / "kg-traverse-bench-100k").string();
      if (!std::filesystem::exists(g_vault)) {
        const std::string command = std::string("'") + KG_GENVAULT + "' --out '" + g_vault +
                                    "' --notes 100000 --seed 1 --links-per-note 10 > /dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("kg-genvault failed");
      }
    }
    kg::LoadOptions options;
    options.threads = 2;
    auto s = std::make_unique<Loaded>(Loaded{kg::Graph::load(g_vault, options), {}, {}});
    const kg::Graph& g = s->graph;
    std::vector<std::pair<std::size_t, kg::NodeId>> degrees;
    std::vector<kg::NodeId> notes;
    for (std::size_t i = 0; i < g.node_count(); ++i) {
      const auto id = static_cast<kg::NodeId>(i);
      if (g.node(id).kind != kg::NodeKind::Note) continue;
      notes.push_back(id);
      degrees.emplace_back(g.out_relationships(id).size() + g.in_relationships(id).size(), id);
    }
    std::nth_element(degrees.begin(), degrees.begin() + static_cast<std::ptrdiff_t>(degrees.size() / 2),
                     degrees.end());
    s->median = degrees[degrees.size() / 2].second;
    std::mt19937_64 rng(1);
    for (int k = 0; k < 256; ++k) {
      s->pairs.emplace_back(notes[rng() % notes.size()], notes[rng() % notes.size()]);
    }
    std::cerr << "vault " << g_vault << ": " << g.node_count() << " nodes, "
              << g.relationship_count() << " relationships; median degree "
              << degrees[degrees.size() / 2].first << "\n";
    return s;
  }();
  return *state;
}

void BM_EgoDepth2(benchmark::State& state, kg::Direction direction) {
  const Loaded& s = loaded();
  kg::TraversalOptions o;
  o.direction = direction;
  std::size_t nodes = 0;
  for (auto _ : state) {
    const kg::EgoGraph e = kg::ego_graph(s.graph, std::vector<kg::NodeId>{s.median}, 2, o);
    nodes = e.nodes.size();
    benchmark::DoNotOptimize(e.relationships.data());
  }
  state.counters["nodes"] = static_cast<double>(nodes);
}
BENCHMARK_CAPTURE(BM_EgoDepth2, both, kg::Direction::Both)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EgoDepth2, out, kg::Direction::Out)->Unit(benchmark::kMillisecond);

void BM_ShortestPath(benchmark::State& state, kg::Direction direction) {
  const Loaded& s = loaded();
  kg::TraversalOptions o;
  o.direction = direction;
  std::size_t k = 0;
  std::size_t found = 0;
  std::size_t runs = 0;
  for (auto _ : state) {
    const auto [from, to] = s.pairs[k++ % s.pairs.size()];
    const kg::PathResult p = kg::shortest_path(s.graph, from, to, o);
    found += !p.paths.empty();
    ++runs;
  }
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(runs);
}
BENCHMARK_CAPTURE(BM_ShortestPath, both, kg::Direction::Both)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ShortestPath, out, kg::Direction::Out)->Unit(benchmark::kMillisecond);

void BM_PageRank(benchmark::State& state) {
  const Loaded& s = loaded();
  for (auto _ : state) benchmark::DoNotOptimize(kg::rank(s.graph, kg::Centrality::PageRank).data());
}
BENCHMARK(BM_PageRank)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_WeakComponents(benchmark::State& state) {
  const Loaded& s = loaded();
  for (auto _ : state) benchmark::DoNotOptimize(kg::weak_components(s.graph).size());
}
BENCHMARK(BM_WeakComponents)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) g_vault = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
