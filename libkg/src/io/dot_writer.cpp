#include <kg/io/dot.hpp>

#include "util/utf8.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace kg::io {

namespace {

// Graphviz reads a quoted string up to an unescaped quote and gives a backslash sequences
// (\n, \l, \N...) their meaning: quotes and backslashes are escaped, line breaks become
// \n, other control characters a space, invalid UTF-8 is repaired, and a label is cut at
// `limit` code points (with …) so no title runs past what Graphviz lays out.
std::string dot_string(std::string_view text, std::size_t limit = 0) {
  const std::string valid = util::valid_utf8(text);
  std::string out = "\"";
  std::size_t points = 0;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    if ((c & 0xC0u) != 0x80u) {
      if (limit > 0 && points == limit) {
        out += "\xE2\x80\xA6";
        break;
      }
      ++points;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

constexpr std::size_t kLabel = 60;     // code points of a node or edge label
constexpr std::size_t kTooltip = 400;  // of a tooltip

constexpr const char* kColours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                                    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"};
constexpr const char* kShapes[] = {"box", "ellipse", "hexagon", "diamond", "octagon", "parallelogram",
                                   "house", "trapezium", "cylinder", "component"};

struct Style {
  std::string colour;
  std::string shape;
};

}  // namespace

std::string dot(const Graph& graph, std::span<const NodeId> nodes_in, std::span<const RelationshipId> rels_in,
                const DotOptions& options) {
  std::vector<NodeId> nodes(nodes_in.begin(), nodes_in.end());
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  std::unordered_map<std::uint32_t, std::size_t> number;  // node -> its id in the file (n0, n1, ...)
  for (std::size_t i = 0; i < nodes.size(); ++i) number.emplace(static_cast<std::uint32_t>(nodes[i]), i);
  // Types in name order get colours and shapes in turn: a vault's diagrams agree.
  std::map<std::string, std::vector<std::size_t>> by_type;
  for (std::size_t i = 0; i < nodes.size(); ++i) by_type[std::string(graph.node(nodes[i]).type)].push_back(i);
  std::map<std::string, Style> styles;
  std::size_t k = 0;
  for (const auto& [type, members] : by_type) {
    Style s{kColours[k % std::size(kColours)], kShapes[k % std::size(kShapes)]};
    if (type == "ghost") s = {"#bbbbbb", "ellipse"};
    if (type == "attachment") s = {"#999999", "note"};
    styles.emplace(type, s);
    ++k;
  }
  std::string layout = options.layout;
  if (layout.empty()) layout = nodes.size() > options.sfdp_above ? "sfdp" : "dot";

  std::string out = "digraph kg {\n";
  out += "  graph [rankdir=" + dot_string(options.rankdir) + ", layout=" + dot_string(layout) +
         ", fontname=\"Helvetica\", newrank=true, overlap=false, splines=true";
  if (!options.size.empty()) out += ", size=" + dot_string(options.size);
  out += "];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=\"#ffffff\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  const auto node_line = [&](std::size_t i, const std::string& indent) {
    const Node n = graph.node(nodes[i]);
    const Style& s = styles.at(std::string(n.type));
    std::string line = indent + "n" + std::to_string(i) + " [label=" + dot_string(n.title, kLabel) + ", shape=" + s.shape +
                       ", color=" + dot_string(s.colour) + ", tooltip=" + dot_string(n.id, kTooltip);
    if (n.kind == NodeKind::Ghost) line += ", style=\"dotted,filled\"";
    return line + "];\n";
  };
  std::size_t cluster = 0;
  for (const auto& [type, members] : by_type) {
    const bool boxed = options.clusters && by_type.size() > 1;
    const std::string indent = boxed ? "    " : "  ";
    if (boxed) {
      out += "  subgraph cluster_" + std::to_string(cluster++) + " {\n    label=" + dot_string(type, kLabel) +
             "; color=" + dot_string(styles.at(type).colour) + "; style=rounded;\n";
    }
    for (const std::size_t i : members) out += node_line(i, indent);
    if (boxed) out += "  }\n";
  }
  std::vector<RelationshipId> rels(rels_in.begin(), rels_in.end());
  std::sort(rels.begin(), rels.end());
  rels.erase(std::unique(rels.begin(), rels.end()), rels.end());
  for (const RelationshipId id : rels) {
    const Relationship r = graph.relationship(id);
    const auto from = number.find(static_cast<std::uint32_t>(r.source));
    const auto to = number.find(static_cast<std::uint32_t>(r.target));
    if (from == number.end() || to == number.end()) continue;
    std::string where;
    for (const EdgeId e : r.statements) {
      const Edge edge = graph.edge(e);
      if (!where.empty()) where += "; ";
      where += std::string(graph.node(edge.file).id) + ":" + std::to_string(edge.line);
    }
    out += "  n" + std::to_string(from->second) + " -> n" + std::to_string(to->second) +
           " [label=" + dot_string(r.relation, kLabel) + ", tooltip=" + dot_string(where, kTooltip);
    if (r.implied) out += ", style=dashed";
    out += "];\n";
  }
  if (options.legend && !by_type.empty()) {
    out += "  subgraph cluster_legend {\n    label=\"types\"; style=rounded; color=\"#cccccc\";\n";
    std::size_t j = 0;
    for (const auto& [type, members] : by_type) {
      const Style& s = styles.at(type);
      out += "    legend" + std::to_string(j++) + " [label=" + dot_string(type, kLabel) + ", shape=" + s.shape +
             ", color=" + dot_string(s.colour) + (type == "ghost" ? ", style=\"dotted,filled\"" : "") + "];\n";
    }
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

std::string dot(const Graph& graph, const DotOptions& options) {
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < graph.node_count(); ++i) nodes.push_back(NodeId{static_cast<std::uint32_t>(i)});
  std::vector<RelationshipId> rels;
  for (std::size_t i = 0; i < graph.relationship_count(); ++i) {
    rels.push_back(RelationshipId{static_cast<std::uint32_t>(i)});
  }
  return dot(graph, nodes, rels, options);
}

}  // namespace kg::io
