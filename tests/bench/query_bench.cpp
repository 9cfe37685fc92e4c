// kg_query_bench: kg query in process, the graph loaded once, as Kuzu is timed with its
// database open (tests/bench/kuzu_compare.py drives both).
//
//   kg_query_bench VAULT [--repeat N] QUERY...
//
// Prints one JSON object: the load time, then per query its answer (rows, nodes as their
// ids) and the wall time of each run, with the median. The first run is counted like the
// others: nothing is cached between runs.
#include <kg/kg.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string json_string(const std::string& s) { return kg::to_json(kg::Value::of_string(s)); }

std::string json(const kg::Graph& g, const kg::query::Value& v) {
  using K = kg::query::Value::Kind;
  switch (v.kind()) {
    case K::Null: return "null";
    case K::Bool: return v.as_bool() ? "true" : "false";
    case K::Int: return std::to_string(v.as_int());
    case K::Float: return kg::to_json(kg::Value::of_float(v.as_float()));
    case K::String: return json_string(v.as_string());
    case K::Node: return json_string(std::string(g.node(kg::NodeId{v.id()}).id));
    case K::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.as_list().size(); ++i) out += (i ? "," : "") + json(g, v.as_list()[i]);
      return out + "]";
    }
    default: return json_string(kg::query::describe(g, v));
  }
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kg_query_bench VAULT [--repeat N] QUERY...\n";
    return 2;
  }
  const std::string vault = argv[1];
  int repeat = 7;
  std::vector<std::string> queries;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      queries.push_back(a);
    }
  }
  const auto t0 = Clock::now();
  const kg::Graph g = kg::Graph::load(vault);
  const double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::cout << "{\"load_ms\": " << load_ms << ", \"queries\": [";
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::vector<double> ms;
    kg::query::Result result;
    for (int r = 0; r < repeat; ++r) {
      const auto start = Clock::now();
      result = kg::query::run(g, queries[q]);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::cout << (q ? ", " : "") << "{\"query\": " << json_string(queries[q]) << ", \"median_ms\": " << median(ms)
              << ", \"ms\": [";
    for (std::size_t i = 0; i < ms.size(); ++i) std::cout << (i ? ", " : "") << ms[i];
    std::cout << "], \"rows\": [";
    for (std::size_t r = 0; r < result.rows.size(); ++r) {
      std::cout << (r ? ", " : "") << "[";
      for (std::size_t c = 0; c < result.rows[r].size(); ++c) std::cout << (c ? ", " : "") << json(g, result.rows[r][c]);
      std::cout << "]";
    }
    std::cout << "]}";
  }
  std::cout << "]}\n";
  return 0;
}
