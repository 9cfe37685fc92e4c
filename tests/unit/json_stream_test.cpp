// The JSON writers stream their documents (io/json_stream.hpp) and print exactly what they
// printed when they built each document as an nlohmann::ordered_json tree and dumped it.
// The tree-building writers are kept here as the reference; every document is compared
// with theirs, byte for byte, on the golden vaults, the sample vault and a vault of awkward
// values, for every indentation.
#include <kg/kg.hpp>

#include "io/json_stream.hpp"
#include "support/temp_vault.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

// ---- The reference: the writers as they were, building a tree and dumping it ----------

namespace reference {

using kg::Edge;
using kg::EdgeId;
using kg::Graph;
using kg::Node;
using kg::NodeKind;
using kg::Value;
using Json = nlohmann::ordered_json;

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json value_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.boolean;
    case Value::Kind::Int: return v.integer;
    case Value::Kind::Float: return v.number;
    case Value::Kind::String:
    case Value::Kind::Date: return v.text;
    case Value::Kind::List: {
      Json a = Json::array();
      for (const auto& item : v.items) a.push_back(value_json(item));
      return a;
    }
    case Value::Kind::Map: {
      Json o = Json::object();
      for (const auto& [k, item] : v.entries) o[k] = value_json(item);
      return o;
    }
  }
  return nullptr;
}

Json properties_json(const kg::PropertyList& properties) {
  Json o = Json::object();
  for (const auto& [k, v] : properties) o[std::string(k)] = value_json(v.to_value());
  return o;
}

Json node_json(const Node& n) {
  Json j;
  j["id"] = n.id;
  j["kind"] = to_string(n.kind);
  j["title"] = n.title;
  j["type"] = n.type;
  if (n.kind == NodeKind::Note) {
    j["aliases"] = n.aliases;
    j["tags"] = n.tags;
    j["properties"] = properties_json(n.properties);
    j["external_links"] = n.external_links;
  }
  return j;
}

Json edge_json(const Graph& g, const Edge& e, std::size_t index) {
  Json j;
  j["id"] = index;
  j["relationship"] = static_cast<std::uint32_t>(g.relationship_of(static_cast<kg::EdgeId>(index)));
  j["source"] = g.node(e.source).id;
  j["target"] = g.node(e.target).id;
  j["relation"] = e.relation;
  j["origin"] = to_string(e.origin);
  j["implied"] = e.implied;
  if (e.implied) {
    j["inference"] = to_string(e.inference);
    Json from = Json::array();
    for (const EdgeId f : e.implied_from) from.push_back(static_cast<std::uint32_t>(f));
    j["implied_from"] = std::move(from);
  }
  j["embed"] = e.embed;
  j["file"] = g.node(e.file).id;
  j["line"] = e.line;
  j["col"] = e.col;
  j["raw"] = e.raw;
  j["display"] = e.display.empty() ? Json(nullptr) : Json(e.display);
  if (e.width) {
    Json size;
    size["width"] = *e.width;
    size["height"] = e.height ? Json(*e.height) : Json(nullptr);
    j["size"] = std::move(size);
  }
  j["subpath"] = e.subpath ? Json(*e.subpath) : Json(nullptr);
  j["subpath_status"] = to_string(e.subpath_status);
  j["via"] = g.node(e.target).kind == NodeKind::Ghost ? Json(nullptr) : Json(to_string(e.via));
  j["ambiguous"] = e.ambiguous;
  if (e.ambiguous) j["candidates"] = e.candidates;
  j["section"] = e.section;
  j["properties"] = properties_json(e.properties);
  return j;
}

std::string write_json(const Graph& graph, const kg::io::JsonOptions& options) {
  Json doc;
  Json nodes = Json::array();
  for (std::size_t i = 0; i < graph.node_count(); ++i) {
    nodes.push_back(node_json(graph.node(static_cast<kg::NodeId>(i))));
  }
  Json edges = Json::array();
  for (std::size_t i = 0; i < graph.edge_count(); ++i) {
    const Edge& e = graph.edge(static_cast<EdgeId>(i));
    if (e.implied && !options.include_implied) continue;
    edges.push_back(edge_json(graph, e, i));
  }
  doc["nodes"] = std::move(nodes);
  doc["edges"] = std::move(edges);
  return dump(doc, options.indent) + '\n';
}

