// kg resolve, kg links and kg backlinks: how links resolve and which edges a note has.
#include "cli.hpp"

#include <cstdint>
#include <iostream>
#include <map>
#include <tuple>

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

Value node_value(const Node& n) {
  std::vector<std::pair<std::string, Value>> fields = {
      {"id", json_string(n.id)},
      {"kind", json_string(to_string(n.kind))},
      {"title", json_string(n.title)},
      {"type", json_string(n.type)}};
  if (n.kind == NodeKind::Note) {
    fields.emplace_back("aliases", json_list(n.aliases));
    fields.emplace_back("tags", json_list(n.tags));
    fields.emplace_back("properties", json_object(n.properties));
    fields.emplace_back("external_links", json_list(n.external_links));
  }
  return json_object(std::move(fields));
}

// {"node": {...}, "relationships": [{"id", "source", "target", "relation", "implied",
// "properties", "count", "statements": [{"edge", "file", "line", "col", "origin", "raw",
// "section", "properties"}]}]}. (Built here from kg::Value until kg::io writes
// relationships.)
std::string relationships_json(const Graph& graph, NodeId node,
                               const std::vector<RelationshipId>& relationships) {
  Value list = json_list({});
  for (const RelationshipId rid : relationships) {
    const Relationship r = graph.relationship(rid);
    Value statements = json_list({});
    for (const EdgeId id : r.statements) {
      const Edge& e = graph.edge(id);
      std::vector<std::pair<std::string, Value>> s = {
          {"edge", Value::of_int(static_cast<std::int64_t>(id))},
          {"file", json_string(graph.node(e.file).id)},
          {"line", Value::of_int(e.line)},
          {"col", Value::of_int(e.col)},
          {"origin", json_string(to_string(e.origin))},
          {"raw", json_string(e.raw)},
          {"section", json_string(e.section)},
          {"properties", json_object(e.properties)}};
      if (e.implied) s.emplace_back("inference", json_string(to_string(e.inference)));
      statements.items.push_back(json_object(std::move(s)));
    }
    const auto count = static_cast<std::int64_t>(r.statements.size());
    list.items.push_back(json_object({{"id", Value::of_int(static_cast<std::int64_t>(rid))},
                                      {"source", json_string(graph.node(r.source).id)},
                                      {"target", json_string(graph.node(r.target).id)},
                                      {"relation", json_string(r.relation)},
                                      {"implied", Value::of_bool(r.implied)},
                                      {"properties", json_object(r.properties)},
                                      {"count", Value::of_int(count)},
                                      {"statements", std::move(statements)}}));
  }
  return json_text(json_object({{"node", node_value(graph.node(node))},
                                {"relationships", std::move(list)}}));
}

// One row per relationship (kg::Relationship): the statements of one fact folded, with
// statements whose properties disagree kept as rows of their own.
int print_distinct(const Args& args, const Graph& graph, NodeId node, std::size_t edge_count,
                   bool outgoing) {
  const std::vector<RelationshipId> relationships =
      outgoing ? graph.out_relationships(node) : graph.in_relationships(node);
  if (args.json) {
    std::cout << relationships_json(graph, node, relationships) << '\n';
    return kOk;
  }
  bool any_properties = false;
  for (const RelationshipId rid : relationships) {
    any_properties = any_properties || !graph.relationship(rid).properties.empty();
  }
  std::vector<std::string> header = {"relation", outgoing ? "target" : "source", "count", "at"};
  if (any_properties) header.emplace_back("properties");
  Table table(std::move(header));
  for (const RelationshipId rid : relationships) {
    const Relationship r = graph.relationship(rid);
    std::string at;
    for (const EdgeId id : r.statements) {
      const Edge& e = graph.edge(id);
      at += (at.empty() ? "" : ", ") + place(graph, e);
      if (e.implied) at += " (implied: " + std::string(to_string(e.inference)) + ")";
    }
    std::vector<std::string> row = {printable(r.relation),
                                     printable(graph.node(outgoing ? r.target : r.source).id),
                                     std::to_string(r.statements.size()), at};
    if (any_properties) {
      row.push_back(r.properties.empty()
                        ? ""
                        : printable(to_json(json_object(r.properties))));
    }
    table.add(std::move(row));
  }
  table.print(std::cout, !args.quiet);
  if (!args.quiet) {
    std::cerr << plural(relationships.size(), outgoing ? "distinct outgoing relationship"
                                                       : "distinct incoming relationship")
              << " (" << plural(edge_count, "edge") << ") of "
              << printable(graph.node(node).id) << '\n';
  }
  return kOk;
}

}  // namespace

int cmd_resolve(const Args& args) {
  if (args.positional.empty()) throw UsageError("resolve needs at least one LINK");
  const Graph& graph = load(args);
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
  const Graph& graph = load(args);
  const NodeId node = note_argument(graph, args, args.positional[0]);
  const std::vector<EdgeId> edges = outgoing ? graph.out_edges(node) : graph.in_edges(node);
  if (args.distinct) return print_distinct(args, graph, node, edges.size(), outgoing);
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
