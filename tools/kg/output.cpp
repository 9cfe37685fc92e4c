// Text output shared by the commands.
#include "cli.hpp"
#include "text_width.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <cstdio>
#include <cstdlib>

namespace kg::cli {

bool color_enabled() {
  // no-color.org: an empty NO_COLOR is the same as none.
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && ::isatty(STDOUT_FILENO) == 1;
}

std::string paint(std::string_view text, const char* sgr, bool on) {
  if (!on) return std::string(text);
  std::string out = "\033[";
  out += sgr;
  out += 'm';
  out += text;
  out += "\033[0m";
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  std::string out = std::to_string(n);
  out += ' ';
  if (n == 1) {
    out += one;
  } else if (many.empty()) {
    out += one;
    out += 's';
  } else {
    out += many;
  }
  return out;
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t used = display_width(text);
  if (used < width) out.append(width - used, ' ');
  return out;
}

Table::Table(std::vector<std::string> header) : header_(std::move(header)) {}

void Table::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out, bool header) const {
  // Widths in terminal columns, the header's included, so the header lines up with the data.
  std::vector<std::size_t> width(header_.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], display_width(row[c]));
    }
  };
  if (header) measure(header_);
  for (const auto& row : rows_) measure(row);
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c + 1 < row.size()) {
        text += pad(row[c], width[c]);
        text += "  ";
      } else {
        text += row[c];
      }
    }
    // An empty last cell leaves no trailing blanks.
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  if (header) line(header_);
  for (const auto& row : rows_) line(row);
}

namespace {

void append_json(std::string& out, const Value& v, int indent, int depth) {
  const auto newline = [&](int level) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * level), ' ');
  };
  switch (v.kind) {
    case Value::Kind::List: {
      if (v.items.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        append_json(out, v.items[i], indent, depth + 1);
      }
      newline(depth);
      out += ']';
      return;
    }
    case Value::Kind::Map: {
      if (v.entries.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      for (std::size_t i = 0; i < v.entries.size(); ++i) {
        if (i > 0) out += ',';
        newline(depth + 1);
        out += to_json(Value::of_string(v.entries[i].first));
        out += indent < 0 ? ":" : ": ";
        append_json(out, v.entries[i].second, indent, depth + 1);
      }
      newline(depth);
      out += '}';
      return;
    }
    default:
      out += to_json(v);  // scalars: the library's escaping and number format
      return;
  }
}

}  // namespace

std::string json_text(const Value& value, int indent) {
  std::string out;
  append_json(out, value, indent, 0);
  return out;
}

Value json_string(std::string_view s) { return Value::of_string(std::string(s)); }

Value json_list(std::span<const std::string_view> items) {
  Value v;
  v.kind = Value::Kind::List;
  for (const auto& item : items) v.items.push_back(json_string(item));
  return v;
}

Value json_object(std::vector<std::pair<std::string, Value>> entries) {
  Value v;
  v.kind = Value::Kind::Map;
  v.entries = std::move(entries);
  return v;
}

Value json_object(const PropertyList& entries) {
  return json_object(entries.to_properties());
}

// Where a relationship is first stated: `file:line`.
std::string first_place(const Graph& graph, const Relationship& r) {
  const Edge first = graph.edge(r.statements.front());
  return printable(graph.node(first.file).id) + ":" + std::to_string(first.line);
}

// {"source", "target", "relation", "implied", "properties", "statements": [{"file", "line",
// "col", "origin"}]}
Value relationship_value(const Graph& graph, RelationshipId id) {
  const Relationship r = graph.relationship(id);
  Value statements = json_list({});
  for (const EdgeId e : r.statements) {
    const Edge edge = graph.edge(e);
    statements.items.push_back(json_object({{"file", json_string(graph.node(edge.file).id)},
                                            {"line", Value::of_int(edge.line)},
                                            {"col", Value::of_int(edge.col)},
                                            {"origin", json_string(to_string(edge.origin))}}));
  }
  return json_object({{"source", json_string(graph.node(r.source).id)},
                      {"target", json_string(graph.node(r.target).id)},
                      {"relation", json_string(r.relation)},
                      {"implied", Value::of_bool(r.implied)},
                      {"properties", json_object(r.properties)},
                      {"statements", std::move(statements)}});
}

// One hop as a line: `Alibaba -supplier-> NVIDIA (companies/Alibaba.md:12)`, or with the
// arrow reversed when the walk went against the relationship.
std::string hop_line(const Graph& graph, NodeId from, RelationshipId id) {
  const Relationship r = graph.relationship(id);
  const bool forward = r.source == from;
  const NodeId to = forward ? r.target : r.source;
  std::string line = printable(graph.node(from).title);
  line += forward ? " -" + printable(r.relation) + "-> " : " <-" + printable(r.relation) + "- ";
  line += printable(graph.node(to).title);
  line += " (" + first_place(graph, r);
  if (r.statements.size() > 1) line += ", " + plural(r.statements.size(), "statement");
  if (r.implied) line += ", implied";
  line += ")";
  return line;
}

