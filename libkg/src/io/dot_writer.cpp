#include <kg/io/dot.hpp>

#include "io/columns.hpp"
#include "io/selection.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <map>

namespace kg::io {

namespace {

// Graphviz reads a quoted string up to an unescaped quote and gives a backslash sequences
// (\n, \l, \N...) their meaning: quotes and backslashes are escaped, line breaks become
// \n, other control characters (C0, C1, U+2028, U+2029) a space, invalid UTF-8 and the
// noncharacters U+FFFE and U+FFFF U+FFFD, and a label is cut at `limit` code points (with
// …) so no title runs past what Graphviz lays out. A tooltip's backslashes are read twice
// (`\\N` still becomes the node's name there), so `backslashes` is 4 for one. Appends to
// `out`: the writers build one string for the whole diagram.
void append_dot_string(std::string& out, std::string_view text, std::size_t limit = 0, int backslashes = 2) {
  std::string repaired;
  std::string_view valid = text;
  if (!util::is_valid_utf8(text)) {
    repaired = util::valid_utf8(text);
    valid = repaired;
  }
  out += '"';
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
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else if (const std::size_t n = util::unicode_control_at(valid, i); n > 0) {
      out += ' ';
      i += n - 1;
    } else if (c == 0xEF && valid.substr(i, 2) == "\xEF\xBF" && i + 2 < valid.size() &&
               (static_cast<unsigned char>(valid[i + 2]) & 0xFE) == 0xBE) {
      out += "\xEF\xBF\xBD";  // U+FFFE and U+FFFF: no XML may hold them, and SVG is XML
      i += 2;
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out.append(static_cast<std::size_t>(backslashes), '\\');
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string dot_string(std::string_view text, std::size_t limit = 0) {
  std::string out;
  append_dot_string(out, text, limit);
  return out;
}

// A URL component: unreserved characters as they are, every other byte as %XX ('/' kept
// where `keep_slash`).
std::string percent_encoded(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~' || (keep_slash && c == '/');
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Where a node links to, or "" for none.
std::string link_of(const Node& n, const DotOptions& options) {
  if (n.kind == NodeKind::Ghost) return {};
  switch (options.links) {
    case DotOptions::Links::None: return {};
    case DotOptions::Links::Obsidian:
      // `&amp;`: Graphviz copies a URL into SVG without escaping an `&` that is not
      // written as an entity, which would leave the SVG ill-formed.
      return "obsidian://open?vault=" + percent_encoded(options.vault_name, false) +
             "&amp;file=" + percent_encoded(n.id, false);
    case DotOptions::Links::Relative: return percent_encoded(options.link_base, true) + percent_encoded(n.id, true);
  }
  return {};
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

// The diagram of a selection.
std::string draw(const Graph& graph, const Selection& sel, const DotOptions& options) {
  // Types in name order get colours and shapes in turn: a vault's diagrams agree.
  std::map<std::string, Style> styles;
  std::size_t k = 0;
  for (const auto& [type, members] : sel.by_type) {
    Style s{kColours[k % std::size(kColours)], kShapes[k % std::size(kShapes)]};
    if (type == "ghost") s = {"#bbbbbb", "ellipse"};
    if (type == "attachment") s = {"#999999", "note"};
    styles.emplace(type, s);
    ++k;
  }
  std::string layout = options.layout;
  if (layout.empty()) {
    layout = sel.nodes.size() > options.sfdp_above || sel.arrows.size() > options.sfdp_above_arrows ? "sfdp" : "dot";
  }
  // Curved edges cost the force-directed layouts minutes past a few hundred arrows (sfdp: 400
  // notes and 1,600 arrows took over a minute, straight in 0.3 s); dot routes them cheaply.
  const bool ranked = layout == "dot";

  std::string out = "digraph kg {\n";
  out += "  graph [rankdir=" + dot_string(options.rankdir) + ", layout=" + dot_string(layout) +
         ", fontname=\"Helvetica\", newrank=true, overlap=false, splines=" + (ranked ? "true" : "false");
  if (!options.size.empty()) out += ", size=" + dot_string(options.size);
  out += "];\n";
  out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=\"#ffffff\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  const auto node_line = [&](std::size_t i, const std::string& indent) {
    const Node n = graph.node(sel.nodes[i]);
    const Style& s = styles.at(std::string(n.type));
    out += indent;
    out += 'n';
    out += std::to_string(i);
    out += " [label=";
    append_dot_string(out, n.title, kLabel);
    out += ", shape=" + s.shape + ", color=";
    append_dot_string(out, s.colour);
    out += ", tooltip=";
    append_dot_string(out, n.id, kTooltip, 4);
    if (n.kind == NodeKind::Ghost) out += ", style=\"dotted,filled\"";
    if (const std::string url = link_of(n, options); !url.empty()) {
      out += ", URL=";
      append_dot_string(out, url);
    }
    out += "];\n";
  };
  std::size_t cluster = 0;
  for (const auto& [type, members] : sel.by_type) {
    const bool boxed = options.clusters && sel.by_type.size() > 1;
    const std::string indent = boxed ? "    " : "  ";
    if (boxed) {
      out += "  subgraph cluster_" + std::to_string(cluster++) + " {\n    label=" + dot_string(type, kLabel) +
             "; color=" + dot_string(styles.at(type).colour) + "; style=rounded;\n";
    }
    for (const std::size_t i : members) node_line(i, indent);
    if (boxed) out += "  }\n";
  }
  std::string where;
  for (const Selection::Arrow& a : sel.arrows) {
    const Relationship r = graph.relationship(a.id);
    where.clear();
    append_provenance(where, graph, r);
    out += "  n";
    out += std::to_string(a.from);
    out += " -> n";
    out += std::to_string(a.to);
    out += " [label=";
    append_dot_string(out, r.relation, kLabel);
    out += ", tooltip=";
    append_dot_string(out, where, kTooltip, 4);
    if (r.implied) out += ", style=dashed";
    out += "];\n";
  }
  if (options.legend && ranked && !sel.by_type.empty()) {  // force-directed layouts scatter a legend
    out += "  subgraph cluster_legend {\n    label=\"types\"; style=rounded; color=\"#cccccc\";\n";
    std::size_t j = 0;
    for (const auto& [type, members] : sel.by_type) {
      const Style& s = styles.at(type);
      out += "    legend" + std::to_string(j++) + " [label=" + dot_string(type, kLabel) + ", shape=" + s.shape +
             ", color=" + dot_string(s.colour) + (type == "ghost" ? ", style=\"dotted,filled\"" : "") + "];\n";
    }
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

}  // namespace

std::string dot(const Graph& graph, std::span<const NodeId> nodes, std::span<const RelationshipId> relationships,
                const DotOptions& options) {
  return draw(graph, select(graph, nodes, relationships), options);
}

std::string dot(const Graph& graph, const DotOptions& options) { return draw(graph, select_all(graph), options); }

}  // namespace kg::io
