// JSON documents, written as they go through JsonStream: the key order is DESIGN section 6's
// and the text is what nlohmann's ordered_json printed when these documents were built as
// trees (tests/unit/json_stream_test.cpp keeps that tree-building writer as the reference).
// Every string stored in the graph is valid UTF-8, and anything that is not is replaced, so
// writing never throws on content.
#include <kg/io/json.hpp>

#include "io/json_stream.hpp"
#include "io/stream_failures.hpp"
#include "util/parallel.hpp"

#include <algorithm>
#include <map>
#include <thread>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kg::io {
namespace {

using Members = PropertyList;

void write_members(JsonStream& s, Members members);

void write_value(JsonStream& s, ValueRef v) {
  // Values are at most ParseLimits::max_yaml_depth deep, so recursion is bounded.
  switch (v.kind()) {
    case Value::Kind::Null: s.null(); return;
    case Value::Kind::Bool: s.boolean(v.as_bool()); return;
    case Value::Kind::Int: s.integer(v.as_int()); return;
    case Value::Kind::Float: s.number(v.as_float()); return;
    case Value::Kind::String:
    case Value::Kind::Date: s.string(v.text()); return;
    case Value::Kind::List:
      s.begin_array();
      for (std::size_t i = 0; i < v.size(); ++i) write_value(s, v[i]);
      s.end_array();
      return;
    case Value::Kind::Map: write_members(s, v.entries()); return;
  }
  s.null();
}

bool has_repeated_key(Members members) {
  if (members.size() < 2) return false;
  if (members.size() <= 16) {
    for (std::size_t i = 1; i < members.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (members[i].key == members[j].key) return true;
      }
    }
    return false;
  }
  std::unordered_set<std::string_view> seen;
  for (const auto& [k, v] : members) {
    if (!seen.insert(k).second) return true;
  }
  return false;
}

void write_members(JsonStream& s, Members members) {
  s.begin_object();
  if (!has_repeated_key(members)) {
    for (const auto& [k, v] : members) {
      s.key(k);
      write_value(s, v);
    }
  } else {
    // The parser merges a repeated key, so this does not happen today. Should a source ever
    // repeat one, the key keeps its first place and takes its last value, as the JSON
    // object these documents were built from did.
    std::unordered_map<std::string_view, std::size_t> last;
    for (std::size_t i = 0; i < members.size(); ++i) last[members[i].key] = i;
    std::unordered_set<std::string_view> written;
    for (const auto& [k, v] : members) {
      if (!written.insert(k).second) continue;
      s.key(k);
      write_value(s, members[last[k]].value);
    }
  }
  s.end_object();
}

template <typename Text>
void write_strings(JsonStream& s, std::span<const Text> strings) {
  s.begin_array();
  for (const auto& text : strings) s.string(text);
  s.end_array();
}

void write_node(JsonStream& s, const Node& n) {
  s.begin_object();
  s.key("id");
  s.string(n.id);
  s.key("kind");
  s.string(to_string(n.kind));
  s.key("title");
  s.string(n.title);
  s.key("type");
  s.string(n.type);
  if (n.kind == NodeKind::Note) {
    s.key("aliases");
    write_strings(s, n.aliases);
    s.key("tags");
    write_strings(s, n.tags);
    s.key("properties");
    write_members(s, n.properties);
    s.key("external_links");
    write_strings(s, n.external_links);
  }
  s.end_object();
}

// The ids of the nodes edges name, read once per run of edges: the edges come ordered by
// source, and a stated edge is written in its source, so one view serves a run of them.
class NodeIds {
 public:
  explicit NodeIds(const Graph& g) : g_(g) {}
  std::string_view id(NodeId n) {
    if (n != last_) {
      last_ = n;
      id_ = g_.node(n).id;
    }
    return id_;
  }

 private:
  const Graph& g_;
  NodeId last_ = static_cast<NodeId>(~std::uint32_t{0});
  std::string_view id_;
};

