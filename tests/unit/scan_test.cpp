// The scanner: which files of a vault become nodes. Dot-folders and .kgignore patterns are
// left out, sockets are skipped with a diagnostic, a file that vanishes between the listing
// and the read is reported and left out, and the folder depth is bounded.
#include "support/temp_vault.hpp"

#include <kg/kg.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace {

using kg::test::TempVault;

std::vector<std::string> note_ids(const kg::Graph& g) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    const kg::Node& n = g.node(static_cast<kg::NodeId>(i));
    if (n.kind != kg::NodeKind::Ghost) out.emplace_back(n.id);
  }
  return out;
}

std::optional<kg::Diagnostic> diag_for(const kg::Graph& g, std::string_view file, std::string_view code) {
  for (const auto& d : g.diagnostics()) {
    if (d.file == file && d.code == code) return d;
  }
  return std::nullopt;
}

TEST(Scan, DotFoldersAndDotFilesAreNotPartOfTheVault) {
  TempVault v;
  v.write("a.md", "[[config]] [[trashed]] [[hidden]]\n");
  v.write(".obsidian/config.md", "x\n");
  v.write(".trash/trashed.md", "x\n");
  v.write(".git/HEAD", "ref\n");
  v.write(".hidden.md", "x\n");
  v.write("sub/.cache/hidden.md", "x\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(note_ids(g), std::vector<std::string>{"a.md"});
  EXPECT_EQ(g.stats().ghosts, 3u);  // the links to them are unresolved
}

TEST(Scan, KgIgnoreUsesGitignorePatterns) {
  TempVault v;
  v.write(".kgignore",
          "# drafts and templates are not part of the graph\n"
          "templates/\n"
          "*.draft.md\n"
          "!keep.draft.md\n"
          "/root-only.md\n"
          "archive/**/old.md\n");
  v.write("a.md", "[[t]] [[x.draft]] [[keep.draft]]\n");
  v.write("templates/t.md", "x\n");
  v.write("notes/templates/t2.md", "x\n");  // `templates/` matches at any depth
  v.write("x.draft.md", "x\n");
  v.write("keep.draft.md", "x\n");
  v.write("root-only.md", "x\n");
  v.write("sub/root-only.md", "x\n");
  v.write("archive/2020/q1/old.md", "x\n");
  v.write("archive/new.md", "x\n");
  const auto g = kg::Graph::load(v.root());
  EXPECT_EQ(note_ids(g), (std::vector<std::string>{"a.md", "archive/new.md", "keep.draft.md",
                                                   "sub/root-only.md"}));
  EXPECT_FALSE(g.resolve("[[t]]").resolved);  // an ignored note is not a link target
  EXPECT_TRUE(g.resolve("[[keep.draft]]").resolved);
}

TEST(Scan, IgnorePatternsFromOptionsApplyAfterKgIgnore) {
  TempVault v;
  v.write(".kgignore", "*.tmp.md\n");
  v.write("a.md", "a\n");
  v.write("b.tmp.md", "b\n");
  v.write("c.md", "c\n");
  kg::LoadOptions options;
  options.ignore = {"c.md", "!b.tmp.md"};
  const auto g = kg::Graph::load(v.root(), options);
  EXPECT_EQ(note_ids(g), (std::vector<std::string>{"a.md", "b.tmp.md"}));
}

TEST(Scan, SocketIsSkippedWithADiagnostic) {
  TempVault v;
  v.write("a.md", "[[b]]\n");
  v.write("b.md", "b\n");
  const std::string path = v.path("s.md").string();
  sockaddr_un addr{};
  ASSERT_LT(path.size(), sizeof addr.sun_path) << "temporary path too long for a socket";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  const auto g = kg::Graph::load(v.root());
  ::close(fd);
  EXPECT_TRUE(diag_for(g, "s.md", "not-regular-file").has_value());
  EXPECT_EQ(note_ids(g), (std::vector<std::string>{"a.md", "b.md"}));
}

// A file listed by the scan but gone when it is read.
class VanishingFileSystem final : public kg::FileSystem {
 public:
  VanishingFileSystem(std::unique_ptr<kg::FileSystem> real, std::string gone)
      : real_(std::move(real)), gone_(std::move(gone)) {}
  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override {
    return real_->list(dir, out);
  }
  std::error_code resolve_link(std::string_view p, kg::LinkTarget& out) override {
    return real_->resolve_link(p, out);
  }
  std::error_code key(std::string_view p, kg::FileKey& out) override { return real_->key(p, out); }
  std::error_code read(std::string_view p, std::uint64_t cap, std::string& out) override {
    if (p == gone_) return std::make_error_code(std::errc::no_such_file_or_directory);
    return real_->read(p, cap, out);
  }

 private:
  std::unique_ptr<kg::FileSystem> real_;
  std::string gone_;
};

TEST(Scan, AFileThatVanishesIsReportedAndTheScanGoesOn) {
  TempVault v;
  v.write("a.md", "[[b]] [[gone]]\n");
  v.write("b.md", "b\n");
  v.write("gone.md", "soon gone\n");
  const auto g = kg::Graph::load(
      std::make_unique<VanishingFileSystem>(kg::make_posix_filesystem(v.root()), "gone.md"));
  const auto d = diag_for(g, "gone.md", "vanished");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->severity, kg::Severity::Info);
  EXPECT_EQ(note_ids(g), (std::vector<std::string>{"a.md", "b.md"}));
  EXPECT_FALSE(g.resolve("[[gone]]").resolved);
}

TEST(Scan, FolderDepthIsBounded) {
  TempVault v;
  v.write("a.md", "a\n");
  v.write("one/two/three/deep.md", "d\n");
  kg::LoadOptions options;
  options.max_depth = 2;
  const auto g = kg::Graph::load(v.root(), options);
  EXPECT_TRUE(diag_for(g, "one/two", "max-depth").has_value());
  EXPECT_FALSE(g.find("one/two/three/deep.md").has_value());
  EXPECT_TRUE(kg::Graph::load(v.root()).find("one/two/three/deep.md").has_value());
}

}  // namespace

// Paths that differ only by letter case or Unicode form are one name to Obsidian: each file
// after the first (in path order) gets a name-collision warning naming the first, and all
// remain nodes.
TEST(Scan, CaseAndUnicodeVariantsOfOnePathAreNameCollisions) {
  TempVault v;
  v.write("Note.md", "one\n");
  v.write("note.md", "two\n");
  v.write("NOTE.md", "three\n");
  v.write("Caf\xC3\xA9.md", "composed\n");
  v.write("Cafe\xCC\x81.md", "decomposed\n");
  v.write("Other.md", "[[note]]\n");
  const kg::Graph g = kg::Graph::load(v.root());
  std::vector<std::string> found;
  for (const auto& d : g.diagnostics()) {
    if (d.code == "name-collision") found.push_back(d.file + ": " + d.message);
  }
  const std::vector<std::string> expected = {
      "Caf\xC3\xA9.md: differs from Cafe\xCC\x81.md only by letter case or Unicode form; links "
      "to this name may reach either",
      "Note.md: differs from NOTE.md only by letter case or Unicode form; links to this name "
      "may reach either",
      "note.md: differs from NOTE.md only by letter case or Unicode form; links to this name "
      "may reach either"};
  EXPECT_EQ(found, expected);
  EXPECT_EQ(g.stats().notes, 6u);
}
