// kg::query's entry points: parse, bind and plan, execute.
#include "query/binder.hpp"
#include "query/evaluate.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/planner.hpp"

namespace kg::query {

namespace {

Plan prepare(const Graph& graph, std::string_view text, const Options& options) {
  ParsedQuery parsed = parse_query(text);
  if (!parsed.ok) {
    const Place& p = parsed.error.place;
    throw QueryError(QueryError::Phase::Syntax, parsed.error.message, p.line, p.column, p.offset);
  }
  return bind(parsed.query, graph, options);
}

void describe_into(const Graph& graph, const Value& v, std::string& out);

void describe_node(const Graph& graph, std::uint32_t id, std::string& out) {
  const Node n = graph.node(NodeId{id});
  out += "(:";
  out += n.type;
  out += " {title: ";
  out += to_cypher(Value::string(std::string(n.title)));
  out += "})";
}

void describe_into(const Graph& graph, const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::Node: describe_node(graph, v.id(), out); return;
    case Value::Kind::Relationship: {
      const Relationship r = graph.relationship(RelationshipId{v.id()});
      out += "[:";
      out += r.relation;
      out += "]";
      return;
    }
    case Value::Kind::Path: {
      const auto& p = v.as_path();
      for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        if (i > 0) {
          const Relationship r = graph.relationship(RelationshipId{p.relationships[i - 1]});
          const bool forward = static_cast<std::uint32_t>(r.source) == p.nodes[i - 1];
          out += forward ? "-[:" : "<-[:";
          out += r.relation;
          out += forward ? "]->" : "]-";
        }
        describe_node(graph, p.nodes[i], out);
      }
      return;
    }
    case Value::Kind::List: {
      out += '[';
      for (std::size_t i = 0; i < v.as_list().size(); ++i) {
        if (i > 0) out += ", ";
        describe_into(graph, v.as_list()[i], out);
      }
      out += ']';
      return;
    }
    case Value::Kind::Map: {
      out += '{';
      for (std::size_t i = 0; i < v.as_map().size(); ++i) {
        if (i > 0) out += ", ";
        out += v.as_map()[i].first;
        out += ": ";
        describe_into(graph, v.as_map()[i].second, out);
      }
      out += '}';
      return;
    }
    default: out += to_cypher(v);
  }
}

}  // namespace

Result run(const Graph& graph, std::string_view text, const Options& options) {
  const Plan plan = prepare(graph, text, options);
  Result result = execute(plan, graph, options);
  result.notices = plan.notices;
  return result;
}

Value property(const Graph& graph, const Value& entity, std::string_view key) {
  static const Options defaults;
  const EvalContext ctx(graph, defaults);
  if (entity.kind() == Value::Kind::Node) return node_property(ctx, entity.id(), key);
  if (entity.kind() == Value::Kind::Relationship) return relationship_property(ctx, entity.id(), key);
  if (const Value* v = entity.find(key)) return *v;
  return Value();
}

Value properties(const Graph& graph, const Value& entity) {
  static const Options defaults;
  const EvalContext ctx(graph, defaults);
  return own_properties(ctx, entity);
}

std::string explain(const Graph& graph, std::string_view text, const Options& options) {
  return describe_plan(prepare(graph, text, options));
}

std::string describe(const Graph& graph, const Value& v) {
  std::string out;
  describe_into(graph, v, out);
  return out;
}

std::string caret(std::string_view text, const QueryError& error) {
  if (error.offset() > text.size()) return {};
  return caret(text, Place{error.offset(), error.line(), error.column()});
}

}  // namespace kg::query
