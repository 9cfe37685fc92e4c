// columns: the typed property columns the tabular and schema'd writers declare (GraphML
// keys, Neo4j CSV headers, Kuzu table definitions). A key's type is the narrowest that
// holds every value written under it: boolean, long, double (longs and doubles mixed), else
// string.
#pragma once

#include <kg/graph.hpp>
#include <kg/traverse.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kg::io {

enum class ColumnType { Boolean, Long, Double, String };

/// Property key -> type, in key order.
using Columns = std::map<std::string, ColumnType>;

/// boolean, long, double or string: the names GraphML's keys and Neo4j's import headers share.
const char* type_name(ColumnType type);

/// The scalar front-matter properties of these nodes (links and nulls left out).
Columns node_columns(const Graph& graph, std::span<const NodeId> nodes);
/// The properties of these relationships (nulls left out).
Columns relationship_columns(const Graph& graph, std::span<const RelationshipId> relationships);

/// The value a node writes in its column `key`: the first of its properties under that key
/// that is set and holds no link (the links are the graph's edges), the values
/// node_columns() typed. A note may state a key twice (inline fields repeat).
std::optional<ValueRef> node_column_value(PropertyList properties, std::string_view key);
/// The value a relationship writes in its column `key`: the first set one.
std::optional<ValueRef> relationship_column_value(PropertyList properties, std::string_view key);

/// A value as text in a column of type `as`: true/false, decimal integers, doubles with 17
/// significant digits, strings as they are, lists and maps as JSON in a string column.
std::string column_text(ValueRef value, ColumnType as);

/// Where a relationship is stated: `file:line` of each statement, joined by "; ".
std::string provenance(const Graph& graph, const Relationship& r);
/// The same, appended to `out`.
void append_provenance(std::string& out, const Graph& graph, const Relationship& r);

/// Every node and relationship of the graph.
Subgraph whole(const Graph& graph);

}  // namespace kg::io
