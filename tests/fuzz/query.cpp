// Fuzz target: the openCypher engine (lexer, parser, binder, planner, executor) on a small
// typed vault held in memory. A query either answers within its budgets or fails with
// kg::Error; anything else escaping is a finding.
#include <kg/kg.hpp>

#include "support/memory_vault.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

const kg::Graph& graph() {
  static const kg::Graph g = kg::Graph::load(std::make_unique<kg::test::MemoryVault>(std::map<std::string, std::string>{
      {"kg.yaml", "relations:\n  supplier: {inverse: customer}\n  competitor: {symmetric: true}\n"},
      {"companies/Acme.md",
       "---\ntype: company\nfounded: 1999\ntags: [maker]\nsupplier: {\"[[Chipco]]\": {since: 2023-05}}\n---\n"
       "competitor:: [[Globex]]\n- [[R1]] — develops\n"},
      {"companies/Chipco.md", "---\ntype: company\n---\ndevelops:: [[R1]], [[R2]]\nsupplier:: [[Ghost]]\n"},
      {"companies/Globex.md", "---\ntype: company\naliases: [GX]\nscore: 2.5\n---\nsupplier:: [[Chipco]]\n"},
      {"chips/R1.md", "---\ntype: chip\nnm: 3\n---\n"},
      {"chips/R2.md", "---\ntype: chip\n---\nsuccessor_of:: [[R1]]\n"},
  }));
  return g;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  kg::query::Options options;
  options.max_rows = 20000;
  options.max_hops = 8;
  options.max_paths = 20000;
  options.time_limit = std::chrono::milliseconds(500);
  try {
    (void)kg::query::run(graph(), text, options);
  } catch (const kg::Error&) {
  }
  try {
    (void)kg::query::explain(graph(), text, options);
  } catch (const kg::Error&) {
  }
  return 0;
}