std::string resolutions_json(std::span<const kg::Resolution> results, int indent) {
  Json list = Json::array();
  for (const auto& r : results) {
    Json j;
    j["link"] = r.link;
    j["from"] = r.from;
    j["status"] = r.resolved ? "resolved" : "unresolved";
    j["target"] = r.target ? Json(*r.target) : Json(nullptr);
    j["via"] = r.resolved ? Json(to_string(r.via)) : Json(nullptr);
    j["ambiguous"] = r.ambiguous;
    j["candidates"] = r.candidates;
    j["subpath"] = r.subpath ? Json(*r.subpath) : Json(nullptr);
    j["subpath_status"] = to_string(r.subpath_status);
    j["reason"] = r.reason ? Json(*r.reason) : Json(nullptr);
    j["above_root"] = r.above_root;
    list.push_back(std::move(j));
  }
  Json doc;
  doc["results"] = std::move(list);
  return dump(doc, indent);
}

std::string edges_json(const Graph& graph, kg::NodeId node, std::span<const EdgeId> edges,
                       int indent) {
  Json doc;
  doc["node"] = node_json(graph.node(node));
  Json list = Json::array();
  for (const auto id : edges) {
    list.push_back(edge_json(graph, graph.edge(id), static_cast<std::size_t>(id)));
  }
  doc["edges"] = std::move(list);
  return dump(doc, indent);
}

std::string stats_json(const kg::Stats& s, int indent) {
  Json j;
  j["notes"] = s.notes;
  j["attachments"] = s.attachments;
  j["ghosts"] = s.ghosts;
  j["edges"] = s.edges;
  j["implied_edges"] = s.implied_edges;
  j["relationships"] = s.relationships;
  j["implied_relationships"] = s.implied_relationships;
  j["links"] = {{"resolved", s.links_resolved},
                {"unresolved", s.links_unresolved},
                {"ambiguous", s.links_ambiguous},
                {"via_alias", s.links_via_alias},
                {"embeds", s.embeds},
                {"external", s.external_links}};
  j["tags"] = s.tags;
  j["types"] = s.types;
  j["relations"] = s.relations;
  j["diagnostics"] = {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}};
  j["seconds"] = s.seconds;
  return dump(j, indent);
}

std::string diagnostics_json(std::span<const kg::Diagnostic> diagnostics, int indent) {
  Json list = Json::array();
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  for (const auto& d : diagnostics) {
    Json j;
    j["file"] = d.file;
    j["line"] = d.line;
    j["col"] = d.col;
    j["severity"] = to_string(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    list.push_back(std::move(j));
    switch (d.severity) {
      case kg::Severity::Error: ++errors; break;
      case kg::Severity::Warning: ++warnings; break;
      case kg::Severity::Info: ++infos; break;
    }
  }
  Json doc;
  doc["diagnostics"] = std::move(list);
  doc["errors"] = errors;
  doc["warnings"] = warnings;
  doc["infos"] = infos;
  return dump(doc, indent);
}

}  // namespace reference

// ---- Whole documents ------------------------------------------------------------------

constexpr int kIndents[] = {-1, 0, 1, 2, 4};

std::string streamed_export(const kg::Graph& g, const kg::io::JsonOptions& options) {
  std::ostringstream out;
  kg::io::write_json(g, out, options);
  return out.str();
}