bool is_diagram(std::string_view format) {
  return format == "dot" || format == "svg" || format == "png" || format == "mermaid";
}

namespace {

// The folder a picture is written to: -o's, or the current one.
std::filesystem::path picture_folder(const Args& args) {
  std::error_code ec;
  if (args.output && *args.output != "-") {
    return std::filesystem::weakly_canonical(std::filesystem::absolute(*args.output, ec), ec).parent_path();
  }
  return std::filesystem::current_path(ec);
}

}  // namespace

std::string diagram(const Graph& graph, const Args& args, std::span<const NodeId> nodes_in,
                    std::span<const RelationshipId> relationships_in) {
  // A Graphviz diagram of more notes than the cap keeps the most connected ones (Mermaid
  // refuses instead, unless forced).
  Subgraph drawn;
  drawn.nodes.assign(nodes_in.begin(), nodes_in.end());
  std::sort(drawn.nodes.begin(), drawn.nodes.end());
  drawn.nodes.erase(std::unique(drawn.nodes.begin(), drawn.nodes.end()), drawn.nodes.end());
  drawn.relationships.assign(relationships_in.begin(), relationships_in.end());
  std::sort(drawn.relationships.begin(), drawn.relationships.end());
  drawn.relationships.erase(std::unique(drawn.relationships.begin(), drawn.relationships.end()),
                            drawn.relationships.end());
  const std::size_t cap = args.max_nodes.value_or(kDiagramNodes);
  if (args.format != "mermaid" && cap != 0 && drawn.nodes.size() > cap) {
    drawn = most_connected(graph, drawn, cap);
    if (!args.quiet) {
      std::cerr << "kg: drew " << plural(drawn.nodes.size(), "note") << " of " << drawn.total_nodes
                << ", the most connected (--max-nodes " << cap << "; --max-nodes 0 draws all)\n";
    }
  }
  const std::span<const NodeId> nodes = drawn.nodes;
  const std::span<const RelationshipId> relationships = drawn.relationships;
  if (args.format == "mermaid") {
    io::MermaidOptions options;
    options.force = args.force;
    if (args.rankdir) options.direction = *args.rankdir;
    options.subgraphs = !args.no_clusters;
    return io::mermaid(graph, nodes, relationships, options);
  }
  io::DotOptions options;
  if (args.rankdir) options.rankdir = *args.rankdir;
  if (args.layout) options.layout = *args.layout;
  if (args.size) options.size = *args.size;
  options.clusters = !args.no_clusters;
  options.legend = !args.no_legend;
  if (args.format == "svg") {
    std::error_code ec;
    const auto vault = std::filesystem::weakly_canonical(std::filesystem::absolute(args.vault, ec), ec);
    if (args.links.value_or("relative") == "obsidian") {
      options.links = io::DotOptions::Links::Obsidian;
      options.vault_name = vault.filename().string();
    } else {
      options.links = io::DotOptions::Links::Relative;
      options.link_base = vault.lexically_relative(picture_folder(args)).generic_string();
      if (options.link_base == ".") options.link_base.clear();
      if (!options.link_base.empty()) options.link_base += '/';
    }
  }
  std::string text = io::dot(graph, nodes, relationships, options);
  if (args.format == "svg") return io::render(text, io::ImageFormat::Svg);
  if (args.format == "png") return io::render(text, io::ImageFormat::Png);
  return text;
}

void check_outside_vault(const Args& args, const std::filesystem::path& path) {
  // Absolute first: weakly_canonical leaves a relative path whose first part does not exist
  // (a bare `out.json`) relative, and it would never compare as inside.
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(std::filesystem::absolute(args.vault, ec), ec);
  const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  auto r = root.begin();
  auto t = target.begin();
  for (; r != root.end(); ++r, ++t) {
    if (t == target.end() || *r != *t) return;
  }
  throw Error(ErrorCode::OutputInsideVault, "refusing to write " + path.string() + " inside the vault");
}

void write_file(const Args& args, const std::filesystem::path& target, const std::function<void(std::ostream&)>& write) {
  check_outside_vault(args, target);
  std::filesystem::path partial = target;
  partial += ".kg-partial-" + std::to_string(::getpid());
  const auto discard = [&partial] {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
  };
  try {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (out) write(out);
    out.flush();
    if (!out) throw std::ios_base::failure("write failed");
  } catch (const std::ios_base::failure&) {
    // A full disk or a vanished folder, seen by the stream mid-document.
    discard();
    throw Error(ErrorCode::Io, "cannot write " + target.string());
  } catch (...) {
    discard();  // out of memory or any other failure: no half-written file stays behind
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(partial, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw Error(ErrorCode::Io, "cannot write " + target.string() + " (" + ec.message() + ")");
  }
}

void write_output(const Args& args, const std::function<void(std::ostream&)>& write, bool binary) {
  if (args.output && *args.output != "-") {
    write_file(args, *args.output, write);
    return;
  }
  if (binary && ::isatty(STDOUT_FILENO)) {
    throw UsageError("a " + args.format + " picture is binary: write it to a file with -o FILE");
  }
  write(std::cout);
  std::cout.flush();
}

}  // namespace kg::cli
