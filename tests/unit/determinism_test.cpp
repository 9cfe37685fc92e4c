// The graph and its export are byte-identical whatever the thread count and whatever order
// the file system lists folders in.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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
                         ::testing::Values(KG_SOURCE_DIR "/notes", KG_SOURCE_DIR "/tests/golden/vault",
                                           KG_SOURCE_DIR "/tests/golden/typed"));

// The progress callback sees every phase in order, on the calling thread, and the parse
// phase ends with every note counted; it does not change the graph.
TEST(Progress, ReportsEachPhaseAndEndsWithAllNotesParsed) {
  for (const unsigned threads : {1u, 3u}) {
    std::vector<std::string> phases;
    std::size_t last_done = 0;
    std::size_t total = 0;
    bool monotonic = true;
    const auto caller = std::this_thread::get_id();
    bool same_thread = true;
    kg::LoadOptions options;
    options.threads = threads;
    options.progress = [&](const kg::Progress& p) {
      same_thread = same_thread && std::this_thread::get_id() == caller;
      if (phases.empty() || phases.back() != p.phase) phases.emplace_back(p.phase);
      if (p.phase == "parse") {
        monotonic = monotonic && p.done >= last_done && p.done <= p.total;
        last_done = p.done;
        total = p.total;
      }
    };
    const auto g = kg::Graph::load(KG_SOURCE_DIR "/notes", options);
    EXPECT_EQ(phases, (std::vector<std::string>{"scan", "parse", "resolve", "build"}));
    EXPECT_EQ(total, g.stats().notes);
    EXPECT_EQ(last_done, total);
    EXPECT_TRUE(monotonic);
    EXPECT_TRUE(same_thread);
    EXPECT_EQ(export_json(g), export_json(kg::Graph::load(KG_SOURCE_DIR "/notes")));
  }
}

}  // namespace
