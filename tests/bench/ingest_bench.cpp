// kg's ingest against the parse floor (yaml-cpp + cmark-gfm alone), on the same files in the
// same run. The vault is KG_BENCH_VAULT, or a seeded synthetic vault made by kg-genvault.
#include "floor.hpp"

#include "counting_buffer.hpp"

#include <kg/kg.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <streambuf>
#include <stdexcept>
#include <string>

namespace {

const std::filesystem::path& bench_vault() {
  static const std::filesystem::path vault = [] {
    if (const char* env = std::getenv("KG_BENCH_VAULT")) return std::filesystem::path(env);
    const auto dir = std::filesystem::temp_directory_path() / "kg-bench-vault-seed1-5000";
    if (!std::filesystem::exists(dir)) {
      const std::string cmd = std::string(KG_GENVAULT) + " --out '" + dir.string() +
                              "' --notes 5000 --seed 1 > /dev/null";
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("kg-genvault failed");
    }
    return dir;
  }();
  return vault;
}

void BM_KgIngest(benchmark::State& state) {
  kg::LoadOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  // Validate before timing: the graph must hold the vault.
  if (kg::Graph::load(bench_vault(), options).stats().notes == 0) {
    state.SkipWithError("empty vault");
    return;
  }
  for (auto _ : state) {
    const kg::Graph graph = kg::Graph::load(bench_vault(), options);
    benchmark::DoNotOptimize(graph.edge_count());
  }
}

void BM_ParseFloor(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  if (kg::bench::parse_floor(bench_vault(), threads).files == 0) {
    state.SkipWithError("empty vault");
    return;
  }
  for (auto _ : state) {
    const auto result = kg::bench::parse_floor(bench_vault(), threads);
    benchmark::DoNotOptimize(result.md_nodes);
  }
}


// The node-link JSON export of a loaded graph, streamed (kg export --format json writes
// this to its file); compare with BM_KgIngest on the same vault.
void BM_JsonExport(benchmark::State& state) {
  kg::LoadOptions options;
  options.threads = 2;
  const kg::Graph graph = kg::Graph::load(bench_vault(), options);
  kg::io::JsonOptions json;
  json.indent = 1;
  std::size_t bytes = 0;
  for (auto _ : state) {
    kg::bench::CountingBuffer buffer;
    std::ostream out(&buffer);
    kg::io::write_json(graph, out, json);
    bytes = buffer.bytes;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

BENCHMARK(BM_KgIngest)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JsonExport)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ParseFloor)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
