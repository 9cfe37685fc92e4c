// kg neighbors and kg path: ego graphs and shortest paths over relationships, each hop with
// the files and lines that state it.
#include "cli.hpp"

#include <iostream>

namespace kg::cli {

TraversalOptions traversal_options(const Graph& graph, const Args& args, Direction fallback) {
  TraversalOptions o;
  o.direction = fallback;
  if (args.direction) {
    if (*args.direction == "out") {
      o.direction = Direction::Out;
    } else if (*args.direction == "in") {
      o.direction = Direction::In;
    } else if (*args.direction == "both") {
      o.direction = Direction::Both;
    } else {
      throw UsageError("--direction is out, in or both, not '" + *args.direction + "'");
    }
  }
  o.relations = args.relations;
  o.types = args.types;
  o.ghosts = !args.no_ghosts;
  o.implied = args.walk_implied;
  if (args.as_of) o.as_of = *args.as_of;
  for (const std::string& note : args.avoid) o.avoid.push_back(note_argument(graph, args, note));
  o.max_degree = args.max_degree;
  return o;
}

int cmd_neighbors(const Args& args) {
  if (args.positional.empty()) throw UsageError("neighbors needs at least one NOTE");
  const Graph& graph = load(args);
  std::vector<NodeId> starts;
  for (const std::string& note : args.positional) starts.push_back(note_argument(graph, args, note));
  const TraversalOptions options = traversal_options(graph, args, Direction::Both);
  const std::uint32_t depth = args.depth.value_or(1);
  const EgoGraph ego = ego_graph(graph, starts, depth, options,
                                 args.max_nodes.value_or(is_diagram(args.format) && args.format != "mermaid" ? kDiagramNodes : 0));
  if (is_diagram(args.format)) {
    std::vector<NodeId> nodes;
    for (const EgoNode& n : ego.nodes) nodes.push_back(n.node);
    const std::string picture = diagram(graph, args, nodes, ego.relationships);
    write_output(args, [&](std::ostream& out) { out << picture; }, args.format == "png");
    if (!ego.complete && !args.quiet) std::cerr << "kg: the diagram is cut at --max-nodes\n";
    return kOk;
  }
  if (args.json) {
    Value nodes = json_list({});
    for (const EgoNode& n : ego.nodes) {
      const Node node = graph.node(n.node);
      nodes.items.push_back(json_object({{"id", json_string(node.id)},
                                         {"title", json_string(node.title)},
                                         {"type", json_string(node.type)},
                                         {"depth", Value::of_int(n.depth)}}));
    }
    Value edges = json_list({});
    for (const RelationshipId r : ego.relationships) edges.items.push_back(relationship_value(graph, r));
    std::cout << json_text(json_object({{"nodes", std::move(nodes)},
                                        {"edges", std::move(edges)},
                                        {"complete", Value::of_bool(ego.complete)}}))
              << '\n';
    return kOk;
  }
  Table table({"depth", "note", "type"});
  for (const EgoNode& n : ego.nodes) {
    const Node node = graph.node(n.node);
    table.add({std::to_string(n.depth), printable(node.id), printable(node.type)});
  }
  table.print(std::cout, !args.quiet);
  if (!ego.relationships.empty()) {
    std::cout << '\n';
    for (const RelationshipId r : ego.relationships) {
      std::cout << hop_line(graph, graph.relationship(r).source, r) << '\n';
    }
  }
  if (!args.quiet) {
    std::cerr << plural(ego.nodes.size(), "note") << " within " << plural(depth, "hop") << ", "
              << plural(ego.relationships.size(), "relationship") << " among them"
              << (ego.complete ? "" : " (cut at --max-nodes)") << '\n';
  }
  return kOk;
}

int cmd_path(const Args& args) {
  if (args.positional.size() != 2) throw UsageError("path needs FROM and TO");
  const Graph& graph = load(args);
  const NodeId from = note_argument(graph, args, args.positional[0]);
  const NodeId to = note_argument(graph, args, args.positional[1]);
  const TraversalOptions options = traversal_options(graph, args, Direction::Both);
  if (args.k && args.max_length) throw UsageError("path takes --k or --max-length, not both");
  const PathResult result =
      args.k            ? k_shortest_paths(graph, from, to, *args.k, options)
      : args.max_length ? simple_paths(graph, from, to, *args.max_length, options, 1000)
      : args.all        ? all_shortest_paths(graph, from, to, options, 1000)
                        : shortest_path(graph, from, to, options);
  if (is_diagram(args.format)) {  // every path found, in one diagram
    std::vector<NodeId> nodes;
    std::vector<RelationshipId> hops;
    for (const Path& p : result.paths) {
      nodes.insert(nodes.end(), p.nodes.begin(), p.nodes.end());
      hops.insert(hops.end(), p.hops.begin(), p.hops.end());
    }
    if (result.paths.empty()) return kProblems;
    const std::string picture = diagram(graph, args, nodes, hops);
    write_output(args, [&](std::ostream& out) { out << picture; }, args.format == "png");
    return kOk;
  }
  if (args.json) {
    Value paths = json_list({});
    for (const Path& p : result.paths) {
      Value nodes = json_list({});
      for (const NodeId n : p.nodes) nodes.items.push_back(json_string(graph.node(n).id));
      Value edges = json_list({});
      for (const RelationshipId r : p.hops) edges.items.push_back(relationship_value(graph, r));
      paths.items.push_back(json_object({{"nodes", std::move(nodes)}, {"edges", std::move(edges)}}));
    }
    std::cout << json_text(json_object({{"paths", std::move(paths)}})) << '\n';
    return result.paths.empty() ? kProblems : kOk;
  }
  if (result.paths.empty()) {
    if (!args.quiet) {
      std::cerr << "no path from " << printable(graph.node(from).id) << " to "
                << printable(graph.node(to).id) << " (direction "
                << to_string(options.direction) << ")\n";
    }
    return kProblems;
  }
  for (std::size_t i = 0; i < result.paths.size(); ++i) {
    const Path& p = result.paths[i];
    if (result.paths.size() > 1) {
      std::cout << (i == 0 ? "" : "\n") << "path " << i + 1 << " of " << result.paths.size()
                << " (" << plural(p.hops.size(), "hop") << ")\n";
    }
    for (std::size_t h = 0; h < p.hops.size(); ++h) {
      std::cout << hop_line(graph, p.nodes[h], p.hops[h]) << '\n';
    }
    if (p.hops.empty()) std::cout << printable(graph.node(p.nodes[0]).title) << '\n';
  }
  if (!args.quiet) {
    const bool ranked = args.k || args.max_length;
    std::cerr << plural(result.paths.size(), ranked ? "path" : "shortest path");
    if (!ranked) std::cerr << " of " << plural(result.paths.front().hops.size(), "hop");
    std::cerr << (result.complete ? "" : " (more exist)") << '\n';
  }
  return kOk;
}

}  // namespace kg::cli
