// Hostile input: each vault holds one bad note beside good ones. The load must finish well
// within a generous bound (catching hangs, not measuring speed), report the bad note with a
// stable code, and still load the good notes.
#include "support/temp_vault.hpp"

#include <kg/kg.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <sstream>

namespace {

using kg::test::TempVault;

// Loads the vault on another thread; a load that takes longer than the bound is a hang.
kg::Graph load_within(const std::filesystem::path& root, std::unique_ptr<kg::FileSystem> fs = {}) {
  auto task = std::async(std::launch::async, [&] {
    kg::LoadOptions options;
    options.threads = 2;
    return fs ? kg::Graph::load(std::move(fs), options) : kg::Graph::load(root, options);
  });
  if (task.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    std::fprintf(stderr, "hostile input: load of %s did not finish in 60 s\n", root.c_str());
    std::_Exit(1);
  }
  return task.get();
}

bool has_diag(const kg::Graph& g, std::string_view file, std::string_view code) {
  for (const auto& d : g.diagnostics()) {
    if (d.file == file && d.code == code) return true;
  }
  return false;
}

void expect_good_notes_loaded(const kg::Graph& g) {
  ASSERT_TRUE(g.find("good.md").has_value());
  ASSERT_TRUE(g.find("other.md").has_value());
  const auto out = g.out_edges(*g.find("good.md"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(g.node(g.edge(out[0]).target).id, "other.md");
  // Whatever the input, the JSON export is valid UTF-8 JSON.
  std::ostringstream json;
  kg::io::write_json(g, json);
  EXPECT_NO_THROW({
    const auto parsed = nlohmann::json::parse(json.str());
    EXPECT_TRUE(parsed.contains("nodes"));
  });
}

void write_good(const TempVault& v) {
  v.write("good.md", "---\naliases: [Good]\n---\n# Good\nSee [[other]].\n");
  v.write("other.md", "# Other\n");
}

std::string fm(const std::string& yaml) { return "---\n" + yaml + "\n---\n# Body\n[[other]]\n"; }

TEST(HostileInput, InvalidYaml) {
  TempVault v;
  write_good(v);
  v.write("bad.md", fm("title: [unclosed\nsite_name: XX: YY"));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "bad.md", "frontmatter-parse"));
  // The body of the bad note still counts.
  EXPECT_EQ(g.out_edges(*g.find("bad.md")).size(), 1u);
  expect_good_notes_loaded(g);
}

TEST(HostileInput, YamlNestedTenThousandDeep) {
  TempVault v;
  write_good(v);
  v.write("deep.md", fm("k: " + std::string(10000, '[') + std::string(10000, ']')));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "deep.md", "frontmatter-too-deep"));
  expect_good_notes_loaded(g);
}

TEST(HostileInput, SelfReferencingAnchor) {
  TempVault v;
  write_good(v);
  v.write("cycle.md", fm("a: &x [*x]\nb: &y {k: *y}"));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "cycle.md", "frontmatter-recursive-alias"));
  expect_good_notes_loaded(g);
}

TEST(HostileInput, BillionLaughs) {
  TempVault v;
  write_good(v);
  std::string yaml = "a0: &a0 [\"lol\"]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string name = std::to_string(i);
    const std::string below = std::to_string(i - 1);
    yaml.append("a").append(name).append(": &a").append(name).append(" [");
    for (int k = 0; k < 9; ++k) yaml.append(k ? ", *a" : "*a").append(below);
    yaml += "]\n";
  }
  v.write("laughs.md", fm(yaml));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "laughs.md", "frontmatter-alias-budget"));
  expect_good_notes_loaded(g);
}

TEST(HostileInput, InvalidUtf8) {
  TempVault v;
  write_good(v);
  v.write("latin1.md", "---\ntitle: caf\xe9\n---\nbad \xff\xfe bytes [[caf\xe9]] and [[other]]\n");
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "latin1.md", "invalid-utf8"));
  const auto& n = g.node(*g.find("latin1.md"));
  ASSERT_FALSE(n.properties.empty());
  EXPECT_EQ(n.properties[0].value.text(), "caf\xEF\xBF\xBD");
  EXPECT_EQ(g.out_edges(*g.find("latin1.md")).size(), 2u);
  expect_good_notes_loaded(g);
}

TEST(HostileInput, NulBytes) {
  TempVault v;
  write_good(v);
  v.write("nul.md", std::string("abc\0de\0 [[x\0y]] [[other]]\n", 26));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "nul.md", "nul-byte"));
  EXPECT_EQ(g.out_edges(*g.find("nul.md")).size(), 2u);
  expect_good_notes_loaded(g);
}

