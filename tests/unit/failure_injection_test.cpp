// File-system failures at every call: the k-th list, stat (key), link resolution or read of
// a load fails (EIO), for every k the clean load makes, on the fixture vault. Every failure
// is a diagnostic that names the path, never a crash or an exception, and every note the
// failure does not hide still loads.
#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace {

enum class Call { List, ResolveLink, Key, Read };

// Passes calls to the real file system, failing the `fail_at`-th call of one kind (1-based;
// 0: none), and counts the calls of each kind and the path of the failed one.
class FailingFileSystem final : public kg::FileSystem {
 public:
  FailingFileSystem(std::unique_ptr<kg::FileSystem> real, Call kind, std::size_t fail_at, std::map<Call, std::size_t>& calls,
                    std::optional<std::string>& failed)
      : real_(std::move(real)), kind_(kind), fail_at_(fail_at), calls_(calls), failed_(failed) {}
  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override {
    if (fails(Call::List, dir)) return std::make_error_code(std::errc::io_error);
    return real_->list(dir, out);
  }
  std::error_code resolve_link(std::string_view path, kg::LinkTarget& out) override {
    if (fails(Call::ResolveLink, path)) return std::make_error_code(std::errc::io_error);
    return real_->resolve_link(path, out);
  }
  std::error_code key(std::string_view path, kg::FileKey& out) override {
    if (fails(Call::Key, path)) return std::make_error_code(std::errc::io_error);
    return real_->key(path, out);
  }
  std::error_code read(std::string_view path, std::uint64_t cap, std::string& out) override {
    if (fails(Call::Read, path)) return std::make_error_code(std::errc::io_error);
    return real_->read(path, cap, out);
  }

 private:
  bool fails(Call kind, std::string_view path) {
    const std::size_t n = ++calls_[kind];
    if (kind != kind_ || n != fail_at_) return false;
    failed_ = std::string(path);
    return true;
  }
  std::unique_ptr<kg::FileSystem> real_;
  Call kind_;
  std::size_t fail_at_;
  std::map<Call, std::size_t>& calls_;
  std::optional<std::string>& failed_;
};

const std::filesystem::path kVault = std::filesystem::path(KG_SOURCE_DIR) / "tests/fixtures/query-vault";

kg::Graph load(Call kind, std::size_t fail_at, std::map<Call, std::size_t>& calls, std::optional<std::string>& failed) {
  kg::LoadOptions options;
  options.threads = 1;  // one order of calls, so "the k-th" names one call
  return kg::Graph::load(
      std::make_unique<FailingFileSystem>(kg::make_posix_filesystem(kVault), kind, fail_at, calls, failed), options);
}

std::set<std::string> notes(const kg::Graph& g) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    const kg::Node n = g.node(static_cast<kg::NodeId>(i));
    if (n.kind == kg::NodeKind::Note) out.insert(std::string(n.id));
  }
  return out;
}

TEST(FailureInjection, EveryFileSystemCallMayFail) {
  std::map<Call, std::size_t> clean_calls;
  std::optional<std::string> none;
  const kg::Graph clean = load(Call::List, 0, clean_calls, none);
  const std::set<std::string> all = notes(clean);
  ASSERT_EQ(all.size(), 10u);
  std::size_t injected = 0;
  for (const Call kind : {Call::List, Call::Key, Call::Read, Call::ResolveLink}) {
    for (std::size_t k = 1; k <= clean_calls[kind]; ++k) {
      std::map<Call, std::size_t> calls;
      std::optional<std::string> failed;
      SCOPED_TRACE("call kind " + std::to_string(static_cast<int>(kind)) + ", call " + std::to_string(k));
      const kg::Graph g = [&] {
        try {
          return load(kind, k, calls, failed);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "the load threw: " << e.what();
          throw;
        }
      }();
      ASSERT_TRUE(failed.has_value());
      ++injected;
      // The failure is reported on its path (the vault's root as ".").
      const std::string where = failed->empty() ? "." : *failed;
      bool reported = false;
      for (const auto& d : g.diagnostics()) reported = reported || d.file == where;
      EXPECT_TRUE(reported) << "no diagnostic names '" << *failed << "'";
      // Every note outside what failed still loads.
      for (const std::string& note : all) {
        const bool hidden = note == *failed || failed->empty() || note.rfind(*failed + "/", 0) == 0;
        if (!hidden) {
          EXPECT_TRUE(notes(g).contains(note)) << note << " did not load after '" << *failed << "' failed";
        }
      }
    }
  }
  // Every call of the clean load was failed once: the listings, the stats, each note's read
  // and the optional files (kg.yaml, .kgignore).
  std::size_t total = 0;
  for (const auto& [kind, n] : clean_calls) total += n;
  EXPECT_EQ(injected, total);
  EXPECT_GE(clean_calls[Call::Read], all.size());
}

}  // namespace
