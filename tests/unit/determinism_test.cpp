// The graph and its export are byte-identical whatever the thread count and whatever order
// the file system lists folders in.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace {

std::string export_json(const kg::Graph& g) {
  std::ostringstream out;
  kg::io::write_json(g, out);
  return out.str();
}

std::string diagnostics_text(const kg::Graph& g) {
  std::string out;
  for (const auto& d : g.diagnostics()) out += kg::format_diagnostic(d) + "\n";
  return out;
}

class ReversedListing final : public kg::FileSystem {
 public:
  explicit ReversedListing(std::unique_ptr<kg::FileSystem> real) : real_(std::move(real)) {}
  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override {
    const auto ec = real_->list(dir, out);
    std::reverse(out.begin(), out.end());
    return ec;
  }
  std::error_code resolve_link(std::string_view p, kg::LinkTarget& out) override {
    return real_->resolve_link(p, out);
  }
  std::error_code key(std::string_view p, kg::FileKey& out) override { return real_->key(p, out); }
  std::error_code read(std::string_view p, std::uint64_t cap, std::string& out) override {
    return real_->read(p, cap, out);
  }

 private:
  std::unique_ptr<kg::FileSystem> real_;
};

class Determinism : public ::testing::TestWithParam<const char*> {};

TEST_P(Determinism, OneThreadAndFourThreadsGiveTheSameGraph) {
  kg::LoadOptions one;
  one.threads = 1;
  kg::LoadOptions four;
  four.threads = 4;
  const auto a = kg::Graph::load(GetParam(), one);
  const auto b = kg::Graph::load(GetParam(), four);
  ASSERT_GT(a.edge_count(), 0u);
  EXPECT_EQ(export_json(a), export_json(b));
  EXPECT_EQ(diagnostics_text(a), diagnostics_text(b));
}

TEST_P(Determinism, DirectoryOrderDoesNotMatter) {
  const auto a = kg::Graph::load(GetParam());
  const auto b = kg::Graph::load(
      std::make_unique<ReversedListing>(kg::make_posix_filesystem(GetParam())));
  EXPECT_EQ(export_json(a), export_json(b));
  EXPECT_EQ(diagnostics_text(a), diagnostics_text(b));
}

INSTANTIATE_TEST_SUITE_P(Vaults, Determinism,
                         ::testing::Values(KG_SOURCE_DIR "/notes", KG_SOURCE_DIR "/tests/golden/vault"));

}  // namespace
