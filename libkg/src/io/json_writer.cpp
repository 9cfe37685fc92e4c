// JSON documents. nlohmann's ordered_json keeps the key order of DESIGN section 6; every
// string stored in the graph is valid UTF-8, and dump() replaces anything that is not, so
// writing never throws on content.
#include <kg/io/json.hpp>

#include "graph/graph_impl.hpp"

#include <nlohmann/json.hpp>

namespace kg::io {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

Json value_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.boolean;
    case Value::Kind::Int: return v.integer;
    case Value::Kind::Float: return v.number;
    case Value::Kind::String:
    case Value::Kind::Date: return v.text;
    case Value::Kind::List: {
      Json a = Json::array();
      for (const auto& item : v.items) a.push_back(value_json(item));
      return a;
    }
    case Value::Kind::Map: {
      Json o = Json::object();
      for (const auto& [k, item] : v.entries) o[k] = value_json(item);
      return o;
    }
  }
  return nullptr;
}

Json properties_json(const Properties& properties) {
  Json o = Json::object();
  for (const auto& [k, v] : properties) o[k] = value_json(v);
  return o;
}

Json node_json(const Node& n) {
  Json j;
  j["id"] = n.id;
  j["kind"] = to_string(n.kind);
  j["title"] = n.title;
  j["type"] = n.type;
  if (n.kind == NodeKind::Note) {
    j["aliases"] = n.aliases;
    j["tags"] = n.tags;
    j["properties"] = properties_json(n.properties);
    j["external_links"] = n.external_links;
  }
  return j;
}

Json edge_json(const Graph& g, const Edge& e, std::size_t index) {
  Json j;
  j["id"] = index;
  j["source"] = g.node(e.source).id;
  j["target"] = g.node(e.target).id;
  j["relation"] = e.relation;
  j["origin"] = to_string(e.origin);
  j["implied"] = e.implied;
  if (e.implied) {
    j["inference"] = to_string(e.inference);
    Json from = Json::array();
    for (const EdgeId f : e.implied_from) from.push_back(static_cast<std::uint32_t>(f));
    j["implied_from"] = std::move(from);
  }
  j["embed"] = e.embed;
  j["file"] = g.node(e.file).id;
  j["line"] = e.line;
  j["col"] = e.col;
  j["raw"] = e.raw;
  j["display"] = e.display.empty() ? Json(nullptr) : Json(e.display);
  if (e.width) {
    Json size;
    size["width"] = *e.width;
    size["height"] = e.height ? Json(*e.height) : Json(nullptr);
    j["size"] = std::move(size);
  }
  j["subpath"] = e.subpath ? Json(*e.subpath) : Json(nullptr);
  j["subpath_status"] = to_string(e.subpath_status);
  j["via"] = g.node(e.target).kind == NodeKind::Ghost ? Json(nullptr) : Json(to_string(e.via));
  j["ambiguous"] = e.ambiguous;
  if (e.ambiguous) j["candidates"] = e.candidates;
  j["section"] = e.section;
  j["properties"] = properties_json(e.properties);
  return j;
}

}  // namespace

void write_json(const Graph& graph, std::ostream& out, const JsonOptions& options) {
  Json doc;
  Json nodes = Json::array();
  for (std::size_t i = 0; i < graph.node_count(); ++i) {
    nodes.push_back(node_json(graph.node(static_cast<NodeId>(i))));
  }
  Json edges = Json::array();
  for (std::size_t i = 0; i < graph.edge_count(); ++i) {
    const Edge& e = graph.edge(static_cast<EdgeId>(i));
    if (e.implied && !options.include_implied) continue;
    edges.push_back(edge_json(graph, e, i));
  }
  doc["nodes"] = std::move(nodes);
  doc["edges"] = std::move(edges);
  out << dump(doc, options.indent) << '\n';
}

std::string resolutions_json(std::span<const Resolution> results, int indent) {
  Json list = Json::array();
  for (const auto& r : results) {
    Json j;
    j["link"] = r.link;
    j["from"] = r.from;
    j["status"] = r.resolved ? "resolved" : "unresolved";
    j["target"] = r.target ? Json(*r.target) : Json(nullptr);
    j["via"] = r.resolved ? Json(to_string(r.via)) : Json(nullptr);
    j["ambiguous"] = r.ambiguous;
    j["candidates"] = r.candidates;
    j["subpath"] = r.subpath ? Json(*r.subpath) : Json(nullptr);
    j["subpath_status"] = to_string(r.subpath_status);
    j["reason"] = r.reason ? Json(*r.reason) : Json(nullptr);
    j["above_root"] = r.above_root;
    list.push_back(std::move(j));
  }
  Json doc;
  doc["results"] = std::move(list);
  return dump(doc, indent);
}

std::string edges_json(const Graph& graph, NodeId node, std::span<const EdgeId> edges,
                       int indent) {
  Json doc;
  doc["node"] = node_json(graph.node(node));
  Json list = Json::array();
  for (const auto id : edges) {
    list.push_back(edge_json(graph, graph.edge(id), static_cast<std::size_t>(id)));
  }
  doc["edges"] = std::move(list);
  return dump(doc, indent);
}

std::string stats_json(const Stats& s, int indent) {
  Json j;
  j["notes"] = s.notes;
  j["attachments"] = s.attachments;
  j["ghosts"] = s.ghosts;
  j["edges"] = s.edges;
  j["implied_edges"] = s.implied_edges;
  j["links"] = {{"resolved", s.links_resolved},
                {"unresolved", s.links_unresolved},
                {"ambiguous", s.links_ambiguous},
                {"via_alias", s.links_via_alias},
                {"embeds", s.embeds},
                {"external", s.external_links}};
  j["tags"] = s.tags;
  j["types"] = s.types;
  j["relations"] = s.relations;
  j["diagnostics"] = {{"errors", s.errors}, {"warnings", s.warnings}, {"infos", s.infos}};
  j["seconds"] = s.seconds;
  return dump(j, indent);
}

std::string diagnostics_json(std::span<const Diagnostic> diagnostics, int indent) {
  Json list = Json::array();
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  for (const auto& d : diagnostics) {
    Json j;
    j["file"] = d.file;
    j["line"] = d.line;
    j["col"] = d.col;
    j["severity"] = to_string(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    list.push_back(std::move(j));
    switch (d.severity) {
      case Severity::Error: ++errors; break;
      case Severity::Warning: ++warnings; break;
      case Severity::Info: ++infos; break;
    }
  }
  Json doc;
  doc["diagnostics"] = std::move(list);
  doc["errors"] = errors;
  doc["warnings"] = warnings;
  doc["infos"] = infos;
  return dump(doc, indent);
}

}  // namespace kg::io
