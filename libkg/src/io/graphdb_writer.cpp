#include <kg/io/csv.hpp>
#include <kg/io/graphdb.hpp>

#include "io/columns.hpp"
#include "io/stream_failures.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kg::io {

std::string csv_field(std::string_view in) {
  std::string text(in);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

namespace {

constexpr std::string_view kNodeOwn[] = {"id", "title", "kind", "path", "tags", "aliases"};
constexpr std::string_view kRelOwn[] = {"implied", "statements", "provenance"};

// A property column: the key it holds and the name it is written under.
struct Column {
  std::string key;
  std::string name;
  ColumnType type;
};

std::vector<Column> named(const Columns& columns, std::span<const std::string_view> own) {
  std::vector<Column> out;
  for (const auto& [key, type] : columns) {
    const bool taken = std::find(own.begin(), own.end(), key) != own.end();
    out.push_back({key, taken ? "property." + key : key, type});
  }
  return out;
}

// The value a column holds for these properties, or nullopt.
std::string joined(std::span<const std::string_view> items, char separator) {
  std::string out;
  for (const std::string_view item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

const char* kuzu_type(ColumnType t) {
  switch (t) {
    case ColumnType::Boolean: return "BOOLEAN";
    case ColumnType::Long: return "INT64";
    case ColumnType::Double: return "DOUBLE";
    case ColumnType::String: return "STRING";
  }
  return "STRING";
}

// A typed CSV field: numbers and booleans as they are, text formula-safe.
std::string csv_value(ValueRef v, ColumnType type) {
  const std::string text = column_text(v, type);
  return type == ColumnType::String ? csv_field(util::valid_utf8(text)) : text;
}

}  // namespace

void write_neo4j_nodes(const Graph& graph, const Subgraph& subgraph, std::ostream& out) {
  const StreamFailures failures(out);
  const std::vector<Column> columns = named(node_columns(graph, subgraph.nodes), kNodeOwn);
  out << "id:ID,:LABEL,title,kind,path,tags:string[],aliases:string[]";
  for (const Column& c : columns) out << ',' << csv_field(util::valid_utf8(c.name + ":" + type_name(c.type)));
  out << '\n';
  for (const NodeId id : subgraph.nodes) {
    const Node n = graph.node(id);
    out << csv_field(util::valid_utf8(n.id)) << ',' << csv_field(util::valid_utf8(n.type)) << ','
        << csv_field(util::valid_utf8(n.title)) << ',' << to_string(n.kind) << ','
        << (n.kind == NodeKind::Ghost ? std::string() : csv_field(util::valid_utf8(n.id))) << ','
        << csv_field(util::valid_utf8(joined(n.tags, ';'))) << ','
        << csv_field(util::valid_utf8(joined(n.aliases, ';')));
    for (const Column& c : columns) {
      out << ',';
      if (const auto v = node_column_value(n.properties, c.key)) out << csv_value(*v, c.type);
    }
    out << '\n';
  }
}

void write_neo4j_relationships(const Graph& graph, const Subgraph& subgraph, std::ostream& out) {
  const StreamFailures failures(out);
  const std::vector<Column> columns = named(relationship_columns(graph, subgraph.relationships), kRelOwn);
  out << ":START_ID,:END_ID,:TYPE,implied:boolean,statements:long,provenance";
  for (const Column& c : columns) out << ',' << csv_field(util::valid_utf8(c.name + ":" + type_name(c.type)));
  out << '\n';
  for (const RelationshipId id : subgraph.relationships) {
    const Relationship r = graph.relationship(id);
    out << csv_field(util::valid_utf8(graph.node(r.source).id)) << ','
        << csv_field(util::valid_utf8(graph.node(r.target).id)) << ',' << csv_field(util::valid_utf8(r.relation))
        << ',' << (r.implied ? "true" : "false") << ',' << r.statements.size() << ','
        << csv_field(util::valid_utf8(provenance(graph, r)));
    for (const Column& c : columns) {
      out << ',';
      if (const auto v = relationship_column_value(r.properties, c.key)) out << csv_value(*v, c.type);
    }
    out << '\n';
  }
}

namespace {

// Cypher text. Names in backticks (a backtick doubled for Neo4j and Memgraph; Kuzu's
// names cannot hold one, so it becomes '_'); strings in single quotes with backslash,
// quote and (outside Kuzu, whose literals take them as they are) control characters
// escaped.
class Cypher {
 public:
  explicit Cypher(CypherDialect dialect) : kuzu_(dialect == CypherDialect::Kuzu) {}

  std::string name(std::string_view text) const {
    std::string out = "`";
    for (const char c : util::valid_utf8(text)) {
      if (c == '`') {
        out += kuzu_ ? "_" : "``";
      } else {
        out += c;
      }
    }
    return out + "`";
  }

  std::string string(std::string_view text) const {
    std::string out = "'";
    for (const char c : util::valid_utf8(text)) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '\\' || c == '\'') {
        out += '\\';
        out += c;
      } else if (u == 0) {
        out += "\xEF\xBF\xBD";
      } else if (!kuzu_ && (u < 0x20 || u == 0x7F)) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04X", u);
        out += buffer;
      } else {
        out += c;
      }
    }
    return out + "'";
  }

  std::string strings(std::span<const std::string_view> items, bool empty_is_null) const {
    if (items.empty()) return empty_is_null ? null(ColumnType::String, true) : "[]";
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + string(items[i]);
    return out + "]";
  }

  // A missing value: Kuzu types its literals, so a null in a batch of rows says its type.
  std::string null(ColumnType type, bool list = false) const {
    if (!kuzu_) return "null";
    return std::string("CAST(NULL AS ") + kuzu_type(type) + (list ? "[])" : ")");
  }

  std::string value(std::optional<ValueRef> v, ColumnType type) const {
    if (!v) return null(type);
    if (type == ColumnType::Double) {
      const double d = v->kind() == Value::Kind::Int ? static_cast<double>(v->as_int()) : v->as_float();
      if (!std::isfinite(d)) return null(type);
      char buffer[40];
      std::snprintf(buffer, sizeof buffer, "%.17g", d);
      std::string text = buffer;
      if (const auto plus = text.find("e+"); plus != std::string::npos) text.erase(plus + 1, 1);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    const std::string text = column_text(*v, type);
    return type == ColumnType::String ? string(text) : text;
  }

 private:
  bool kuzu_;
};

// A name in a `//` comment: control characters become spaces, so none ends the comment.
std::string comment(std::string_view text) {
  std::string out = util::valid_utf8(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return out;
}

// Distinct table names for Kuzu, where node and relationship tables share one namespace
// and names compare without case: a clash gets `_2`, `_3`, ...
class TableNames {
 public:
  std::string take(const std::string& wanted) {
    std::string name = wanted.empty() ? "note" : wanted;
    std::replace(name.begin(), name.end(), '`', '_');
    const std::string base = name;
    for (int i = 2; !used_.insert(lower(name)).second; ++i) name = base + "_" + std::to_string(i);
    return name;
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  }
  std::set<std::string> used_;
};

}  // namespace

void write_cypher(const Graph& graph, const Subgraph& subgraph, std::ostream& out, const CypherOptions& options) {
  const StreamFailures failures(out);
  const bool kuzu = options.dialect == CypherDialect::Kuzu;
  const Cypher cy(options.dialect);
  const std::size_t batch = std::max<std::size_t>(1, options.batch);
  // Nodes by type, relationships by relation (and, for Kuzu's tables, by end types).
  std::map<std::string, std::vector<NodeId>> by_type;
  for (const NodeId n : subgraph.nodes) by_type[std::string(graph.node(n).type)].push_back(n);
  std::map<std::string, std::vector<RelationshipId>> by_relation;
  for (const RelationshipId r : subgraph.relationships) by_relation[std::string(graph.relationship(r).relation)].push_back(r);

  out << "// kg: " << subgraph.nodes.size() << " nodes and " << subgraph.relationships.size()
      << " relationships. Run in an empty database: "
      << (kuzu ? "kuzu DB < FILE" : options.dialect == CypherDialect::Memgraph ? "mgconsole < FILE" : "cypher-shell -f FILE")
      << "\n";
  TableNames tables;
  std::map<std::string, std::string> table_of_type;
  std::map<std::string, std::vector<Column>> type_columns;
  for (const auto& [type, nodes] : by_type) {
    type_columns[type] = named(node_columns(graph, nodes), kNodeOwn);
    table_of_type[type] = kuzu ? tables.take(type) : type;
  }
  std::map<std::string, std::vector<Column>> relation_columns;
  std::map<std::string, std::string> table_of_relation;
  for (const auto& [relation, rels] : by_relation) {
    relation_columns[relation] = named(relationship_columns(graph, rels), kRelOwn);
    table_of_relation[relation] = kuzu ? tables.take(relation) : relation;
  }
  if (kuzu) {
    for (const auto& [relation, table] : table_of_relation) {
      if (table != relation) {
        out << "// relation " << comment(relation) << " is table " << comment(table)
            << ": Kuzu's node and relationship tables share one namespace\n";
      }
    }
    for (const auto& [type, table] : table_of_type) {
      if (table != type) out << "// type " << comment(type) << " is table " << comment(table) << "\n";
    }
    for (const auto& [type, columns] : type_columns) {
      out << "CREATE NODE TABLE " << cy.name(table_of_type[type])
          << "(id STRING PRIMARY KEY, title STRING, kind STRING, path STRING, tags STRING[], aliases STRING[]";
      for (const Column& c : columns) out << ", " << cy.name(c.name) << ' ' << kuzu_type(c.type);
      out << ");\n";
    }
    for (const auto& [relation, rels] : by_relation) {
      std::set<std::pair<std::string, std::string>> pairs;
      for (const RelationshipId id : rels) {
        const Relationship r = graph.relationship(id);
        pairs.emplace(graph.node(r.source).type, graph.node(r.target).type);
      }
      out << "CREATE REL TABLE " << cy.name(table_of_relation[relation]) << '(';
      for (const auto& [from, to] : pairs) {
        out << "FROM " << cy.name(table_of_type[from]) << " TO " << cy.name(table_of_type[to]) << ", ";
      }
      out << "implied BOOLEAN, statements INT64, provenance STRING";
      for (const Column& c : relation_columns[relation]) out << ", " << cy.name(c.name) << ' ' << kuzu_type(c.type);
      out << ");\n";
    }
  } else if (options.dialect == CypherDialect::Memgraph) {
    out << "CREATE INDEX ON :KgNode(id);\n";
  } else {
    out << "CREATE INDEX kg_node_id IF NOT EXISTS FOR (n:KgNode) ON (n.id);\n";
  }

  // Each row a map of c0, c1, ... (the columns in order), so any property name is safe.
  for (const auto& [type, nodes] : by_type) {
    const std::vector<Column>& columns = type_columns[type];
    for (std::size_t first = 0; first < nodes.size(); first += batch) {
      out << "UNWIND [";
      for (std::size_t i = first; i < std::min(nodes.size(), first + batch); ++i) {
        const Node n = graph.node(nodes[i]);
        out << (i == first ? "" : ",") << "\n  {c0: " << cy.string(n.id) << ", c1: " << cy.string(n.title)
            << ", c2: " << cy.string(to_string(n.kind))
            << ", c3: " << (n.kind == NodeKind::Ghost ? cy.null(ColumnType::String) : cy.string(n.id))
            << ", c4: " << cy.strings(n.tags, true) << ", c5: " << cy.strings(n.aliases, true);
        for (std::size_t c = 0; c < columns.size(); ++c) {
          out << ", c" << c + 6 << ": " << cy.value(node_column_value(n.properties, columns[c].key), columns[c].type);
        }
        out << '}';
      }
      out << "\n] AS row\nCREATE (n:" << (kuzu ? "" : "KgNode:") << cy.name(table_of_type[type])
          << " {id: row.c0, title: row.c1, kind: row.c2, path: row.c3, tags: row.c4, aliases: row.c5";
      for (std::size_t c = 0; c < columns.size(); ++c) out << ", " << cy.name(columns[c].name) << ": row.c" << c + 6;
      out << "});\n";
    }
  }
  for (const auto& [relation, all] : by_relation) {
    const std::vector<Column>& columns = relation_columns[relation];
    // Kuzu matches each end in its own table: one batch per pair of end types.
    std::map<std::pair<std::string, std::string>, std::vector<RelationshipId>> groups;
    for (const RelationshipId id : all) {
      const Relationship r = graph.relationship(id);
      groups[kuzu ? std::pair<std::string, std::string>(graph.node(r.source).type, graph.node(r.target).type)
                  : std::pair<std::string, std::string>()]
          .push_back(id);
    }
    for (const auto& [ends, rels] : groups) {
      for (std::size_t first = 0; first < rels.size(); first += batch) {
        out << "UNWIND [";
        for (std::size_t i = first; i < std::min(rels.size(), first + batch); ++i) {
          const Relationship r = graph.relationship(rels[i]);
          out << (i == first ? "" : ",") << "\n  {s: " << cy.string(graph.node(r.source).id)
              << ", t: " << cy.string(graph.node(r.target).id) << ", c0: " << (r.implied ? "true" : "false")
              << ", c1: " << r.statements.size() << ", c2: " << cy.string(provenance(graph, r));
          for (std::size_t c = 0; c < columns.size(); ++c) {
            out << ", c" << c + 3 << ": " << cy.value(relationship_column_value(r.properties, columns[c].key), columns[c].type);
          }
          out << '}';
        }
        const std::string from = kuzu ? cy.name(table_of_type[ends.first]) : "KgNode";
        const std::string to = kuzu ? cy.name(table_of_type[ends.second]) : "KgNode";
        out << "\n] AS row\nMATCH (a:" << from << " {id: row.s}), (b:" << to << " {id: row.t})\nCREATE (a)-[:"
            << cy.name(table_of_relation[relation]) << " {implied: row.c0, statements: row.c1, provenance: row.c2";
        for (std::size_t c = 0; c < columns.size(); ++c) out << ", " << cy.name(columns[c].name) << ": row.c" << c + 3;
        out << "}]->(b);\n";
      }
    }
  }
  if (options.dialect == CypherDialect::Memgraph) {
    out << "MATCH (n:KgNode) REMOVE n:KgNode;\nDROP INDEX ON :KgNode(id);\n";
  } else if (!kuzu) {
    out << "MATCH (n:KgNode) REMOVE n:KgNode;\nDROP INDEX kg_node_id IF EXISTS;\n";
  }
}

}  // namespace kg::io
