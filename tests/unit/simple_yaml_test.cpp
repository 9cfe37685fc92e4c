// kg's reader for simple front matter against yaml-cpp: whatever it accepts, yaml-cpp must
// read to the same tree (types, scalars, tags, marks); whatever it is unsure of, it refuses.
// Documents come from a list of tricky cases and from a seeded generator of front-matter
// lines, good and bad.
#include "parse/frontmatter.hpp"
#include "parse/parsed_note.hpp"
#include "parse/simple_yaml.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using kg::parse::SimpleYaml;

// The tree as the converter sees it, written out: kind, tag, scalar and mark of every node.
std::string dump(const YAML::Node& n) {
  std::ostringstream o;
  const YAML::Mark m = n.Mark();
  switch (n.Type()) {
    case YAML::NodeType::Null: o << "null@" << m.line << ':' << m.column; break;
    case YAML::NodeType::Scalar:
      o << "scalar" << n.Tag() << '<' << n.Scalar() << ">@" << m.line << ':' << m.column;
      break;
    case YAML::NodeType::Sequence:
      o << "seq@" << m.line << ':' << m.column << '[';
      for (const auto& item : n) o << dump(item) << ';';
      o << ']';
      break;
    case YAML::NodeType::Map:
      o << "map@" << m.line << ':' << m.column << '{';
      for (const auto& e : n) o << dump(e.first) << '=' << dump(e.second) << ';';
      o << '}';
      break;
    case YAML::NodeType::Undefined: o << "undefined"; break;
  }
  return o.str();
}

std::string dump(const SimpleYaml::Node& n) {
  std::ostringstream o;
  const SimpleYaml::Mark m = n.Mark();
  if (n.IsNull()) {
    o << "null@" << m.line << ':' << m.column;
  } else if (n.IsScalar()) {
    o << "scalar" << n.Tag() << '<' << n.Scalar() << ">@" << m.line << ':' << m.column;
  } else if (n.IsSequence()) {
    o << "seq@" << m.line << ':' << m.column << '[';
    for (const auto& item : n) o << dump(static_cast<const SimpleYaml::Node&>(item)) << ';';
    o << ']';
  } else {
    o << "map@" << m.line << ':' << m.column << '{';
    for (const auto& e : n) o << dump(e.first) << '=' << dump(e.second) << ';';
    o << '}';
  }
  return o.str();
}

// Checks one document; returns whether the simple reader took it.
bool agrees_with_yaml_cpp(const std::string& text) {
  const std::optional<SimpleYaml> simple = SimpleYaml::read(text);
  if (!simple) return false;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    ADD_FAILURE() << "the simple reader took what yaml-cpp rejects (" << e.what() << "):\n" << text;
    return true;
  }
  EXPECT_EQ(dump(simple->root()), dump(root)) << text;
  return true;
}

TEST(SimpleYaml, ReadsCommonFrontMatterAsYamlCppDoes) {
  const std::vector<std::string> taken = {
      "type: person\ntags: [research/ml, policy]\nscore: 73\ncreated: 2017-09-16\n"
      "located_in: \"[[Crane Solace Lantern]]\"\n",
      "aliases:\n  - Acme\n  - \"Acme Corp\"\n  - 'ACME'\ntags:\n- a\n- b c\n",
      "title: Foo [draft], v2\nurl: https://example.com/a?b=c#frag\nlang: C#\n",
      "a: 'single \"inner\" double'\nb: \"double 'inner' single\"\nc: []\nd: [ x ,y,  \"z\" ]\n",
      "empty:\nnext: 1\n",
      "list:\n  -\n  - x\n",
      "n: -5\nf: 1.5e3\nt: true\nz: ~\nnull_word: null\nver: 1.2.3\ndate: 2025-12\n",
      "key with spaces: value with  two  spaces   \n",
      "\n\nafter_blank: 1\n\n",
      "caf\xC3\xA9: th\xC3\xA9\n",
      "a:\n\nb: 2\n",
      "dup: 1\ndup: 2\n",
      "x: 1\nlast:\n",
      "x: 1\nlast:\n\n\n",
      "l:\n  - a\n\n",
      "l:\n  - a\n\nm: 1\n",
  };
  for (const auto& t : taken) EXPECT_TRUE(agrees_with_yaml_cpp(t)) << "refused:\n" << t;
  const std::vector<std::string> refused = {
      "# comment\na: 1\n", "a: 1 # comment\n", "a: b: c\n", "a: [[X]]\n", "a: {b: 1}\n",
      "a:\n  b: 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: &x 1\nb: *x\n", "a: !tag x\n",
      "a: \"esc \\\" quote\"\n", "a: 'it''s'\n", "a:\tb\n", "a: b\r\n", "a: multi\n  line\n",
      "- a\n- b\n", "---\na: 1\n", "a: [x, [y]]\n", "a: [x,,y]\n", "a: [\"x, y\"]\n",
      "a:\n  - x\n\n  - y\n", "a:\n  - x\n    - y\n", "a:\n  - x: 1\n", "a: b:\n", "a : b\n",
      "a:b\n", "? a\n: b\n", "a: @x\n", "a: `x`\n", "a: %x\n", "\xEF\xBB\xBF" "a: 1\n",
      "a: \xC2\x85\n", "a: \xff\n", "  a: 1\n", "a: x\n  # indented comment\n",
      "only:",  // a null at the very end with no newline: yaml-cpp's mark is not worth guessing
  };
  for (const auto& t : refused) {
    EXPECT_FALSE(SimpleYaml::read(t).has_value()) << "took:\n" << t;
  }
}