void write_edge(JsonStream& s, const Graph& g, const Edge& e, std::size_t index,
                NodeIds& sources) {
  const Node target = g.node(e.target);
  s.begin_object();
  s.key("id");
  s.integer(index);
  s.key("relationship");
  s.integer(static_cast<std::uint32_t>(g.relationship_of(static_cast<EdgeId>(index))));
  s.key("source");
  s.string(sources.id(e.source));
  s.key("target");
  s.string(target.id);
  s.key("relation");
  s.string(e.relation);
  s.key("origin");
  s.string(to_string(e.origin));
  s.key("implied");
  s.boolean(e.implied);
  if (e.implied) {
    s.key("inference");
    s.string(to_string(e.inference));
    s.key("implied_from");
    s.begin_array();
    for (const EdgeId f : e.implied_from) s.integer(static_cast<std::uint32_t>(f));
    s.end_array();
  }
  s.key("embed");
  s.boolean(e.embed);
  s.key("file");
  s.string(e.file == e.source ? sources.id(e.source) : g.node(e.file).id);
  s.key("line");
  s.integer(e.line);
  s.key("col");
  s.integer(e.col);
  s.key("raw");
  s.string(e.raw);
  s.key("display");
  if (e.display.empty()) {
    s.null();
  } else {
    s.string(e.display);
  }
  if (e.width) {
    s.key("size");
    s.begin_object();
    s.key("width");
    s.integer(*e.width);
    s.key("height");
    if (e.height) {
      s.integer(*e.height);
    } else {
      s.null();
    }
    s.end_object();
  }
  s.key("subpath");
  if (e.subpath) {
    s.string(*e.subpath);
  } else {
    s.null();
  }
  s.key("subpath_status");
  s.string(to_string(e.subpath_status));
  s.key("via");
  if (target.kind == NodeKind::Ghost) {
    s.null();
  } else {
    s.string(to_string(e.via));
  }
  s.key("ambiguous");
  s.boolean(e.ambiguous);
  if (e.ambiguous) {
    s.key("candidates");
    write_strings(s, e.candidates);
  }
  s.key("section");
  s.string(e.section);
  s.key("properties");
  write_members(s, e.properties);
  s.end_object();
}

void write_optional(JsonStream& s, const std::optional<std::string>& text) {
  if (text) {
    s.string(*text);
  } else {
    s.null();
  }
}

void write_counts(JsonStream& s, const std::map<std::string, std::size_t>& counts) {
  s.begin_object();
  for (const auto& [name, n] : counts) {
    s.key(name);
    s.integer(n);
  }
  s.end_object();
}

}  // namespace

// Writes elements [0, count) of the array open in `s` (one level below the root object):
// each block of them is formatted by a writer `make_writer()` returns, `writer(fragment, i)`
// writing element i (or nothing). Blocks of elements are
// formatted on `threads` threads while this one writes the finished blocks in order, so
// the text is the same as one thread's and memory holds a few blocks at a time.
template <typename MakeWriter>
void write_elements(JsonStream& s, int indent, std::size_t count, unsigned threads,
                    const MakeWriter& make_writer) {
  constexpr std::size_t kBlock = 2048;
  const std::size_t blocks = (count + kBlock - 1) / kBlock;
  struct Block {
    std::string text;
    std::size_t written = 0;
  };
  // Each block's fragment starts as if elements preceded it; which of them really did is
  // known only once the blocks before are done, so the first element's separator is fixed
  // then: a fragment written after none begins with ",\n" (or ",") where a first one
  // begins with "\n" (or nothing).
  const auto format = [&](std::size_t b) {
    Block out;
    JsonStream f = JsonStream::fragment(indent, 2, 1);
    auto write = make_writer();
    const std::size_t end = std::min(count, (b + 1) * kBlock);
    for (std::size_t i = b * kBlock; i < end; ++i) {
      const std::size_t before = f.elements();
      write(f, i);
      out.written += f.elements() - before;
    }
    out.text = f.take();
    return out;
  };
  std::size_t written = 0;
  const auto emit = [&](Block& block) {
    if (block.written == 0) return;
    std::string_view text = block.text;
    if (written == 0) text.remove_prefix(1);  // the comma before the array's first element
    s.append_elements(text, block.written);
    written += block.written;
  };
  threads = std::max(1u, std::min<unsigned>(threads, 8));
  if (threads == 1 || blocks < 2) {
    for (std::size_t b = 0; b < blocks; ++b) {
      Block block = format(b);
      emit(block);
    }
    return;
  }
  // Rounds of `threads` blocks: the helpers format theirs while this thread writes the
  // previous round and formats its own.
  std::vector<Block> ready;
  for (std::size_t first = 0; first < blocks; first += threads) {
    const std::size_t last = std::min(blocks, first + threads);
    std::vector<Block> round(last - first);
    util::ThreadGroup helpers;
    for (std::size_t b = first + 1; b < last; ++b) {
      if (!helpers.spawn([&, b] { round[b - first] = format(b); })) round[b - first] = format(b);
    }
    helpers.run_here([&] {
      for (Block& block : ready) emit(block);
      round[0] = format(first);
    });
    helpers.join();
    ready = std::move(round);
  }
  for (Block& block : ready) emit(block);
}