TEST(HostileInput, FiftyThousandOpeners) {
  TempVault v;
  write_good(v);
  std::string line;
  for (int i = 0; i < 50000; ++i) line += "[[";
  v.write("brackets.md", line + "\n");
  const auto g = load_within(v.root());
  EXPECT_TRUE(g.out_edges(*g.find("brackets.md")).empty());
  expect_good_notes_loaded(g);
}

TEST(HostileInput, SymlinkLoop) {
  TempVault v;
  write_good(v);
  v.write("a/b/n.md", "# n\n");
  std::filesystem::create_directory_symlink("..", v.path("a/b/loop"));
  const auto g = load_within(v.root());
  std::size_t copies = 0;
  for (std::size_t i = 0; i < g.node_count(); ++i) {
    const auto& id = g.node(static_cast<kg::NodeId>(i)).id;
    if (id.size() >= 4 && id.compare(id.size() - 4, 4, "n.md") == 0) ++copies;
  }
  EXPECT_EQ(copies, 1u);
  EXPECT_TRUE(has_diag(g, "a/b/loop", "symlink-loop"));
  expect_good_notes_loaded(g);
}

TEST(HostileInput, SymlinkOutOfVault) {
  TempVault outside;
  outside.write("secret.md", "# secret [[other]]\n");
  TempVault v;
  write_good(v);
  std::filesystem::create_directory_symlink(outside.root(), v.path("escape"));
  std::filesystem::create_symlink(outside.path("secret.md"), v.path("leak.md"));
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "escape", "symlink-escapes-vault"));
  EXPECT_TRUE(has_diag(g, "leak.md", "symlink-escapes-vault"));
  EXPECT_FALSE(g.find("leak.md").has_value());
  EXPECT_FALSE(g.find("escape/secret.md").has_value());
  expect_good_notes_loaded(g);
}

TEST(HostileInput, FifoNamedLikeANote) {
  TempVault v;
  write_good(v);
  ASSERT_EQ(::mkfifo(v.path("x.md").c_str(), 0644), 0);
  const auto g = load_within(v.root());
  EXPECT_TRUE(has_diag(g, "x.md", "not-regular-file"));
  EXPECT_FALSE(g.find("x.md").has_value());
  expect_good_notes_loaded(g);
}

// Root is never refused a directory, so EACCES comes from a file system that says so.
class DenyingFileSystem final : public kg::FileSystem {
 public:
  DenyingFileSystem(std::unique_ptr<kg::FileSystem> real, std::string denied)
      : real_(std::move(real)), denied_(std::move(denied)) {}
  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override {
    if (dir == denied_) return std::make_error_code(std::errc::permission_denied);
    return real_->list(dir, out);
  }
  std::error_code resolve_link(std::string_view path, kg::LinkTarget& out) override {
    return real_->resolve_link(path, out);
  }
  std::error_code key(std::string_view path, kg::FileKey& out) override {
    return real_->key(path, out);
  }
  std::error_code read(std::string_view path, std::uint64_t cap, std::string& out) override {
    if (path == denied_) return std::make_error_code(std::errc::permission_denied);
    return real_->read(path, cap, out);
  }

 private:
  std::unique_ptr<kg::FileSystem> real_;
  std::string denied_;
};

TEST(HostileInput, UnreadableFolder) {
  TempVault v;
  write_good(v);
  v.write("locked/hidden.md", "# hidden\n");
  const auto g = load_within(
      v.root(), std::make_unique<DenyingFileSystem>(kg::make_posix_filesystem(v.root()), "locked"));
  EXPECT_TRUE(has_diag(g, "locked", "permission-denied"));
  EXPECT_FALSE(g.find("locked/hidden.md").has_value());
  expect_good_notes_loaded(g);
}

TEST(HostileInput, UnreadableNote) {
  TempVault v;
  write_good(v);
  v.write("private.md", "# private [[other]]\n");
  const auto g = load_within(v.root(), std::make_unique<DenyingFileSystem>(
                                           kg::make_posix_filesystem(v.root()), "private.md"));
  EXPECT_TRUE(has_diag(g, "private.md", "permission-denied"));
  expect_good_notes_loaded(g);
}