// Every document the writers produce, compared with the reference's, for one graph.
void expect_same_documents(const kg::Graph& g) {
  ASSERT_GT(g.node_count(), 0u);
  // How links resolve from every note that writes one, and from the root.
  std::vector<kg::Resolution> resolutions;
  for (std::size_t i = 0; i < g.edge_count(); ++i) {
    const kg::Edge& e = g.edge(static_cast<kg::EdgeId>(i));
    if (e.implied) continue;
    resolutions.push_back(g.resolve(e.raw, g.node(e.file).id));
    resolutions.push_back(g.resolve(e.raw));
  }
  resolutions.push_back(g.resolve("[[no such note anywhere]]"));
  resolutions.push_back(g.resolve("https://example.com"));
  resolutions.push_back(g.resolve(""));

  for (const int indent : kIndents) {
    SCOPED_TRACE("indent " + std::to_string(indent));
    for (const bool implied : {true, false}) {
      SCOPED_TRACE(implied ? "with implied edges" : "without implied edges");
      kg::io::JsonOptions options;
      options.indent = indent;
      options.include_implied = implied;
      EXPECT_EQ(streamed_export(g, options), reference::write_json(g, options));
    }
    EXPECT_EQ(kg::io::diagnostics_json(g.diagnostics(), indent),
              reference::diagnostics_json(g.diagnostics(), indent));
    EXPECT_EQ(kg::io::stats_json(g.stats(), indent), reference::stats_json(g.stats(), indent));
    EXPECT_EQ(kg::io::resolutions_json(resolutions, indent),
              reference::resolutions_json(resolutions, indent));
    EXPECT_EQ(kg::io::resolutions_json({}, indent), reference::resolutions_json({}, indent));
    for (std::size_t i = 0; i < g.node_count(); ++i) {
      const auto node = static_cast<kg::NodeId>(i);
      for (const auto& edges : {g.out_edges(node), g.in_edges(node)}) {
        ASSERT_EQ(kg::io::edges_json(g, node, edges, indent),
                  reference::edges_json(g, node, edges, indent))
            << g.node(node).id;
      }
    }
  }
}

class JsonStreamVault : public ::testing::TestWithParam<const char*> {};