void write_json(const Graph& graph, std::ostream& out, const JsonOptions& options) {
  const StreamFailures failures(out);
  const unsigned threads =
      graph.options().threads != 0 ? graph.options().threads : std::thread::hardware_concurrency();
  JsonStream s(options.indent, &out);
  s.begin_object();
  s.key("nodes");
  s.begin_array();
  write_elements(s, options.indent, graph.node_count(), threads, [&] {
    return [&](JsonStream& f, std::size_t i) { write_node(f, graph.node(static_cast<NodeId>(i))); };
  });
  s.end_array();
  s.key("edges");
  s.begin_array();
  write_elements(s, options.indent, graph.edge_count(), threads, [&] {
    return [&, sources = NodeIds(graph)](JsonStream& f, std::size_t i) mutable {
      const Edge& e = graph.edge(static_cast<EdgeId>(i));
      if (e.implied && !options.include_implied) return;
      write_edge(f, graph, e, i, sources);
    };
  });
  s.end_array();
  s.end_object();
  s.flush();
  out << '\n';
}

void write_json(const Graph& graph, const Subgraph& subgraph, std::ostream& out, const JsonOptions& options) {
  const StreamFailures failures(out);
  const unsigned threads =
      graph.options().threads != 0 ? graph.options().threads : std::thread::hardware_concurrency();
  // The statements of the relationships drawn, in edge-id order as the whole document has them.
  std::vector<EdgeId> edges;
  for (const RelationshipId r : subgraph.relationships) {
    for (const EdgeId e : graph.relationship(r).statements) edges.push_back(e);
  }
  std::sort(edges.begin(), edges.end());
  JsonStream s(options.indent, &out);
  s.begin_object();
  s.key("nodes");
  s.begin_array();
  write_elements(s, options.indent, subgraph.nodes.size(), threads, [&] {
    return [&](JsonStream& f, std::size_t i) { write_node(f, graph.node(subgraph.nodes[i])); };
  });
  s.end_array();
  s.key("edges");
  s.begin_array();
  write_elements(s, options.indent, edges.size(), threads, [&] {
    return [&, sources = NodeIds(graph)](JsonStream& f, std::size_t i) mutable {
      const Edge& e = graph.edge(edges[i]);
      if (e.implied && !options.include_implied) return;
      write_edge(f, graph, e, static_cast<std::size_t>(edges[i]), sources);
    };
  });
  s.end_array();
  s.end_object();
  s.flush();
  out << '\n';
}

namespace {

// "n12", "r7": an element id (built by appending: GCC 12 warns falsely on "n" + string).
std::string element_id(char prefix, std::uint32_t number) {
  std::string id(1, prefix);
  id += std::to_string(number);
  return id;
}

// Cytoscape keeps an element's attributes flat in `data`: a property whose key is one of
// kg's own is written as `property.KEY`.
void write_data_properties(JsonStream& s, PropertyList properties, std::span<const std::string_view> own) {
  for (const auto [key, value] : properties) {
    if (value.is_null()) continue;
    const bool taken = std::find(own.begin(), own.end(), key) != own.end();
    std::string name = taken ? "property." : "";
    name += key;
    s.key(name);
    write_value(s, value);
  }
}

}  // namespace

void write_cytoscape(const Graph& graph, const Subgraph& subgraph, std::ostream& out, int indent) {
  const StreamFailures failures(out);
  static constexpr std::string_view kNodeOwn[] = {"id", "name", "kg_id", "type", "kind", "path", "tags", "aliases"};
  static constexpr std::string_view kEdgeOwn[] = {"id", "source", "target", "interaction", "implied", "statements",
                                                  "provenance"};
  JsonStream s(indent, &out);
  s.begin_object();
  s.key("elements");
  s.begin_object();
  s.key("nodes");
  s.begin_array();
  for (const NodeId id : subgraph.nodes) {
    const Node n = graph.node(id);
    s.begin_object();
    s.key("data");
    s.begin_object();
    s.key("id");
    s.string(element_id('n', static_cast<std::uint32_t>(id)));
    s.key("name");
    s.string(n.title);
    s.key("kg_id");
    s.string(n.id);
    s.key("type");
    s.string(n.type);
    s.key("kind");
    s.string(to_string(n.kind));
    if (n.kind != NodeKind::Ghost) {
      s.key("path");
      s.string(n.id);
    }
    s.key("tags");
    write_strings(s, n.tags);
    s.key("aliases");
    write_strings(s, n.aliases);
    write_data_properties(s, n.properties, kNodeOwn);
    s.end_object();
    s.end_object();
  }
  s.end_array();
  s.key("edges");
  s.begin_array();
  for (const RelationshipId id : subgraph.relationships) {
    const Relationship r = graph.relationship(id);
    s.begin_object();
    s.key("data");
    s.begin_object();
    s.key("id");
    s.string(element_id('r', static_cast<std::uint32_t>(id)));
    s.key("source");
    s.string(element_id('n', static_cast<std::uint32_t>(r.source)));
    s.key("target");
    s.string(element_id('n', static_cast<std::uint32_t>(r.target)));
    s.key("interaction");
    s.string(r.relation);
    s.key("implied");
    s.boolean(r.implied);
    s.key("statements");
    s.integer(r.statements.size());
    s.key("provenance");
    s.begin_array();
    for (const EdgeId e : r.statements) {
      const Edge edge = graph.edge(e);
      s.string(std::string(graph.node(edge.file).id) + ":" + std::to_string(edge.line));
    }
    s.end_array();
    write_data_properties(s, r.properties, kEdgeOwn);
    s.end_object();
    s.end_object();
  }
  s.end_array();
  s.end_object();
  s.end_object();
  s.flush();
  out << '\n';
}

