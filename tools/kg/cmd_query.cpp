// kg query: openCypher over the vault. Prints the answer as an aligned table (paths as
// chains, each hop with where it is written), as JSON ({"columns", "rows"}) or as CSV; a
// query kg cannot run is one message with a caret under the query, exit 2.
#include "cli.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kg::cli {

namespace {

using QValue = query::Value;
using QKind = query::Value::Kind;

// A --param value: JSON, as a query value (integers stay integers).
QValue from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return QValue();
    case nlohmann::json::value_t::boolean: return QValue::boolean(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return QValue::integer(j.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX)) return QValue::number(static_cast<double>(u));
      return QValue::integer(static_cast<std::int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return QValue::number(j.get<double>());
    case nlohmann::json::value_t::string: return QValue::string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      QValue::List items;
      for (const auto& item : j) items.push_back(from_json(item));
      return QValue::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      QValue::Map entries;
      for (const auto& [key, item] : j.items()) entries.emplace_back(key, from_json(item));
      return QValue::map(std::move(entries));
    }
    default: return QValue();
  }
}

query::Options query_options(const Args& args) {
  query::Options o;
  for (const std::string& p : args.params) {
    const std::size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) throw UsageError("--param is NAME=VALUE, not '" + p + "'");
    const std::string name = p.substr(0, eq);
    const std::string text = p.substr(eq + 1);
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    // A bare word is a string: --param name=Alibaba.
    o.parameters[name] = j.is_discarded() ? QValue::string(text) : from_json(j);
  }
  if (args.as_of) o.as_of = *args.as_of;
  if (args.timeout_ms) o.time_limit = std::chrono::milliseconds(*args.timeout_ms);
  if (args.max_rows) o.max_rows = *args.max_rows;
  if (args.max_hops) o.max_hops = *args.max_hops;
  if (args.max_paths) o.max_paths = *args.max_paths;
  return o;
}

Value node_json(const Graph& graph, const QValue& v) {
  const Node n = graph.node(NodeId{v.id()});
  return json_object({{"id", json_string(n.id)},
                      {"title", json_string(n.title)},
                      {"type", json_string(n.type)},
                      {"properties", Value()}});
}

// A query value as JSON: nodes {"id", "title", "type", "properties"}, relationships as kg
// path --json writes them, paths as alternating lists [node, relationship, node, ...];
// NaN and infinities as strings; temporal values in their ISO text.
Value to_json_value(const Graph& graph, const QValue& v) {
  switch (v.kind()) {
    case QKind::Null: return Value();
    case QKind::Bool: return Value::of_bool(v.as_bool());
    case QKind::Int: return Value::of_int(v.as_int());
    case QKind::Float: {
      const double d = v.as_float();
      if (std::isnan(d)) return json_string("NaN");
      if (std::isinf(d)) return json_string(d > 0 ? "Infinity" : "-Infinity");
      return Value::of_float(d);
    }
    case QKind::String: return json_string(v.as_string());
    case QKind::Date:
    case QKind::LocalTime:
    case QKind::Time:
    case QKind::LocalDateTime:
    case QKind::DateTime:
    case QKind::Duration: return json_string(query::to_cypher(v));
    case QKind::List: {
      Value list = json_list({});
      for (const QValue& item : v.as_list()) list.items.push_back(to_json_value(graph, item));
      return list;
    }
    case QKind::Map: {
      std::vector<std::pair<std::string, Value>> entries;
      for (const auto& [key, item] : v.as_map()) entries.emplace_back(key, to_json_value(graph, item));
      return json_object(std::move(entries));
    }
    case QKind::Node: {
      Value node = node_json(graph, v);
      node.entries.back().second = to_json_value(graph, query::properties(graph, v));
      return node;
    }
    case QKind::Relationship: return relationship_value(graph, RelationshipId{v.id()});
    case QKind::Path: {  // an alternating list: node, relationship, node, ...
      Value chain = json_list({});
      const auto& p = v.as_path();
      for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        if (i > 0) chain.items.push_back(relationship_value(graph, RelationshipId{p.relationships[i - 1]}));
        chain.items.push_back(to_json_value(graph, QValue::node(p.nodes[i])));
      }
      return chain;
    }
  }
  return Value();
}

// A cell of the table: strings as they are, nodes by title, relationships and paths as hop
// lines with where each is written.
std::string cell(const Graph& graph, const QValue& v) {
  switch (v.kind()) {
    case QKind::Null: return "null";
    case QKind::String: return printable(v.as_string());
    case QKind::Node: return printable(graph.node(NodeId{v.id()}).title);
    case QKind::Relationship: {
      const Relationship r = graph.relationship(RelationshipId{v.id()});
      return hop_line(graph, r.source, RelationshipId{v.id()});
    }
    case QKind::Path: {
      const auto& p = v.as_path();
      std::string out = printable(graph.node(NodeId{p.nodes[0]}).title);
      for (std::size_t i = 0; i < p.relationships.size(); ++i) {
        const std::string hop = hop_line(graph, NodeId{p.nodes[i]}, RelationshipId{p.relationships[i]});
        // hop_line starts with the node the walk is at, already written.
        out += hop.substr(printable(graph.node(NodeId{p.nodes[i]}).title).size());
      }
      return out;
    }
    default: return printable(query::describe(graph, v));
  }
}