// Seeded documents from pieces of real front matter and of broken YAML.
TEST(SimpleYaml, GeneratedDocumentsAgreeWithYamlCppWheneverTaken) {
  const std::vector<std::string> keys = {"type", "tags", "aliases", "created", "score",
                                         "located_in", "a b", "x-y", "v.1", "p/q", "_k", "9"};
  const std::vector<std::string> scalars = {
      "plain", "two words", "73", "-5", "+3", "0x1F", "1.5", ".5", "1e5", "2024-01-02", "2024-01",
      "true", "False", "~", "null", "NULL", "\"[[Target]]\"", "'[[T|shown]]'", "\"\"", "''",
      "\"a: b\"", "'#x'", "http://x.y/z#w", "a,b", "a]b", "C#", "caf\xC3\xA9", "x:y", "-x",
      "?x", "%", "a #b", "a: b", "[[X]]", "{x}", "*x", "&x y", "!x", "|", ">", "\"a\\nb\"",
      "'it''s'", "-", "x  ", "  x", "a\"b", "a'b", "[a, b]", "[]", "[ ]", "[a,]", "[,a]",
      "[\"a,b\"]", "['a', \"b\", c]", "[a: b]", "[x, [y]]", "[a b, c d]", "[1, 2.5, true, ~]"};
  const std::vector<std::string> items = {"- a", "- \"b c\"", "- 'd'", "-", "- 1", "- [x]",
                                          "- a: b", "- - x", "-x", "  - y", "- #c", "- [[Z]]"};
  std::mt19937 rng(20261128);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  int taken = 0;
  const int documents = 4000;
  for (int d = 0; d < documents; ++d) {
    std::string text;
    const int lines = 1 + static_cast<int>(rng() % 6);
    for (int l = 0; l < lines; ++l) {
      const unsigned shape = rng() % 10;
      if (shape == 0) {
        text += "\n";
      } else if (shape <= 2) {
        text += pick(keys) + ":\n";
        const std::string indent = rng() % 2 ? "  " : "";
        const int n = static_cast<int>(rng() % 4);
        for (int k = 0; k < n; ++k) text += indent + pick(items) + "\n";
      } else {
        text += pick(keys) + ": " + pick(scalars) + (rng() % 8 == 0 ? " " : "") + "\n";
      }
    }
    if (agrees_with_yaml_cpp(text)) ++taken;
  }
  // Most generated documents hold something the reader refuses; enough must be taken for
  // the agreement to mean something.
  EXPECT_GT(taken, documents / 10);
  std::printf("simple reader took %d of %d generated documents\n", taken, documents);
}

// The whole front-matter reading (properties, links and their places, aliases, tags, type,
// diagnostics) is the same through either reader.
TEST(SimpleYaml, FrontMatterReadsTheSameThroughEitherReader) {
  const std::vector<std::string> docs = {
      "type: company\ntags: [ai, chips]\naliases:\n  - Acme\n  - \"[[Acme Corp]]\"\n"
      "supplier: \"[[TSMC]]\"\ncompetitor: [\"[[A]]\", \"[[B|b]]\"]\nfounded: 1999-04\n"
      "dup: 1\ndup: 2\nalias: old\ntag: x\nrelated:\n  - \"[[C#Heading]]\"\n  - \"![[d.png|300]]\"\n",
      "type: ~\nempty:\nx: [1, 2]\n",
  };
  for (const auto& yaml : docs) {
    ASSERT_TRUE(SimpleYaml::read(yaml).has_value()) << yaml;
    kg::parse::ParseLimits simple_limits;
    kg::parse::ParseLimits cpp_limits;
    cpp_limits.yaml_cpp_only = true;
    kg::parse::ParsedNote a;
    kg::parse::ParsedNote b;
    kg::parse::read_frontmatter(yaml, 2, "n.md", simple_limits, a);
    kg::parse::read_frontmatter(yaml, 2, "n.md", cpp_limits, b);
    EXPECT_EQ(a.properties, b.properties) << yaml;
    EXPECT_EQ(a.aliases, b.aliases);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.type_line, b.type_line);
    EXPECT_EQ(a.aliases_line, b.aliases_line);
    EXPECT_EQ(a.diagnostics, b.diagnostics);
    EXPECT_EQ(a.external_links, b.external_links);
    ASSERT_EQ(a.links.size(), b.links.size());
    for (std::size_t i = 0; i < a.links.size(); ++i) {
      EXPECT_EQ(a.links[i].raw, b.links[i].raw);
      EXPECT_EQ(a.links[i].line, b.links[i].line);
      EXPECT_EQ(a.links[i].col, b.links[i].col);
      EXPECT_EQ(a.links[i].relation, b.links[i].relation);
      EXPECT_EQ(a.links[i].target, b.links[i].target);
    }
    EXPECT_FALSE(a.links.empty() && yaml.find("[[") != std::string::npos);
  }
}

}  // namespace