TEST_P(JsonStreamVault, EveryDocumentMatchesTheTreeBuiltOne) {
  expect_same_documents(kg::Graph::load(std::string(KG_SOURCE_DIR "/") + GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Vaults, JsonStreamVault,
                         ::testing::Values("tests/golden/vault", "tests/golden/typed",
                                           "tests/golden/multilang", "notes"));

// Values that exercise number formatting and escaping: floats nlohmann prints in exponent
// form, NaN and infinities (null), integer extremes, control characters, quotes and
// backslashes in keys, empty and nested containers, non-ASCII text, bytes that are not UTF-8.
TEST(JsonStreamAwkward, EveryDocumentMatchesTheTreeBuiltOne) {
  kg::test::TempVault v;
  v.write("kg.yaml",
          "relations:\n"
          "  parent:\n"
          "    inverse: child\n"
          "  related:\n"
          "    symmetric: true\n");
  v.write("Awkward.md",
          "---\n"
          "aliases: [\"Tab\\tAlias\", \"ünïcode 中文\"]\n"
          "tags: [t1, \"t/2\"]\n"
          "one: 1.0\n"
          "tenth: 0.1\n"
          "big: 1e300\n"
          "bigger: 12345678901234567890.0\n"
          "tiny: 1.5e-7\n"
          "negzero: -0.0\n"
          "nan: .nan\n"
          "inf: .inf\n"
          "ninf: -.inf\n"
          "imax: 9223372036854775807\n"
          "imin: -9223372036854775808\n"
          "ctrl: \"a\\x01b\\tc\\nd\\x7f\\\"q\\\"\\\\ \\x1f\\b\\f\\r\"\n"
          "emoji: \"😀 é 中 \\u2028\"\n"
          "\"key \\\"quoted\\\" \\\\ \\t\": 1\n"
          "empty_list: []\n"
          "empty_map: {}\n"
          "nested: {a: [1, {b: []}, [[], {}]], c: {d: {e: null}}}\n"
          "date: 2025-12-01\n"
          "nothing: ~\n"
          "yes: true\n"
          "parent: \"[[Other]]\"\n"
          "related: [\"[[Other]]\", \"[[Ghost \\\"x\\\"]]\"]\n"
          "---\n"
          "# Head \"quoted\" \\ back\n"
          "A [[Other|shown \"text\"]] and ![[img.png|300x200]] and ![[img.png|300]].\n"
          "A [[Missing#Heading]], [[Other#Nope]], [x](https://example.com/?a=\"b\").\n"
          "Bad bytes [[Bad\xff\xfe name]] and [[Half \xe4\xb8]] and \x01 control.\n"
          "related:: [[Third]]\n"
          "since:: 2020\n");
  v.write("Other.md", "---\nrelated: \"[[Awkward]]\"\nscore: 3.25\n---\n[[Awkward#Head]]\n");
  v.write("sub/Other.md", "# Other too\n[[Other]] [[Third|😀]]\n");
  v.write("Third.md", "---\nparent: \"[[sub/Other]]\"\nbroken: [unclosed\n---\nbody\n");
  v.write("we\"ird\\name.md", "[[Awkward]] [[we\"ird\\name]]\n");
  v.write("img.png", "not really a png");
  expect_same_documents(kg::Graph::load(v.root()));
}

TEST(JsonStreamAwkward, AnEmptyVaultMatches) {
  kg::test::TempVault v;
  v.write("empty.md", "");
  expect_same_documents(kg::Graph::load(v.root()));
}

// ---- The stream on its own, against nlohmann's dump ------------------------------------

std::string nlohmann_dump(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Emits a tree through the stream, event by event.
void emit(kg::io::JsonStream& s, const nlohmann::ordered_json& j) {
  using Type = nlohmann::json::value_t;
  switch (j.type()) {
    case Type::object:
      s.begin_object();
      for (const auto& [k, v] : j.items()) {
        s.key(k);
        emit(s, v);
      }
      s.end_object();
      return;
    case Type::array:
      s.begin_array();
      for (const auto& v : j) emit(s, v);
      s.end_array();
      return;
    case Type::string: s.string(j.get_ref<const std::string&>()); return;
    case Type::boolean: s.boolean(j.get<bool>()); return;
    case Type::number_integer: s.integer(j.get<std::int64_t>()); return;
    case Type::number_unsigned: s.integer(j.get<std::uint64_t>()); return;
    case Type::number_float: s.number(j.get<double>()); return;
    default: s.null(); return;
  }
}

std::string streamed(const nlohmann::ordered_json& j, int indent) {
  kg::io::JsonStream s(indent);
  emit(s, j);
  return s.take();
}

// Pieces of strings: ASCII that needs escaping, well-formed UTF-8 of every length at the
// edges of the ranges, and the ill-formed sequences of Unicode table 3-7's neighbourhood
// (overlong forms, surrogates, above U+10FFFF, lone continuation bytes, truncations).
const std::vector<std::string> kPieces = {
    "a", " ", "\"", "\\", "/", "\x01", "\x1f", "\x7f", "\t", "\n", "\b", "\f", "\r",
    std::string(1, '\0'), "\xc2\x80", "\xdf\xbf", "\xc3\xa9", "\xe4\xb8\xad", "\xe0\xa0\x80",
    "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80",
    "\xf4\x8f\xbf\xbf", "\xc3", "\xe4\xb8", "\xf0\x9f\x98", "\x80", "\xbf", "\xc0\x80",
    "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
    "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
    "\xfe", "\xff"};

TEST(JsonStream, StringsEscapeAsNlohmannDoes) {
  std::vector<std::string> strings = {""};
  for (int a = 0; a < 256; ++a) {
    strings.emplace_back(1, static_cast<char>(a));
    for (int b = 0; b < 256; ++b) {
      strings.push_back({static_cast<char>(a), static_cast<char>(b)});
    }
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> count(1, 10);
  for (int i = 0; i < 50000; ++i) {
    std::string s;
    for (int n = count(rng); n > 0; --n) s += kPieces[piece(rng)];
    strings.push_back(std::move(s));
  }
  for (const auto& s : strings) {
    const nlohmann::ordered_json as_value = s;
    const nlohmann::ordered_json as_key = {{s, s}};
    ASSERT_EQ(streamed(as_value, -1), nlohmann_dump(as_value, -1)) << testing::PrintToString(s);
    ASSERT_EQ(streamed(as_key, 2), nlohmann_dump(as_key, 2)) << testing::PrintToString(s);
  }
}

TEST(JsonStream, NumbersPrintAsNlohmannDoes) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> doubles = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.0,
                                 0.1,
                                 1.0 / 3.0,
                                 1e15,
                                 1e16,
                                 1e17,
                                 123456789012345680.0,
                                 1e-4,
                                 1e-5,
                                 1e300,
                                 1e-300,
                                 std::numeric_limits<double>::min(),
                                 std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::lowest(),
                                 inf,
                                 -inf,
                                 std::nan("")};
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = rng();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    doubles.push_back(d);
  }
  for (const double d : doubles) {
    ASSERT_EQ(streamed(d, -1), nlohmann_dump(d, -1)) << d;
  }
  const nlohmann::ordered_json integers = {
      std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
      std::numeric_limits<std::uint64_t>::max(), std::numeric_limits<std::uint32_t>::max(),
      std::int64_t{0},  std::uint64_t{0},
      std::int64_t{-1}, std::int64_t{42}};
  EXPECT_EQ(streamed(integers, -1), nlohmann_dump(integers, -1));
}

// Random trees: empty and nested containers at every depth, every scalar type.
nlohmann::ordered_json random_tree(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> kind(0, depth > 0 ? 8 : 5);
  std::uniform_int_distribution<int> size(0, 4);
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  switch (kind(rng)) {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return static_cast<std::int64_t>(rng()) - (1LL << 31);
    case 3: return static_cast<double>(rng()) / 7.0;
    case 4: return kPieces[piece(rng)] + kPieces[piece(rng)];
    case 5: return rng();
    case 6:
    case 7: {
      auto a = nlohmann::ordered_json::array();
      for (int n = size(rng); n > 0; --n) a.push_back(random_tree(rng, depth - 1));
      return a;
    }
    default: {
      auto o = nlohmann::ordered_json::object();
      for (int n = size(rng); n > 0; --n) {
        o[kPieces[piece(rng)] + std::to_string(n)] = random_tree(rng, depth - 1);
      }
      return o;
    }
  }
}

TEST(JsonStream, TreesPrintAsNlohmannDoes) {
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; ++i) {
    const auto tree = random_tree(rng, 5);
    for (const int indent : kIndents) {
      ASSERT_EQ(streamed(tree, indent), nlohmann_dump(tree, indent)) << tree.dump();
    }
  }
}

