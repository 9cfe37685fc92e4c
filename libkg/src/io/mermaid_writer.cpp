#include <kg/io/mermaid.hpp>

#include "io/selection.hpp"
#include "util/utf8.hpp"

#include <kg/error.hpp>


namespace kg::io {

namespace {

// A label in double quotes, where Mermaid reads `#name;` and `#code;` entities: quotes,
// `#`, `<`, `>`, `&`, `%` and backquotes become entities, line breaks and other control
// characters (C0, C1, U+2028, U+2029) spaces, and a label is cut at 60 code points (with …).
std::string mermaid_label(std::string_view text) {
  const std::string valid = util::valid_utf8(text);
  std::string out = "\"";
  std::size_t points = 0;
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const char ch = valid[i];
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0u) != 0x80u) {
      if (points == 60) {
        out += "\xE2\x80\xA6";
        break;
      }
      ++points;
    }
    if (const std::size_t n = util::unicode_control_at(valid, i); n > 0) {
      out += ' ';
      i += n - 1;
      continue;
    }
    switch (ch) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '&': out += "#amp;"; break;
      case '%': out += "#37;"; break;  // `%%` opens a comment or a directive
      case '`': out += "#96;"; break;
      default: out += c < 0x20 || c == 0x7F ? ' ' : ch;
    }
  }
  out += '"';
  return out;
}

std::string chart(const Graph& graph, const Selection& sel, const MermaidOptions& options) {
  const auto refuse = [](const std::string& what) {
    throw Error(ErrorCode::InvalidArgument,
                "a Mermaid chart of " + what + " would not render; draw a part of the graph (kg export --format "
                "mermaid --focus NOTE --depth 1, kg path FROM TO --format mermaid) or pass --force");
  };
  if (sel.nodes.size() > options.max_nodes && !options.force) refuse(std::to_string(sel.nodes.size()) + " notes");
  if (sel.arrows.size() > options.max_arrows && !options.force) {
    refuse(std::to_string(sel.arrows.size()) + " arrows (Mermaid draws " + std::to_string(options.max_arrows) + ")");
  }
  std::string out = "flowchart " + options.direction + "\n";
  std::vector<std::size_t> ghosts;
  std::size_t group = 0;
  for (const auto& [type, members] : sel.by_type) {
    const bool boxed = options.subgraphs && sel.by_type.size() > 1;
    if (boxed) out += "  subgraph t" + std::to_string(group++) + "[" + mermaid_label(type) + "]\n";
    for (const std::size_t i : members) {
      const Node n = graph.node(sel.nodes[i]);
      out += (boxed ? "    n" : "  n") + std::to_string(i) + "[" + mermaid_label(n.title) + "]\n";
      if (n.kind == NodeKind::Ghost) ghosts.push_back(i);
    }
    if (boxed) out += "  end\n";
  }
  for (const Selection::Arrow& a : sel.arrows) {
    const Relationship r = graph.relationship(a.id);
    out += "  n" + std::to_string(a.from) + (r.implied ? " -.->|" : " -->|") + mermaid_label(r.relation) + "| n" +
           std::to_string(a.to) + "\n";
  }
  if (!ghosts.empty()) {
    out += "  classDef ghost stroke-dasharray: 4 3\n  class ";
    for (std::size_t k = 0; k < ghosts.size(); ++k) out += (k ? ",n" : "n") + std::to_string(ghosts[k]);
    out += " ghost\n";
  }
  if (out.size() > options.max_text && !options.force) {
    refuse(std::to_string(out.size()) + " characters (Mermaid reads " + std::to_string(options.max_text) + ")");
  }
  return out;
}

}  // namespace

std::string mermaid(const Graph& graph, std::span<const NodeId> nodes, std::span<const RelationshipId> relationships,
                    const MermaidOptions& options) {
  return chart(graph, select(graph, nodes, relationships), options);
}

std::string mermaid(const Graph& graph, const MermaidOptions& options) {
  return chart(graph, select_all(graph), options);
}

}  // namespace kg::io
