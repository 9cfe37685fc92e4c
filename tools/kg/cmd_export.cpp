// kg export: the graph, or the part of it a focus, the filters or a view keep, for other
// tools: node-link JSON, Cytoscape JSON, GraphML, Neo4j CSV, Cypher scripts, and diagrams
// (DOT, SVG, PNG, Mermaid).
#include "cli.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_set>

namespace kg::cli {
namespace {

constexpr std::string_view kFormats[] = {"json", "cytoscape", "graphml", "csv", "cypher", "dot", "svg", "png", "mermaid"};

// The view --view names, its settings filling the flags the command line left unset.
Args with_view(const Graph& graph, Args args) {
  const auto& views = graph.views();
  const auto it = std::find_if(views.begin(), views.end(), [&](const ViewSpec& v) { return v.name == *args.view; });
  if (it == views.end()) {
    std::string known;
    for (const ViewSpec& v : views) known += (known.empty() ? "" : ", ") + v.name;
    throw UsageError("kg.yaml has no view '" + *args.view + "'" +
                     (known.empty() ? std::string(" (it names none)") : " (it names: " + known + ")"));
  }
  const ViewSpec& v = *it;
  if (args.focus.empty()) args.focus = v.focus;
  if (!args.depth) args.depth = v.depth;
  if (!args.direction && !v.direction.empty()) args.direction = v.direction;
  if (args.relations.empty()) args.relations = v.relations;
  if (args.types.empty()) args.types = v.types;
  if (!args.as_of && !v.as_of.empty()) args.as_of = v.as_of;
  if (!v.implied) args.walk_implied = false;
  if (!v.ghosts) args.no_ghosts = true;
  if (!args.max_nodes && v.max_nodes) args.max_nodes = v.max_nodes;
  if (args.format.empty()) args.format = v.format.empty() ? "dot" : v.format;
  if (!args.rankdir && !v.rankdir.empty()) args.rankdir = v.rankdir;
  if (!args.layout && !v.layout.empty()) args.layout = v.layout;
  if (!args.size && !v.size.empty()) args.size = v.size;
  if (v.clusters == false) args.no_clusters = true;
  if (v.legend == false) args.no_legend = true;
  return args;
}

bool filtered(const Args& args) {
  return !args.focus.empty() || !args.relations.empty() || !args.types.empty() || args.as_of || args.no_ghosts ||
         !args.avoid.empty() || args.max_nodes || !args.walk_implied || is_diagram(args.format);
}

// What the export holds: the focus's ego graph or the filtered vault, cut to the node cap.
Subgraph selection(const Graph& graph, const Args& args) {
  const TraversalOptions options = traversal_options(graph, args, Direction::Both);
  std::size_t cap = args.max_nodes.value_or(is_diagram(args.format) && args.format != "mermaid" ? kDiagramNodes : 0);
  Subgraph out;
  if (!args.focus.empty()) {
    std::vector<NodeId> starts;
    for (const std::string& note : args.focus) starts.push_back(note_argument(graph, args, note));
    const EgoGraph ego = ego_graph(graph, starts, args.depth.value_or(1), options, cap);
    for (const EgoNode& n : ego.nodes) out.nodes.push_back(n.node);
    std::sort(out.nodes.begin(), out.nodes.end());
    out.relationships = ego.relationships;
    out.complete = ego.complete;
    out.total_nodes = out.nodes.size();
  } else {
    out = filtered_graph(graph, options);
    if (!args.relations.empty()) {
      // Asked for some relations, the notes that have none of them are not part of the answer.
      std::unordered_set<std::uint32_t> related;
      for (const RelationshipId id : out.relationships) {
        const Relationship r = graph.relationship(id);
        related.insert(static_cast<std::uint32_t>(r.source));
        related.insert(static_cast<std::uint32_t>(r.target));
      }
      std::erase_if(out.nodes, [&](NodeId n) { return !related.contains(static_cast<std::uint32_t>(n)); });
      out.total_nodes = out.nodes.size();
    }
    if (cap != 0) out = most_connected(graph, out, cap);
  }
  if (!out.complete && !args.quiet) {
    if (args.focus.empty()) {
      std::cerr << "kg: drew " << plural(out.nodes.size(), "note") << " of " << out.total_nodes
                << ", the most connected";
    } else {
      std::cerr << "kg: drew the " << plural(out.nodes.size(), "note") << " nearest the focus; more are within "
                << plural(args.depth.value_or(1), "hop");
    }
    std::cerr << " (--max-nodes " << cap << "; --max-nodes 0 draws all)\n";
  }
  return out;
}

io::CypherDialect dialect(const Args& args) {
  const std::string d = args.dialect.value_or("neo4j");
  if (d == "neo4j") return io::CypherDialect::Neo4j;
  if (d == "memgraph") return io::CypherDialect::Memgraph;
  if (d == "kuzu" || d == "ladybug") return io::CypherDialect::Kuzu;
  throw UsageError("--dialect is neo4j, memgraph or kuzu, not '" + d + "'");
}

}  // namespace

int cmd_export(const Args& given) {
  if (given.format.empty() && !given.view) {
    throw UsageError("export needs --format json, cytoscape, graphml, csv, cypher, dot, svg, png or mermaid");
  }
  if (given.dialect && given.format != "cypher") throw UsageError("--dialect applies to --format cypher");
  if (given.output && *given.output != "-") check_outside_vault(given, *given.output);
  const Graph& graph = load(given);
  const Args args = given.view ? with_view(graph, given) : given;
  if (std::find(std::begin(kFormats), std::end(kFormats), args.format) == std::end(kFormats)) {
    throw UsageError("unknown export format '" + args.format +
                     "' (json, cytoscape, graphml, csv, cypher, dot, svg, png, mermaid)");
  }
  const bool whole = !filtered(args);
  const Subgraph part = whole ? Subgraph{} : selection(graph, args);

  if (args.format == "csv") {
    if (!args.output || *args.output == "-") {
      throw UsageError("--format csv writes nodes.csv and relationships.csv: name their folder with -o DIR");
    }
    const std::filesystem::path folder = *args.output;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(ErrorCode::Io, "cannot create " + folder.string() + " (" + ec.message() + ")");
    const Subgraph& s = whole ? filtered_graph(graph) : part;
    write_file(args, folder / "nodes.csv", [&](std::ostream& out) { io::write_neo4j_nodes(graph, s, out); });
    write_file(args, folder / "relationships.csv",
               [&](std::ostream& out) { io::write_neo4j_relationships(graph, s, out); });
    if (!args.quiet) {
      std::cerr << "wrote " << (folder / "nodes.csv").string() << " (" << plural(s.nodes.size(), "node") << ") and "
                << (folder / "relationships.csv").string() << " (" << plural(s.relationships.size(), "relationship")
                << ")\n";
    }
    return kOk;
  }
  if (is_diagram(args.format)) {
    const std::string picture = diagram(graph, args, part.nodes, part.relationships);
    write_output(args, [&](std::ostream& out) { out << picture; }, args.format == "png");
    return kOk;
  }
  io::JsonOptions json;
  json.indent = 1;
  write_output(args, [&](std::ostream& out) {
    if (args.format == "json") {
      whole ? io::write_json(graph, out, json) : io::write_json(graph, part, out, json);
    } else if (args.format == "cytoscape") {
      io::write_cytoscape(graph, whole ? filtered_graph(graph) : part, out);
    } else if (args.format == "graphml") {
      whole ? io::write_graphml(graph, out) : io::write_graphml(graph, part, out);
    } else {
      io::CypherOptions options;
      options.dialect = dialect(args);
      io::write_cypher(graph, whole ? filtered_graph(graph) : part, out, options);
    }
  });
  return kOk;
}

}  // namespace kg::cli
