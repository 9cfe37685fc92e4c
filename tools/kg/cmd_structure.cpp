// kg rank, kg components, kg orphans and kg related: the graph's structure and its most
// central notes, over the relationships the filters keep.
#include "cli.hpp"

#include <cstdio>
#include <iostream>

namespace kg::cli {
namespace {

Value node_entry(const Graph& graph, NodeId id) {
  const Node n = graph.node(id);
  return json_object({{"id", json_string(n.id)},
                      {"title", json_string(n.title)},
                      {"type", json_string(n.type)}});
}

std::string score_text(double score, Centrality by) {
  if (by == Centrality::Degree || by == Centrality::InDegree || by == Centrality::OutDegree) {
    return std::to_string(static_cast<long long>(score));
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", score);
  return text;
}

}  // namespace

int cmd_rank(const Args& args) {
  Centrality by = Centrality::PageRank;
  const std::string name = args.by.value_or("pagerank");
  bool known = false;
  for (const Centrality c : {Centrality::Degree, Centrality::InDegree, Centrality::OutDegree,
                             Centrality::PageRank, Centrality::Betweenness}) {
    if (name == to_string(c)) {
      by = c;
      known = true;
    }
  }
  if (!known) {
    throw UsageError("--by is pagerank, betweenness, degree, in-degree or out-degree, not '" +
                     name + "'");
  }
  const Graph& graph = load(args);
  const TraversalOptions options = traversal_options(graph, args, Direction::Out);
  std::vector<RankedNode> ranking = rank(graph, by, options);
  const std::size_t top = args.top.value_or(args.json ? ranking.size() : 20);
  if (ranking.size() > top) ranking.resize(top);
  if (args.json) {
    Value list = json_list({});
    for (const RankedNode& r : ranking) {
      Value entry = node_entry(graph, r.node);
      entry.entries.emplace_back("score", by == Centrality::PageRank || by == Centrality::Betweenness
                                              ? Value::of_float(r.score)
                                              : Value::of_int(static_cast<std::int64_t>(r.score)));
      list.items.push_back(std::move(entry));
    }
    std::cout << json_text(json_object({{"ranking", std::move(list)}})) << '\n';
    return kOk;
  }
  Table table({"rank", std::string(to_string(by)), "note", "type"});
  for (std::size_t i = 0; i < ranking.size(); ++i) {
    const Node n = graph.node(ranking[i].node);
    table.add({std::to_string(i + 1), score_text(ranking[i].score, by), printable(n.id),
               printable(n.type)});
  }
  table.print(std::cout, !args.quiet);
  return kOk;
}

int cmd_components(const Args& args) {
  const Graph& graph = load(args);
  const TraversalOptions options = traversal_options(graph, args, Direction::Out);
  const auto components = args.strong ? strong_components(graph, options)
                                      : weak_components(graph, options);
  if (args.json) {
    Value list = json_list({});
    for (const auto& c : components) {
      Value ids = json_list({});
      for (const NodeId n : c) ids.items.push_back(json_string(graph.node(n).id));
      list.items.push_back(std::move(ids));
    }
    std::cout << json_text(json_object({{"components", std::move(list)}})) << '\n';
    return kOk;
  }
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& c = components[i];
    std::cout << "component " << i + 1 << " (" << plural(c.size(), "note") << "): ";
    const std::size_t shown = std::min<std::size_t>(c.size(), 8);
    for (std::size_t k = 0; k < shown; ++k) {
      std::cout << (k == 0 ? "" : ", ") << printable(graph.node(c[k]).title);
    }
    if (shown < c.size()) std::cout << ", ... " << c.size() - shown << " more";
    std::cout << '\n';
  }
  if (!args.quiet) {
    std::cerr << plural(components.size(), args.strong ? "strongly connected component"
                                                        : "weakly connected component")
              << '\n';
  }
  return kOk;
}

int cmd_orphans(const Args& args) {
  const Graph& graph = load(args);
  const TraversalOptions options = traversal_options(graph, args, Direction::Out);
  const std::vector<NodeId> nodes = args.dead_ends ? dead_ends(graph, options)
                                    : args.sources ? sources(graph, options)
                                                   : orphans(graph, options);
  if (args.json) {
    Value list = json_list({});
    for (const NodeId n : nodes) list.items.push_back(node_entry(graph, n));
    std::cout << json_text(json_object({{"nodes", std::move(list)}})) << '\n';
    return kOk;
  }
  Table table({"note", "type"});
  for (const NodeId id : nodes) {
    const Node n = graph.node(id);
    table.add({printable(n.id), printable(n.type)});
  }
  table.print(std::cout, !args.quiet);
  if (!args.quiet) {
    std::cerr << plural(nodes.size(), args.dead_ends ? "dead end"
                                      : args.sources ? "source"
                                                     : "orphan")
              << '\n';
  }
  return kOk;
}

int cmd_related(const Args& args) {
  if (args.positional.size() != 1) throw UsageError("related needs one NOTE");
  const Graph& graph = load(args);
  const NodeId node = note_argument(graph, args, args.positional[0]);
  const TraversalOptions options = traversal_options(graph, args, Direction::Both);
  std::vector<SharedCount> list = related(graph, node, options);
  const std::size_t top = args.top.value_or(args.json ? list.size() : 20);
  if (list.size() > top) list.resize(top);
  if (args.json) {
    Value entries = json_list({});
    for (const SharedCount& r : list) {
      Value entry = node_entry(graph, r.node);
      entry.entries.emplace_back("shared", Value::of_int(static_cast<std::int64_t>(r.shared)));
      entries.items.push_back(std::move(entry));
    }
    std::cout << json_text(json_object({{"related", std::move(entries)}})) << '\n';
    return kOk;
  }
  Table table({"shared", "note", "type"});
  for (const SharedCount& r : list) {
    const Node n = graph.node(r.node);
    table.add({std::to_string(r.shared), printable(n.id), printable(n.type)});
  }
  table.print(std::cout, !args.quiet);
  if (!args.quiet) {
    std::cerr << plural(list.size(), "note") << " two hops from " << printable(graph.node(node).id)
              << " and not linked to it, by neighbours shared\n";
  }
  return kOk;
}

}  // namespace kg::cli
