// Out of memory at every allocation: this program's own operator new fails the k-th
// allocation of an operation (once, or from then on), for every k the operation makes, during
// an ingest (one thread and two), a query, each writer and the C API. The operation either
// completes, unchanged or having reported the failure (an `out-of-memory` or
// `frontmatter-too-large` diagnostic on the note it hit), or throws std::bad_alloc; the C API returns
// KG_ERROR_OUT_OF_MEMORY. Never a crash, never a silent loss, and under AddressSanitizer
// nothing leaks (the allocator here is malloc, which LeakSanitizer watches).
//
// KG_ALLOC_BACKTRACE=1 prints where each injected failure happened; KG_ALLOC_K=k tries that
// k alone (with --gtest_filter for one test).
#include <kg/kg.h>
#include <kg/kg.hpp>
#include <kg/io/dot.hpp>
#include <kg/io/graphdb.hpp>
#include <kg/io/graphml.hpp>
#include <kg/io/json.hpp>
#include <kg/io/mermaid.hpp>

#include "support/memory_vault.hpp"
#include "support/random_vault.hpp"
#include "support/temp_vault.hpp"

#include <gtest/gtest.h>

#include <execinfo.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <new>
#include <optional>
#include <random>
#include <sstream>
#include <string>

namespace {

std::atomic<bool> g_armed{false};
std::atomic<long> g_countdown{0};    // allocations left before the first failure
std::atomic<bool> g_persistent{false};  // fail every allocation after the first failure too
std::atomic<long> g_failures{0};
std::atomic<long> g_counted{0};

bool should_fail() noexcept {
  if (!g_armed.load(std::memory_order_relaxed)) return false;
  g_counted.fetch_add(1, std::memory_order_relaxed);
  const long left = g_countdown.fetch_sub(1, std::memory_order_relaxed);
  if (left == 0 || (left < 0 && g_persistent.load(std::memory_order_relaxed))) {
    g_failures.fetch_add(1, std::memory_order_relaxed);
    static const bool trace = std::getenv("KG_ALLOC_BACKTRACE") != nullptr;
    if (trace) {
      void* frames[32];
      const int n = ::backtrace(frames, 32);
      ::backtrace_symbols_fd(frames, n, 2);
      ::write(2, "--\n", 3);
    }
    return true;
  }
  return false;
}

void* allocate(std::size_t n, std::size_t align) noexcept {
  if (should_fail()) return nullptr;
  if (n == 0) n = 1;
  if (align <= alignof(std::max_align_t)) return std::malloc(n);
  return std::aligned_alloc(align, (n + align - 1) / align * align);
}

void* allocate_or_throw(std::size_t n, std::size_t align) {
  if (void* p = allocate(n, align)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n, 0); }
void* operator new[](std::size_t n) { return allocate_or_throw(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

struct Outcome {
  bool threw = false;  // std::bad_alloc reached the caller
  long failures = 0;   // allocations failed
};

// Runs `op` with the k-th allocation failing (k = 0: the first).
Outcome attempt(long k, bool persistent, const std::function<void()>& op) {
  g_failures = 0;
  g_persistent = persistent;
  g_countdown = k;
  g_armed = true;
  Outcome out;
  try {
    op();
  } catch (const std::bad_alloc&) {
    out.threw = true;
  }
  g_armed = false;
  out.failures = g_failures.load();
  return out;
}

long allocations(const std::function<void()>& op) {
  g_counted = 0;
  attempt(-1, false, op);  // a countdown that never reaches 0 from -1 without `persistent`
  return g_counted.load();
}

// Every k up to 1,500, then 1,500 more spread over the rest: each allocation site early in
// an operation, and a sample of the repeated ones after.
std::vector<long> indices(long total) {
  if (const char* only = std::getenv("KG_ALLOC_K")) return {std::atol(only)};
  std::vector<long> ks;
  const long dense = std::min<long>(total, 1500);
  for (long k = 0; k < dense; ++k) ks.push_back(k);
  if (total > dense) {
    const long step = std::max<long>(1, (total - dense) / 1500);
    for (long k = dense; k < total; k += step) ks.push_back(k);
  }
  return ks;
}

// A typed vault touching every stage: front matter with properties, aliases and tags; typed
// links in front matter and body; headings and blocks; an implied inverse; a ghost; a
// heading link; an embed; invalid YAML; an unresolved link.
std::map<std::string, std::string> vault_files() {
  return {
      {"kg.yaml",
       "types:\n  company: {}\n  chip: {}\nrelations:\n  supplier:\n    inverse: customer\n"
       "  develops:\n    domain: [company]\n    range: [chip]\n  competitor:\n    symmetric: true\n"},
      {"companies/NVIDIA.md",
       "---\ntype: company\naliases: [Nvidia, NVDA]\ntags: [gpu, us]\nfounded: 1993\n"
       "develops: [\"[[H100]]\", \"[[H200]]\"]\ncompetitor: \"[[AMD]]\"\n---\n"
       "# NVIDIA\n\nsupplier:: [[TSMC]]\nSee [[H100#Specs|the specs]] and ![[diagram.png]].\n"
       "- a block ^b1\n[[Missing note]]\n"},
      {"companies/AMD.md", "---\ntype: company\nfounded: 1969\n---\n# AMD\ncompetitor:: [[NVIDIA]]\n"},
      {"companies/TSMC.md", "---\ntype: company\ntitle: Taiwan Semiconductor\n---\n# TSMC\n[[NVIDIA#^b1]]\n"},
      {"chips/H100.md", "---\ntype: chip\nreleased: 2022-03-22\n---\n# H100\n## Specs\n80 GB.\n"},
      {"chips/H200.md", "---\ntype: chip\nbroken: [\n---\n# H200\n[[H100]] #chip\n"},
      {"diagram.png", "png"},
  };
}

kg::Graph load(unsigned threads) {
  kg::LoadOptions options;
  options.threads = threads;
  return kg::Graph::load(std::make_unique<kg::test::MemoryVault>(vault_files()), options);
}

// Notes and attachments: the files, which a failure never removes (ghosts come and go with
// the links that name them).
std::size_t file_nodes(const kg::Graph& g) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < g.node_count(); ++i) n += g.node(static_cast<kg::NodeId>(i)).kind != kg::NodeKind::Ghost;
  return n;
}

std::size_t count_code(const kg::Graph& g, std::string_view code) {
  std::size_t n = 0;
  for (const kg::Diagnostic& d : g.diagnostics()) n += d.code == code;
  return n;
}

// The graph as a text: its JSON document and its diagnostics.
std::string fingerprint(const kg::Graph& g) {
  std::ostringstream out;
  kg::io::write_json(g, out);
  for (const kg::Diagnostic& d : g.diagnostics()) out << kg::format_diagnostic(d) << '\n';
  return out.str();
}

// An ingest either throws bad_alloc, or completes with every note and either the clean
// graph (the failure cost nothing: a fallback path gave the same answer) or a diagnostic on
// the note whose content the failure cost.
void check_ingest(unsigned threads, bool persistent) {
  const kg::Graph clean = load(threads);
  const std::string clean_text = fingerprint(clean);
  const long total = allocations([&] { load(threads); });
  ASSERT_GT(total, 100);
  std::size_t threw = 0, absorbed = 0;
  for (const long k : indices(total)) {
    std::optional<kg::Graph> g;
    const Outcome o = attempt(k, persistent, [&] { g.emplace(load(threads)); });
    if (o.threw) {
      ++threw;
      EXPECT_GT(o.failures, 0) << "k=" << k;
      continue;
    }
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(file_nodes(*g), file_nodes(clean)) << "k=" << k;
    if (o.failures == 0 || fingerprint(*g) == clean_text) continue;
    ++absorbed;
    const std::size_t reported = count_code(*g, "out-of-memory") + count_code(*g, "frontmatter-too-large");
    std::string codes;
    for (const kg::Diagnostic& d : g->diagnostics()) codes += " " + d.file + ":" + d.code;
    EXPECT_GT(reported, 0u) << "k=" << k << ": a failed allocation changed the graph without a diagnostic;"
                            << codes;
  }
  EXPECT_GT(threw, 0u);
  std::printf("ingest, %u thread(s)%s: %ld allocations, %zu runs threw bad_alloc, %zu reported a note's loss\n",
              threads, persistent ? ", failing from k on" : "", total, threw, absorbed);
}

TEST(AllocFailure, IngestOneThread) { check_ingest(1, false); }
TEST(AllocFailure, IngestOneThreadFailingFromThenOn) { check_ingest(1, true); }
TEST(AllocFailure, IngestTwoThreads) { check_ingest(2, false); }
TEST(AllocFailure, IngestTwoThreadsFailingFromThenOn) { check_ingest(2, true); }

// Anything other than the graph's own load: the operation completes with the clean output, or
// throws bad_alloc. A writer never swallows a failure into a shorter document.
void check_operation(const char* name, const std::function<std::string()>& op) {
  const std::string clean = op();
  const long total = allocations([&] { op(); });
  ASSERT_GT(total, 0) << name;
  std::size_t threw = 0;
  for (const bool persistent : {false, true}) {
    for (const long k : indices(total)) {
      std::string got;
      const Outcome o = attempt(k, persistent, [&] { got = op(); });
      if (o.threw) {
        ++threw;
        continue;
      }
      EXPECT_EQ(got, clean) << name << " k=" << k << (persistent ? " (from then on)" : "");
    }
  }
  EXPECT_GT(threw, 0u) << name;
  std::printf("%s: %ld allocations, %zu of its failing runs threw bad_alloc\n", name, total, threw);
}

TEST(AllocFailure, QueryAndWriters) {
  const kg::Graph g = load(2);
  const kg::Subgraph all = kg::filtered_graph(g);
  check_operation("query", [&] {
    const auto r = kg::query::run(
        g, "MATCH (c:company)-[r]->(x) WITH c, count(r) AS n, collect(x.title) AS xs "
           "RETURN c.title, n, xs ORDER BY n DESC, c.title");
    std::string text;
    const std::function<void(const kg::query::Value&)> render = [&](const kg::query::Value& v) {
      switch (v.kind()) {
        case kg::query::Value::Kind::String: text += v.as_string(); break;
        case kg::query::Value::Kind::Int: text += std::to_string(v.as_int()); break;
        case kg::query::Value::Kind::List:
          for (const auto& item : v.as_list()) render(item);
          break;
        default: text += "?";
      }
      text += '|';
    };
    for (const auto& row : r.rows) {
      for (const auto& v : row) render(v);
    }
    return text;
  });
  const auto stream = [](auto write) {
    return [write] {
      std::ostringstream out;
      write(out);
      return out.str();
    };
  };
  check_operation("json", stream([&](std::ostream& o) { kg::io::write_json(g, o); }));
  check_operation("cytoscape", stream([&](std::ostream& o) { kg::io::write_cytoscape(g, all, o); }));
  check_operation("graphml", stream([&](std::ostream& o) { kg::io::write_graphml(g, o); }));
  check_operation("neo4j nodes", stream([&](std::ostream& o) { kg::io::write_neo4j_nodes(g, all, o); }));
  check_operation("neo4j relationships",
                  stream([&](std::ostream& o) { kg::io::write_neo4j_relationships(g, all, o); }));
  check_operation("cypher", stream([&](std::ostream& o) {
                    kg::io::CypherOptions options;
                    options.dialect = kg::io::CypherDialect::Kuzu;
                    kg::io::write_cypher(g, all, o, options);
                  }));
  check_operation("dot", [&] { return kg::io::dot(g); });
  check_operation("mermaid", [&] { return kg::io::mermaid(g); });
}

// The JSON writer formats blocks of 2,048 elements on helper threads: a vault big enough for
// several, so failures land in the helpers too.
TEST(AllocFailure, JsonWriterHelpers) {
  kg::test::TempVault vault;
  std::mt19937 rng(12);
  kg::test::write_random_vault(vault, rng, 5000);
  kg::LoadOptions options;
  options.threads = 2;
  const kg::Graph g = kg::Graph::load(vault.root(), options);
  check_operation("json of 5,000 notes", [&] {
    std::ostringstream out;
    kg::io::write_json(g, out);
    return out.str();
  });
}

TEST(AllocFailure, CApiReturnsOutOfMemory) {
  kg::test::TempVault vault;
  for (const auto& [path, content] : vault_files()) vault.write(path, content);
  const std::string root = vault.root().string();
  kg_graph* clean = nullptr;
  ASSERT_EQ(kg_graph_open(root.c_str(), 1, &clean), KG_OK);
  const std::size_t clean_nodes = kg_graph_node_count(clean);
  const std::size_t clean_diagnostics = kg_graph_diagnostic_count(clean);
  const long total = allocations([&] {
    kg_graph* g = nullptr;
    if (kg_graph_open(root.c_str(), 1, &g) == KG_OK) kg_graph_close(g);
  });
  std::size_t out_of_memory = 0;
  for (const long k : indices(total)) {
    kg_graph* g = nullptr;
    kg_status status = KG_OK;
    const Outcome o = attempt(k, true, [&] { status = kg_graph_open(root.c_str(), 1, &g); });
    ASSERT_FALSE(o.threw) << "an exception crossed the C API at k=" << k;
    if (status == KG_OK) {
      EXPECT_EQ(kg_graph_node_count(g), clean_nodes) << "k=" << k;
      if (o.failures > 0) {
        EXPECT_GT(kg_graph_diagnostic_count(g), clean_diagnostics) << "k=" << k;
      }
      char* json = nullptr;
      kg_status exported = KG_OK;
      attempt(0, true, [&] { exported = kg_graph_export_json(g, &json); });
      EXPECT_EQ(exported, KG_ERROR_OUT_OF_MEMORY);
      kg_free(json);
      kg_graph_close(g);
    } else {
      EXPECT_EQ(status, KG_ERROR_OUT_OF_MEMORY) << "k=" << k << ": " << kg_status_string(status);
      EXPECT_EQ(g, nullptr);
      ++out_of_memory;
    }
  }
  EXPECT_GT(out_of_memory, 0u);
  kg_graph_close(clean);
}

}  // namespace
