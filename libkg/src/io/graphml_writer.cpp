#include <kg/io/graphml.hpp>

#include "io/columns.hpp"
#include "io/stream_failures.hpp"
#include "util/utf8.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace kg::io {

namespace {

// Text for XML 1.0: escaped, and without the characters XML 1.0 cannot hold (controls
// other than tab, line feed and carriage return; U+FFFE and U+FFFF).
std::string xml(std::string_view text) {
  const std::string valid = util::valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    if (c == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(valid[i + 2]) == 0xBE || static_cast<unsigned char>(valid[i + 2]) == 0xBF)) {
      i += 2;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        if (c == 0x7F) break;
        out += static_cast<char>(c);
    }
  }
  return out;
}

struct Key {
  std::string id;
  ColumnType type;
};

}  // namespace

void write_graphml(const Graph& graph, std::ostream& out) { write_graphml(graph, whole(graph), out); }

void write_graphml(const Graph& graph, const Subgraph& subgraph, std::ostream& out) {
  const StreamFailures failures(out);
  // The attributes: kg's own first, then every scalar property key with its type.
  const Columns node_props = node_columns(graph, subgraph.nodes);
  const Columns rel_props = relationship_columns(graph, subgraph.relationships);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  static constexpr const char* kNodeOwn[] = {"title", "type", "path", "tags", "aliases"};
  static constexpr const char* kEdgeOwn[] = {"relation", "implied", "statements", "provenance"};
  for (std::size_t k = 0; k < std::size(kNodeOwn); ++k) {
    out << "  <key id=\"n" << k << "\" for=\"node\" attr.name=\"" << kNodeOwn[k] << "\" attr.type=\"string\"/>\n";
  }
  out << "  <key id=\"e0\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
         "  <key id=\"e1\" for=\"edge\" attr.name=\"implied\" attr.type=\"boolean\"/>\n"
         "  <key id=\"e2\" for=\"edge\" attr.name=\"statements\" attr.type=\"int\"/>\n"
         "  <key id=\"e3\" for=\"edge\" attr.name=\"provenance\" attr.type=\"string\"/>\n";
  // Property keys that would collide with kg's own attributes are written as `property.KEY`.
  const auto declare = [&](const Columns& props, const char* prefix, const char* for_what,
                           std::span<const char* const> own, std::map<std::string, Key>& keys) {
    std::size_t n = 0;
    for (const auto& [name, type] : props) {
      std::string shown = name;
      for (const char* o : own) {
        if (shown == o) shown = "property." + name;
      }
      Key key{std::string(prefix) + std::to_string(n++), type};
      out << "  <key id=\"" << key.id << "\" for=\"" << for_what << "\" attr.name=\"" << xml(shown)
          << "\" attr.type=\"" << type_name(type) << "\"/>\n";
      keys.emplace(name, key);
    }
  };
  std::map<std::string, Key> node_keys;
  std::map<std::string, Key> rel_keys;
  declare(node_props, "np", "node", kNodeOwn, node_keys);
  declare(rel_props, "rp", "edge", kEdgeOwn, rel_keys);
  out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
  const auto join = [](std::span<const std::string_view> items) {
    std::string s;
    for (const std::string_view item : items) {
      if (!s.empty()) s += ", ";
      s += item;
    }
    return s;
  };
  for (const NodeId id : subgraph.nodes) {
    const Node n = graph.node(id);
    out << "    <node id=\"n" << static_cast<std::uint32_t>(id) << "\">\n"
        << "      <data key=\"n0\">" << xml(n.title) << "</data>\n"
        << "      <data key=\"n1\">" << xml(n.type) << "</data>\n";
    if (n.kind != NodeKind::Ghost) out << "      <data key=\"n2\">" << xml(n.id) << "</data>\n";
    if (!n.tags.empty()) out << "      <data key=\"n3\">" << xml(join(n.tags)) << "</data>\n";
    if (!n.aliases.empty()) out << "      <data key=\"n4\">" << xml(join(n.aliases)) << "</data>\n";
    // One <data> per key, the value its column was typed from: a key stated twice, or
    // holding a link, writes the first set value that holds none.
    for (const auto [key, value] : n.properties) {
      const auto it = node_keys.find(std::string(key));
      if (it == node_keys.end() || value.is_null()) continue;
      const auto chosen = node_column_value(n.properties, key);
      if (!chosen || chosen->cell() != value.cell()) continue;
      out << "      <data key=\"" << it->second.id << "\">" << xml(column_text(value, it->second.type)) << "</data>\n";
    }
    out << "    </node>\n";
  }
  for (const RelationshipId id : subgraph.relationships) {
    const Relationship r = graph.relationship(id);
    const std::string where = provenance(graph, r);
    out << "    <edge id=\"e" << static_cast<std::uint32_t>(id) << "\" source=\"n" << static_cast<std::uint32_t>(r.source) << "\" target=\"n"
        << static_cast<std::uint32_t>(r.target) << "\">\n"
        << "      <data key=\"e0\">" << xml(r.relation) << "</data>\n"
        << "      <data key=\"e1\">" << (r.implied ? "true" : "false") << "</data>\n"
        << "      <data key=\"e2\">" << r.statements.size() << "</data>\n"
        << "      <data key=\"e3\">" << xml(where) << "</data>\n";
    for (const auto [key, value] : r.properties) {
      const auto it = rel_keys.find(std::string(key));
      if (it == rel_keys.end() || value.is_null()) continue;
      const auto chosen = relationship_column_value(r.properties, key);
      if (!chosen || chosen->cell() != value.cell()) continue;
      out << "      <data key=\"" << it->second.id << "\">" << xml(column_text(value, it->second.type)) << "</data>\n";
    }
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

}  // namespace kg::io