TEST(HostileInput, NoteOverTheSizeCap) {
  TempVault v;
  write_good(v);
  v.write("big.md", std::string(5000, 'x') + " [[other]]\n");
  kg::LoadOptions options;
  options.max_note_bytes = 4096;
  const auto g = kg::Graph::load(v.root(), options);
  EXPECT_TRUE(has_diag(g, "big.md", "file-too-large"));
  EXPECT_TRUE(g.out_edges(*g.find("big.md")).empty());
  expect_good_notes_loaded(g);
}

TEST(HostileInput, MissingVaultIsAnError) {
  try {
    (void)kg::Graph::load("/nonexistent/kg-vault");
    FAIL() << "expected kg::Error";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::VaultNotFound);
  }
}

}  // namespace

// kg.yaml is input too: a hostile one gives a diagnostic on kg.yaml and the notes load.
namespace {

void expect_config_survives(const TempVault& v, std::string_view code) {
  const auto g = load_within(v.root());
  if (!code.empty()) {
    EXPECT_TRUE(has_diag(g, "kg.yaml", code)) << code;
  }
  for (const auto& d : g.diagnostics()) EXPECT_LT(d.message.size(), 4096u);
  expect_good_notes_loaded(g);
}

TEST(HostileConfig, NestedTenThousandDeep) {
  TempVault v;
  write_good(v);
  v.write("kg.yaml", "relations: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  expect_config_survives(v, "config-parse");
}

TEST(HostileConfig, BillionLaughsAndSelfReference) {
  TempVault v;
  write_good(v);
  std::string yaml = "ignore: &a0 [\"lol\"]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string name = std::to_string(i);
    const std::string below = std::to_string(i - 1);
    yaml.append("a").append(name).append(": &a").append(name).append(" [");
    for (int k = 0; k < 9; ++k) yaml.append(k ? ", *a" : "*a").append(below);
    yaml += "]\n";
  }
  yaml += "types: *a9\nrelations: &r {supplier: {synonyms: *a9, inverse: *r}, loop: *r}\n";
  v.write("kg.yaml", yaml);
  expect_config_survives(v, "config-unknown-key");
}

TEST(HostileConfig, InvalidUtf8AndNul) {
  TempVault v;
  write_good(v);
  static const char raw[] = "relations:\n  \xff\xfe: {synonyms: [\"a\0b\", \xc3]}\n";
  v.write("kg.yaml", std::string(raw, sizeof raw - 1));
  const auto g = load_within(v.root());
  expect_good_notes_loaded(g);
}

TEST(HostileConfig, FifoOrFolderNamedKgYaml) {
  {
    TempVault v;
    write_good(v);
    ASSERT_EQ(::mkfifo(v.path("kg.yaml").c_str(), 0644), 0);
    expect_config_survives(v, "");
  }
  {
    TempVault v;
    write_good(v);
    std::filesystem::create_directory(v.path("kg.yaml"));
    expect_config_survives(v, "");
  }
}

TEST(HostileConfig, OverTheSizeCap) {
  TempVault v;
  write_good(v);
  v.write("kg.yaml", "ignore: [\"" + std::string(2u << 20, 'x') + "\"]\n");
  expect_config_survives(v, "config-too-large");
}

}  // namespace

// cmark-gfm 0.29.0.gfm.6 blow-ups (reliability.md section 2, group M): each note is read
// with the fallback reader under a bound, and its links still count.
namespace {

std::string times(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HostileMarkdown, CmarkBlowUpsFallBackAndTheVaultLoads) {
  TempVault v;
  write_good(v);
  v.write("m13.md", "[[other]]\n\n[f]:u\n\"\n" + times("[f]\n", 20000) + "[f]:u \"t\n");  // 1.6 GB
  v.write("m9.md", "[[other]]\n\n" + times("- ", 10000) + "x" + times("\n", 10000));
  v.write("m16.md", "[[other]]\n\n" + times("|-\nt>|-\n", 10000) + "y");  // 12 s unguarded
  const auto g = load_within(v.root());
  for (const char* note : {"m13.md", "m9.md", "m16.md"}) {
    EXPECT_TRUE(has_diag(g, note, "markdown-fallback")) << note;
    const auto id = g.find(note);
    ASSERT_TRUE(id.has_value()) << note;
    bool links_other = false;
    for (const auto e : g.out_edges(*id)) links_other |= g.node(g.edge(e).target).id == "other.md";
    EXPECT_TRUE(links_other) << note;
  }
  expect_good_notes_loaded(g);
}

}  // namespace

