// Golden vaults: fixture vaults under tests/golden and their exact exports and diagnostics.
// After a deliberate change, regenerate with KG_UPDATE_GOLDEN=1 and review the diff.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Each golden vault is tests/golden/NAME with NAME.json (export) and NAME.check.txt
// (diagnostics). "vault" covers links and resolution; "typed" covers kg.yaml, every source
// of typed edges (front matter, inline fields, list items, table columns), edge
// properties, implied edges and each schema warning.
class Golden : public ::testing::TestWithParam<const char*> {};

void compare(const std::string& actual, const std::string& expected_path) {
  if (std::getenv("KG_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
  }
  const std::string expected = read_file(expected_path);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_path;
  EXPECT_EQ(actual, expected) << "differs from " << expected_path;
}

TEST_P(Golden, ExportMatchesExactly) {
  const std::string base = std::string(KG_SOURCE_DIR "/tests/golden/") + GetParam();
  const auto g = kg::Graph::load(base);
  std::ostringstream out;
  kg::io::JsonOptions options;
  options.indent = 1;
  kg::io::write_json(g, out, options);
  compare(out.str(), base + ".json");
}

TEST_P(Golden, DiagnosticsMatchExactly) {
  const std::string base = std::string(KG_SOURCE_DIR "/tests/golden/") + GetParam();
  const auto g = kg::Graph::load(base);
  std::string text;
  for (const auto& d : g.diagnostics()) text += kg::format_diagnostic(d) + "\n";
  compare(text, base + ".check.txt");
}

INSTANTIATE_TEST_SUITE_P(Vaults, Golden, ::testing::Values("vault", "typed"));

}  // namespace
