// kg resolve, kg links and kg backlinks: how links resolve and which edges a note has.
#include "cli.hpp"

#include <iostream>

namespace kg::cli {
namespace {

std::string place(const Graph& graph, const Edge& e) {
  return printable(graph.node(e.file).id) + ":" + std::to_string(e.line) + ":" +
         std::to_string(e.col);
}

std::string origin(const Edge& e) {
  std::string text(to_string(e.origin));
  if (e.implied) text += " (implied: " + std::string(to_string(e.inference)) + ")";
  return text;
}

}  // namespace

int cmd_resolve(const Args& args) {
  if (args.positional.empty()) throw UsageError("resolve needs at least one LINK");
  const Graph graph = load(args);
  std::string from;
  if (args.from) from = graph.node(note_argument(graph, args, *args.from)).id;
  std::vector<Resolution> results;
  for (const auto& link : args.positional) results.push_back(graph.resolve(link, from));
  bool all = true;
  for (const auto& r : results) all = all && r.resolved;
  if (args.json) {
    std::cout << io::resolutions_json(results, 2) << '\n';
    return all ? kOk : kProblems;
  }
  for (const auto& r : results) {
    std::string line = printable(r.link) + " -> ";
    if (r.resolved) {
      line += printable(*r.target) + "  (via " + std::string(to_string(r.via)) + ")";
      if (r.ambiguous) {
        std::string list;
        for (const auto& c : r.candidates) list += (list.empty() ? "" : ", ") + printable(c);
        line += "  ambiguous: " + list;
      }
    } else {
      line += "unresolved (" + r.reason.value_or("not-found") + ")";
    }
    if (r.subpath) {
      line += "  " + printable(*r.subpath) + ": " + std::string(to_string(r.subpath_status));
    }
    std::cout << line << '\n';
  }
  return all ? kOk : kProblems;
}

int cmd_edges(const Args& args, bool outgoing) {
  if (args.positional.size() != 1) {
    throw UsageError(std::string(outgoing ? "links" : "backlinks") + " needs exactly one NOTE");
  }
  const Graph graph = load(args);
  const NodeId node = note_argument(graph, args, args.positional[0]);
  const std::vector<EdgeId> edges = outgoing ? graph.out_edges(node) : graph.in_edges(node);
  if (args.json) {
    std::cout << io::edges_json(graph, node, edges, 2) << '\n';
    return kOk;
  }
  Table table({"relation", outgoing ? "target" : "source", "at", "origin"});
  for (const auto id : edges) {
    const Edge& e = graph.edge(id);
    table.add({printable(e.relation), printable(graph.node(outgoing ? e.target : e.source).id),
               place(graph, e), origin(e)});
  }
  table.print(std::cout, !args.quiet);
  if (!args.quiet) {
    std::cerr << plural(edges.size(), outgoing ? "outgoing edge" : "incoming edge") << " of "
              << printable(graph.node(node).id) << '\n';
  }
  return kOk;
}

}  // namespace kg::cli