// One CSV field (io::csv_field: RFC 4180, formula-safe); numbers and booleans as Cypher
// writes them, nodes as their ids, other values as kg describes them.
std::string csv_field(const Graph& graph, const QValue& v) {
  switch (v.kind()) {
    case QKind::Null: return "";
    case QKind::Bool:
    case QKind::Int:
    case QKind::Float: return query::to_cypher(v);
    case QKind::String: return io::csv_field(v.as_string());
    case QKind::Node: return io::csv_field(graph.node(NodeId{v.id()}).id);
    default: return io::csv_field(query::describe(graph, v));
  }
}

// The nodes and relationships a value holds (a relationship brings its two ends; a path
// its nodes and hops; lists and maps what they hold), for --format dot, svg, png and mermaid.
void collect(const Graph& graph, const QValue& v, std::vector<NodeId>& nodes, std::vector<RelationshipId>& rels) {
  switch (v.kind()) {
    case QKind::Node: nodes.push_back(NodeId{v.id()}); return;
    case QKind::Relationship: {
      const Relationship r = graph.relationship(RelationshipId{v.id()});
      rels.push_back(RelationshipId{v.id()});
      nodes.push_back(r.source);
      nodes.push_back(r.target);
      return;
    }
    case QKind::Path:
      for (const std::uint32_t n : v.as_path().nodes) nodes.push_back(NodeId{n});
      for (const std::uint32_t r : v.as_path().relationships) rels.push_back(RelationshipId{r});
      return;
    case QKind::List:
      for (const QValue& item : v.as_list()) collect(graph, item, nodes, rels);
      return;
    case QKind::Map:
      for (const auto& [key, item] : v.as_map()) collect(graph, item, nodes, rels);
      return;
    default: return;
  }
}

std::string query_text(const Args& args) {
  if (args.query_file) {
    std::ifstream in(*args.query_file, std::ios::binary);
    if (!in) throw UsageError("cannot read the query file '" + args.query_file->string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    if (!args.positional.empty()) throw UsageError("query takes a QUERY or --file, not both");
    return text.str();
  }
  if (args.positional.size() != 1) throw UsageError("query needs one QUERY (quote it), or --file FILE");
  if (args.positional[0] == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  return args.positional[0];
}

}  // namespace

int cmd_query(const Args& args) {
  const std::string text = query_text(args);
  const query::Options options = query_options(args);
  if (args.json + args.csv + !args.format.empty() > 1) throw UsageError("query prints one of --json, --csv and --format");
  const Graph& graph = load(args);
  try {
    if (args.explain) {
      std::cout << query::explain(graph, text, options);
      return kOk;
    }
    const query::Result result = query::run(graph, text, options);
    if (!args.quiet) {
      for (const std::string& notice : result.notices) std::cerr << "kg: note: " << printable(notice) << '\n';
    }
    if (is_diagram(args.format)) {  // what the answer holds
      std::vector<NodeId> nodes;
      std::vector<RelationshipId> rels;
      for (const auto& row : result.rows) {
        for (const QValue& v : row) collect(graph, v, nodes, rels);
      }
      const std::string picture = diagram(graph, args, nodes, rels);
      write_output(args, [&](std::ostream& out) { out << picture; }, args.format == "png");
      return kOk;
    }
    if (args.json) {
      Value columns = json_list({});
      for (const std::string& c : result.columns) columns.items.push_back(json_string(c));
      Value rows = json_list({});
      for (const auto& row : result.rows) {
        Value r = json_list({});
        for (const QValue& v : row) r.items.push_back(to_json_value(graph, v));
        rows.items.push_back(std::move(r));
      }
      std::cout << json_text(json_object({{"columns", std::move(columns)}, {"rows", std::move(rows)}})) << '\n';
      return kOk;
    }
    if (args.csv) {
      std::string out;
      for (std::size_t i = 0; i < result.columns.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_field(graph, QValue::string(result.columns[i]));
      }
      out += "\r\n";
      for (const auto& row : result.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (i > 0) out += ',';
          out += csv_field(graph, row[i]);
        }
        out += "\r\n";
      }
      std::cout << out;
      return kOk;
    }
    Table table(std::vector<std::string>(result.columns.begin(), result.columns.end()));
    for (const auto& row : result.rows) {
      std::vector<std::string> cells;
      for (const QValue& v : row) cells.push_back(cell(graph, v));
      table.add(std::move(cells));
    }
    table.print(std::cout, !args.quiet);
    if (!args.quiet) std::cerr << plural(result.rows.size(), "row") << '\n';
    return kOk;
  } catch (const query::QueryError& e) {
    std::cerr << "kg: " << e.what() << " (line " << e.line() << ", column " << e.column() << ")\n";
    std::string shown = query::caret(text, e);
    if (!shown.empty()) {
      std::istringstream lines(shown);
      for (std::string line; std::getline(lines, line);) std::cerr << "  " << printable(line) << '\n';
    }
    return kUsage;
  }
}

}  // namespace kg::cli
