// The writers on a generated vault, loaded once (Google Benchmark): each format's writing
// time for the whole graph into a stream that counts bytes and keeps nothing, beside the
// JSON node-link document, the export kg has had longest, as the baseline of the same run.
//
//   kg_export_bench [VAULT] --benchmark_repetitions=5 --benchmark_report_aggregates_only
//
// VAULT defaults to a 100,000-note vault generated with kg-genvault --seed 1 under /tmp.
#include "counting_buffer.hpp"

#include <kg/kg.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace {

std::string g_vault;

const kg::Graph& graph() {
  static const std::unique_ptr<kg::Graph> g = [] {
    if (g_vault.empty()) {
      g_vault = (std::filesystem::temp_directory_path() / "kg-export-bench-100k").string();
      if (!std::filesystem::exists(g_vault)) {
        const std::string command =
            std::string("'") + KG_GENVAULT + "' --out '" + g_vault + "' --notes 100000 --seed 1 > /dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("kg-genvault failed");
      }
    }
    kg::LoadOptions options;
    options.threads = 2;
    return std::make_unique<kg::Graph>(kg::Graph::load(g_vault, options));
  }();
  return *g;
}


template <typename Write>
void measure(benchmark::State& state, Write write) {
  const kg::Graph& g = graph();
  std::size_t bytes = 0;
  for (auto _ : state) {
    kg::bench::CountingBuffer buffer;
    std::ostream out(&buffer);
    write(g, out);
    bytes = buffer.bytes;
  }
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["relationships"] = static_cast<double>(g.relationship_count());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

void BM_Json(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) { kg::io::write_json(g, out); });
}
void BM_Dot(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) { out << kg::io::dot(g); });
}
void BM_GraphML(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) { kg::io::write_graphml(g, out); });
}
void BM_Cytoscape(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) { kg::io::write_cytoscape(g, kg::filtered_graph(g), out); });
}
void BM_Neo4jCsv(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) {
    const kg::Subgraph all = kg::filtered_graph(g);
    kg::io::write_neo4j_nodes(g, all, out);
    kg::io::write_neo4j_relationships(g, all, out);
  });
}
void BM_Cypher(benchmark::State& state) {
  measure(state, [](const kg::Graph& g, std::ostream& out) { kg::io::write_cypher(g, kg::filtered_graph(g), out); });
}
BENCHMARK(BM_Json)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Dot)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_GraphML)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Cytoscape)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Neo4jCsv)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Cypher)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) g_vault = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
