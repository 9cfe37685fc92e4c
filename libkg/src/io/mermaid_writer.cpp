#include <kg/io/mermaid.hpp>

#include "util/utf8.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace kg::io {

namespace {

// A label in double quotes, where Mermaid reads `#name;` and `#code;` entities: quotes,
// `#`, `<`, `>`, `&` and backquotes become entities, line breaks and other control
// characters spaces, and a label is cut at 60 code points (with …).
std::string mermaid_label(std::string_view text) {
  const std::string valid = util::valid_utf8(text);
  std::string out = "\"";
  std::size_t points = 0;
  for (const char ch : valid) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0u) != 0x80u) {
      if (points == 60) {
        out += "\xE2\x80\xA6";
        break;
      }
      ++points;
    }
    switch (ch) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '&': out += "#amp;"; break;
      case '`': out += "#96;"; break;
      default: out += c < 0x20 || c == 0x7F ? ' ' : ch;
    }
  }
  out += '"';
  return out;
}

}  // namespace

std::string mermaid(const Graph& graph, std::span<const NodeId> nodes_in, std::span<const RelationshipId> rels_in,
                    const MermaidOptions& options) {
  std::vector<NodeId> nodes(nodes_in.begin(), nodes_in.end());
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  if (nodes.size() > options.max_nodes && !options.force) {
    throw Error(ErrorCode::InvalidArgument,
                "a Mermaid chart of " + std::to_string(nodes.size()) + " notes would not render; draw a part of the " +
                    "graph (kg neighbors NOTE --format mermaid, kg path FROM TO --format mermaid) or pass --force");
  }
  std::unordered_map<std::uint32_t, std::size_t> number;
  for (std::size_t i = 0; i < nodes.size(); ++i) number.emplace(static_cast<std::uint32_t>(nodes[i]), i);
  std::map<std::string, std::vector<std::size_t>> by_type;
  for (std::size_t i = 0; i < nodes.size(); ++i) by_type[std::string(graph.node(nodes[i]).type)].push_back(i);
  std::string out = "flowchart " + options.direction + "\n";
  std::vector<std::size_t> ghosts;
  std::size_t group = 0;
  for (const auto& [type, members] : by_type) {
    const bool boxed = options.subgraphs && by_type.size() > 1;
    if (boxed) out += "  subgraph t" + std::to_string(group++) + "[" + mermaid_label(type) + "]\n";
    for (const std::size_t i : members) {
      const Node n = graph.node(nodes[i]);
      out += (boxed ? "    n" : "  n") + std::to_string(i) + "[" + mermaid_label(n.title) + "]\n";
      if (n.kind == NodeKind::Ghost) ghosts.push_back(i);
    }
    if (boxed) out += "  end\n";
  }
  std::vector<RelationshipId> rels(rels_in.begin(), rels_in.end());
  std::sort(rels.begin(), rels.end());
  rels.erase(std::unique(rels.begin(), rels.end()), rels.end());
  for (const RelationshipId id : rels) {
    const Relationship r = graph.relationship(id);
    const auto from = number.find(static_cast<std::uint32_t>(r.source));
    const auto to = number.find(static_cast<std::uint32_t>(r.target));
    if (from == number.end() || to == number.end()) continue;
    out += "  n" + std::to_string(from->second) + (r.implied ? " -.->|" : " -->|") + mermaid_label(r.relation) +
           "| n" + std::to_string(to->second) + "\n";
  }
  if (!ghosts.empty()) {
    out += "  classDef ghost stroke-dasharray: 4 3\n  class ";
    for (std::size_t k = 0; k < ghosts.size(); ++k) out += (k ? ",n" : "n") + std::to_string(ghosts[k]);
    out += " ghost\n";
  }
  return out;
}

std::string mermaid(const Graph& graph, const MermaidOptions& options) {
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < graph.node_count(); ++i) nodes.push_back(NodeId{static_cast<std::uint32_t>(i)});
  std::vector<RelationshipId> rels;
  for (std::size_t i = 0; i < graph.relationship_count(); ++i) rels.push_back(RelationshipId{static_cast<std::uint32_t>(i)});
  return mermaid(graph, nodes, rels, options);
}

}  // namespace kg::io
