#include "io/columns.hpp"

#include "base/value_cells.hpp"

#include <cstdio>

namespace kg::io {

namespace {

ColumnType type_of(ValueRef v) {
  switch (v.kind()) {
    case Value::Kind::Bool: return ColumnType::Boolean;
    case Value::Kind::Int: return ColumnType::Long;
    case Value::Kind::Float: return ColumnType::Double;
    default: return ColumnType::String;
  }
}

ColumnType wider(ColumnType a, ColumnType b) {
  if (a == b) return a;
  const auto number = [](ColumnType t) { return t == ColumnType::Long || t == ColumnType::Double; };
  return number(a) && number(b) ? ColumnType::Double : ColumnType::String;
}

void see(Columns& columns, std::string_view key, ValueRef value) {
  const auto [it, fresh] = columns.try_emplace(std::string(key), type_of(value));
  if (!fresh) it->second = wider(it->second, type_of(value));
}

}  // namespace

const char* type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Boolean: return "boolean";
    case ColumnType::Long: return "long";
    case ColumnType::Double: return "double";
    case ColumnType::String: return "string";
  }
  return "string";
}

Columns node_columns(const Graph& graph, std::span<const NodeId> nodes) {
  Columns out;
  for (const NodeId n : nodes) {
    for (const auto [key, value] : graph.node(n).properties) {
      if (!value.is_null() && !detail::holds_link(value)) see(out, key, value);
    }
  }
  return out;
}

Columns relationship_columns(const Graph& graph, std::span<const RelationshipId> relationships) {
  Columns out;
  for (const RelationshipId r : relationships) {
    for (const auto [key, value] : graph.relationship(r).properties) {
      if (!value.is_null()) see(out, key, value);
    }
  }
  return out;
}

std::optional<ValueRef> node_column_value(PropertyList properties, std::string_view key) {
  for (const auto [k, v] : properties) {
    if (k == key && !v.is_null() && !detail::holds_link(v)) return v;
  }
  return std::nullopt;
}

std::optional<ValueRef> relationship_column_value(PropertyList properties, std::string_view key) {
  for (const auto [k, v] : properties) {
    if (k == key && !v.is_null()) return v;
  }
  return std::nullopt;
}

std::string column_text(ValueRef v, ColumnType as) {
  switch (v.kind()) {
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.as_int());
    case Value::Kind::Float: {
      char buffer[40];
      std::snprintf(buffer, sizeof buffer, "%.17g", v.as_float());
      return buffer;
    }
    case Value::Kind::String:
    case Value::Kind::Date: return std::string(v.text());
    default: return as == ColumnType::String ? to_json(v) : std::string();
  }
}

void append_provenance(std::string& out, const Graph& graph, const Relationship& r) {
  bool first = true;
  for (const EdgeId e : r.statements) {
    const Edge edge = graph.edge(e);
    if (!first) out += "; ";
    first = false;
    out += graph.node(edge.file).id;
    out += ':';
    out += std::to_string(edge.line);
  }
}

std::string provenance(const Graph& graph, const Relationship& r) {
  std::string where;
  append_provenance(where, graph, r);
  return where;
}

Subgraph whole(const Graph& graph) {
  Subgraph s;
  s.nodes.reserve(graph.node_count());
  for (std::size_t i = 0; i < graph.node_count(); ++i) s.nodes.push_back(static_cast<NodeId>(i));
  s.relationships.reserve(graph.relationship_count());
  for (std::size_t i = 0; i < graph.relationship_count(); ++i) s.relationships.push_back(static_cast<RelationshipId>(i));
  s.total_nodes = s.nodes.size();
  return s;
}

}  // namespace kg::io