// A document far larger than one chunk reaches the sink whole and in order.
TEST(JsonStream, ALargeDocumentReachesTheSinkWhole) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  auto& list = doc["items"] = nlohmann::ordered_json::array();
  for (int i = 0; i < 40000; ++i) {
    list.push_back({{"id", i},
                    {"name", "note \"" + std::to_string(i) + "\" é"},
                    {"tags", nlohmann::ordered_json::array()}});
  }
  for (const int indent : {-1, 1}) {
    std::ostringstream out;
    kg::io::JsonStream s(indent, &out);
    emit(s, doc);
    s.flush();
    EXPECT_EQ(out.str(), nlohmann_dump(doc, indent));
    EXPECT_TRUE(s.take().empty());
  }
}

}  // namespace

// Large enough that nodes and edges are written in many blocks, formatted on several
// threads and put together in order; implied edges left out at block edges included.
TEST(JsonStreamBlocks, ManyBlocksOnAnyThreadCountGiveTheOneThreadDocument) {
  kg::test::TempVault v;
  v.write("kg.yaml", "relations:\n  parent:\n    inverse: child\n");
  for (int i = 0; i < 2600; ++i) {
    std::string body = "---\nparent: \"[[n";
    body += std::to_string((i + 1) % 2600);
    body += "]]\"\n---\n";
    for (int k = 1; k <= 2; ++k) {
      body += "[[n";
      body += std::to_string((i * 7 + k) % 2600);
      body += "]] ";
    }
    body += '\n';
    std::string name = "n";
    name += std::to_string(i);
    name += ".md";
    v.write(name, body);
  }
  std::vector<std::string> first;
  for (const unsigned threads : {1u, 2u, 3u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    kg::LoadOptions load;
    load.threads = threads;
    const kg::Graph g = kg::Graph::load(v.root(), load);
    ASSERT_GT(g.edge_count(), 3u * 2048u);
    std::vector<std::string> documents;
    for (const int indent : {-1, 2}) {
      for (const bool implied : {true, false}) {
        kg::io::JsonOptions options;
        options.indent = indent;
        options.include_implied = implied;
        documents.push_back(streamed_export(g, options));
        if (threads == 2) {
          EXPECT_EQ(documents.back(), reference::write_json(g, options));
        }
      }
    }
    if (first.empty()) {
      first = documents;
    } else {
      EXPECT_EQ(documents, first);
    }
  }
}