// Found by the front-matter fuzz target: a key that is a map is kept as its JSON text, and a
// key nested in a key is escaped again at each level, so 28 levels of `? ` (60 bytes) made
// 800 MB of backslashes. The text is cut at 1 KiB, whatever the nesting.
TEST(HostileInput, NestedComplexKeysStaySmall) {
  TempVault v;
  std::string keys;
  for (int i = 0; i < 22; ++i) keys += "? ";
  v.write("n.md", "---\n" + keys + "x\n---\nbody\n");
  const kg::Graph g = kg::Graph::load(v.root());
  const kg::Node n = g.node(*g.find("n.md"));
  ASSERT_EQ(n.properties.size(), 1u);
  for (const auto [key, value] : n.properties) EXPECT_LE(key.size(), 1024u + 3u);
}

// Integers keep their exact value: 64-bit ones as integers (both ends, and past 2^53 where a
// double would round), longer ones as their digits (a double would make 1e+20 of them),
// through both YAML readers.
TEST(HostileInput, IntegersKeepTheirDigits) {
  TempVault v;
  const std::string yaml =
      "big: 99999999999999999999\nneg: -99999999999999999999\nmax: 9223372036854775807\n"
      "min: -9223372036854775808\nabove: 9007199254740993\nhexbig: 0x1FFFFFFFFFFFFFFFFF\n";
  v.write("simple.md", "---\n" + yaml + "---\nbody\n");
  v.write("full.md", "---\n" + yaml + "anchor: &a [1]\nagain: *a\n---\n");  // anchors: yaml-cpp
  const kg::Graph g = kg::Graph::load(v.root());
  for (const char* id : {"simple.md", "full.md"}) {
    const kg::Node n = g.node(*g.find(id));
    const auto get = [&](std::string_view key) { return n.properties.find(key).value(); };
    EXPECT_EQ(get("big").kind(), kg::Value::Kind::String) << id;
    EXPECT_EQ(get("big").text(), "99999999999999999999") << id;
    EXPECT_EQ(get("neg").text(), "-99999999999999999999") << id;
    EXPECT_EQ(get("hexbig").text(), "0x1FFFFFFFFFFFFFFFFF") << id;
    EXPECT_EQ(get("max").kind(), kg::Value::Kind::Int) << id;
    EXPECT_EQ(get("max").as_int(), INT64_MAX) << id;
    EXPECT_EQ(get("min").kind(), kg::Value::Kind::Int) << id;
    EXPECT_EQ(get("min").as_int(), INT64_MIN) << id;
    EXPECT_EQ(get("above").as_int(), 9007199254740993) << id;
  }
  std::ostringstream json;
  kg::io::write_json(g, json);
  EXPECT_NE(json.str().find("\"99999999999999999999\""), std::string::npos);
  EXPECT_NE(json.str().find(":-9223372036854775808"), std::string::npos);
  EXPECT_EQ(json.str().find("e+"), std::string::npos);
}

// File names that differ only in invalid UTF-8 bytes, and one spelled with the U+FFFD they
// would be repaired to: each keeps a node of its own under a distinct id.
TEST(HostileInput, InvalidUtf8FileNamesKeepDistinctIds) {
  TempVault v;
  v.write("bad\xff.md", "a\n");
  v.write("bad\xfe.md", "b\n");
  v.write("bad\xef\xbf\xbd.md", "c\n");
  v.write("sub/bad\xff.md", "d\n");
  const kg::Graph g = kg::Graph::load(v.root());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < g.node_count(); ++i) ids.insert(std::string(g.node(static_cast<kg::NodeId>(i)).id));
  EXPECT_EQ(ids.size(), g.node_count());
  EXPECT_EQ(ids, (std::set<std::string>{"bad%FE.md", "bad%FF.md", "bad\xef\xbf\xbd.md", "sub/bad\xef\xbf\xbd.md"}));
}

// Columns count the file's bytes: a U+FFFD that replaced one invalid byte (three bytes for
// one) does not move the links after it on its line.
TEST(HostileInput, ColumnsAfterInvalidBytesAreTheFiles) {
  TempVault v;
  using namespace std::string_literals;
  v.write("u.md", "\xff [[A]] x\n\xff\xfe [[B]] [[C]]\n[[D]] \x00 [[E]]\n\x80[[F]]\n"s);
  const kg::Graph g = kg::Graph::load(v.root());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> at;
  for (const kg::EdgeId e : g.out_edges(*g.find("u.md"))) at.emplace_back(g.edge(e).line, g.edge(e).col);
  std::sort(at.begin(), at.end());
  EXPECT_EQ(at, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 3}, {2, 4}, {2, 10}, {3, 1}, {3, 9}, {4, 2}}));
}
