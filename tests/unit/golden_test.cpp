// Golden vault: tests/golden/vault and its exact JSON export, tests/golden/vault.json.
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

TEST(Golden, ExportMatchesExactly) {
  const std::string vault = KG_SOURCE_DIR "/tests/golden/vault";
  const std::string expected_path = KG_SOURCE_DIR "/tests/golden/vault.json";
  const auto g = kg::Graph::load(vault);
  std::ostringstream out;
  kg::io::JsonOptions options;
  options.indent = 1;
  kg::io::write_json(g, out, options);
  if (std::getenv("KG_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << out.str();
  }
  const std::string expected = read_file(expected_path);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_path;
  EXPECT_EQ(out.str(), expected);
}

TEST(Golden, DiagnosticsMatchExactly) {
  const std::string vault = KG_SOURCE_DIR "/tests/golden/vault";
  const std::string expected_path = KG_SOURCE_DIR "/tests/golden/vault.check.txt";
  const auto g = kg::Graph::load(vault);
  std::string text;
  for (const auto& d : g.diagnostics()) text += kg::format_diagnostic(d) + "\n";
  if (std::getenv("KG_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << text;
  }
  EXPECT_EQ(text, read_file(expected_path));
}

}  // namespace