std::string resolutions_json(std::span<const Resolution> results, int indent) {
  JsonStream s(indent);
  s.begin_object();
  s.key("results");
  s.begin_array();
  for (const auto& r : results) {
    s.begin_object();
    s.key("link");
    s.string(r.link);
    s.key("from");
    s.string(r.from);
    s.key("status");
    s.string(r.resolved ? "resolved" : "unresolved");
    s.key("target");
    write_optional(s, r.target);
    s.key("via");
    if (r.resolved) {
      s.string(to_string(r.via));
    } else {
      s.null();
    }
    s.key("ambiguous");
    s.boolean(r.ambiguous);
    s.key("candidates");
    write_strings(s, std::span<const std::string>(r.candidates));
    s.key("subpath");
    write_optional(s, r.subpath);
    s.key("subpath_status");
    s.string(to_string(r.subpath_status));
    s.key("reason");
    write_optional(s, r.reason);
    s.key("above_root");
    s.boolean(r.above_root);
    s.end_object();
  }
  s.end_array();
  s.end_object();
  return s.take();
}

std::string edges_json(const Graph& graph, NodeId node, std::span<const EdgeId> edges,
                       int indent) {
  JsonStream s(indent);
  s.begin_object();
  s.key("node");
  write_node(s, graph.node(node));
  s.key("edges");
  s.begin_array();
  NodeIds sources(graph);
  for (const auto id : edges) {
    write_edge(s, graph, graph.edge(id), static_cast<std::size_t>(id), sources);
  }
  s.end_array();
  s.end_object();
  return s.take();
}

std::string stats_json(const Stats& stats, int indent) {
  JsonStream s(indent);
  s.begin_object();
  s.key("notes");
  s.integer(stats.notes);
  s.key("attachments");
  s.integer(stats.attachments);
  s.key("ghosts");
  s.integer(stats.ghosts);
  s.key("edges");
  s.integer(stats.edges);
  s.key("implied_edges");
  s.integer(stats.implied_edges);
  s.key("relationships");
  s.integer(stats.relationships);
  s.key("implied_relationships");
  s.integer(stats.implied_relationships);
  s.key("links");
  s.begin_object();
  s.key("resolved");
  s.integer(stats.links_resolved);
  s.key("unresolved");
  s.integer(stats.links_unresolved);
  s.key("ambiguous");
  s.integer(stats.links_ambiguous);
  s.key("via_alias");
  s.integer(stats.links_via_alias);
  s.key("embeds");
  s.integer(stats.embeds);
  s.key("external");
  s.integer(stats.external_links);
  s.end_object();
  s.key("tags");
  s.integer(stats.tags);
  s.key("types");
  write_counts(s, stats.types);
  s.key("relations");
  write_counts(s, stats.relations);
  s.key("diagnostics");
  s.begin_object();
  s.key("errors");
  s.integer(stats.errors);
  s.key("warnings");
  s.integer(stats.warnings);
  s.key("infos");
  s.integer(stats.infos);
  s.end_object();
  s.key("seconds");
  s.number(stats.seconds);
  s.end_object();
  return s.take();
}

std::string diagnostics_json(std::span<const Diagnostic> diagnostics, int indent) {
  JsonStream s(indent);
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  s.begin_object();
  s.key("diagnostics");
  s.begin_array();
  for (const auto& d : diagnostics) {
    s.begin_object();
    s.key("file");
    s.string(d.file);
    s.key("line");
    s.integer(d.line);
    s.key("col");
    s.integer(d.col);
    s.key("severity");
    s.string(to_string(d.severity));
    s.key("code");
    s.string(d.code);
    s.key("message");
    s.string(d.message);
    s.end_object();
    switch (d.severity) {
      case Severity::Error: ++errors; break;
      case Severity::Warning: ++warnings; break;
      case Severity::Info: ++infos; break;
    }
  }
  s.end_array();
  s.key("errors");
  s.integer(errors);
  s.key("warnings");
  s.integer(warnings);
  s.key("infos");
  s.integer(infos);
  s.end_object();
  return s.take();
}

}  // namespace kg::io
