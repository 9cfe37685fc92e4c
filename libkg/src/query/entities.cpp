// What a query sees of nodes and relationships: their properties, built-in and their own.
#include "query/evaluate.hpp"

#include "base/value_cells.hpp"

namespace kg::query {

Value to_query_value(ValueRef v) {
  switch (v.kind()) {
    case kg::Value::Kind::Null: return Value();
    case kg::Value::Kind::Bool: return Value::boolean(v.as_bool());
    case kg::Value::Kind::Int: return Value::integer(v.as_int());
    case kg::Value::Kind::Float: return Value::number(v.as_float());
    case kg::Value::Kind::String:
    case kg::Value::Kind::Date: return Value::string(std::string(v.text()));
    case kg::Value::Kind::List: {
      Value::List items;
      items.reserve(v.size());
      for (std::size_t i = 0; i < v.size(); ++i) items.push_back(to_query_value(v[i]));
      return Value::list(std::move(items));
    }
    case kg::Value::Kind::Map: {
      Value::Map entries;
      for (const auto [key, value] : v.entries()) entries.emplace_back(std::string(key), to_query_value(value));
      return Value::map(std::move(entries));
    }
  }
  return Value();
}

namespace {

Value strings(std::span<const std::string_view> items) {
  Value::List list;
  list.reserve(items.size());
  for (const std::string_view s : items) list.push_back(Value::string(std::string(s)));
  return Value::list(std::move(list));
}

Value own(PropertyList properties) {
  Value::Map entries;
  for (const auto [key, value] : properties) {
    if (detail::holds_link(value)) continue;
    entries.emplace_back(std::string(key), to_query_value(value));
  }
  return Value::map(std::move(entries));
}

}  // namespace

Value node_property(const EvalContext& ctx, std::uint32_t node, std::string_view key) {
  const Node n = ctx.graph.node(NodeId{node});
  if (key == "id") return Value::string(std::string(n.id));
  if (key == "title") return Value::string(std::string(n.title));
  if (key == "path") return n.kind == NodeKind::Ghost ? Value() : Value::string(std::string(n.id));
  if (key == "type") return Value::string(std::string(n.type));
  if (key == "tags") return strings(n.tags);
  if (key == "aliases") return strings(n.aliases);
  if (const auto v = n.properties.find(key); v && !detail::holds_link(*v)) return to_query_value(*v);
  return Value();
}

Value relationship_property(const EvalContext& ctx, std::uint32_t rel, std::string_view key) {
  const Relationship r = ctx.graph.relationship(RelationshipId{rel});
  if (key == "implied") return Value::boolean(r.implied);
  if (key == "statements" || key == "file" || key == "line" || key == "col") {
    Value::List statements;
    for (const EdgeId id : r.statements) {
      const Edge e = ctx.graph.edge(id);
      Value file = Value::string(std::string(ctx.graph.node(e.file).id));
      if (key == "file") return file;
      if (key == "line") return Value::integer(e.line);
      if (key == "col") return Value::integer(e.col);
      statements.push_back(Value::map({{"file", std::move(file)},
                                       {"line", Value::integer(e.line)},
                                       {"col", Value::integer(e.col)},
                                       {"origin", Value::string(std::string(to_string(e.origin)))}}));
    }
    return key == "statements" ? Value::list(std::move(statements)) : Value();
  }
  if (const auto v = r.properties.find(key)) return to_query_value(*v);
  return Value();
}

Value own_properties(const EvalContext& ctx, const Value& entity) {
  if (entity.kind() == Value::Kind::Node) return own(ctx.graph.node(NodeId{entity.id()}).properties);
  if (entity.kind() == Value::Kind::Relationship) {
    return own(ctx.graph.relationship(RelationshipId{entity.id()}).properties);
  }
  return entity;
}

std::string_view node_label(const EvalContext& ctx, std::uint32_t node) {
  return ctx.g.types.name(ctx.g.nodes[node].type);
}

std::string_view relationship_type(const EvalContext& ctx, std::uint32_t rel) {
  return ctx.g.relations.name(ctx.g.relationships[rel].relation);
}

}  // namespace kg::query
