// kg resolve, kg links and kg backlinks: how links resolve and which edges a note has.
#include "cli.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>

namespace kg::cli {

int cmd_resolve(const Args& args) {
  if (args.positional.empty()) throw UsageError("resolve needs at least one LINK");
  const Graph graph = load(args);
  std::vector<Resolution> results;
  for (const auto& link : args.positional) results.push_back(graph.resolve(link, args.from.value_or("")));
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
  const NodeId node = graph.lookup(args.positional[0]);
  const std::vector<EdgeId> edges = outgoing ? graph.out_edges(node) : graph.in_edges(node);
  if (args.json) {
    std::cout << io::edges_json(graph, node, edges, 2) << '\n';
    return kOk;
  }
  std::vector<std::array<std::string, 4>> rows;
  for (const auto id : edges) {
    const Edge& e = graph.edge(id);
    const Node& other = graph.node(outgoing ? e.target : e.source);
    rows.push_back({std::string(e.relation), printable(other.id),
                    printable(graph.node(e.file).id) + ":" + std::to_string(e.line) + ":" +
                        std::to_string(e.col),
                    std::string(to_string(e.origin)) +
                        (e.implied ? " (implied: " + std::string(to_string(e.inference)) + ")"
                                   : "")});
  }
  std::array<std::size_t, 4> width{8, 4, 4, 6};
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < 4; ++c) width[c] = std::max(width[c], r[c].size());
  }
  if (!args.quiet) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(width[0]), "relation",
                static_cast<int>(width[1]), outgoing ? "target" : "source",
                static_cast<int>(width[2]), "at", "origin");
  }
  for (const auto& r : rows) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(width[0]), r[0].c_str(),
                static_cast<int>(width[1]), r[1].c_str(), static_cast<int>(width[2]),
                r[2].c_str(), r[3].c_str());
  }
  if (!args.quiet) {
    std::cerr << rows.size() << (outgoing ? " outgoing" : " incoming") << " edges of "
              << printable(graph.node(node).id) << '\n';
  }
  return kOk;
}

}  // namespace kg::cli
