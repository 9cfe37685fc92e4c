// evaluate: a bound expression's value for one row, with openCypher's semantics: three-valued
// logic, nulls that propagate, integer arithmetic that fails on overflow instead of wrapping,
// and errors (TypeError, ArgumentError, ...) where openCypher raises them. What nodes and
// relationships hold (their properties, labels, provenance) is read in entities.cpp.
#pragma once

#include "graph/graph_impl.hpp"
#include "query/plan.hpp"

#include <kg/query.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace re2 {
class RE2;
}

namespace kg::query {

/// Runs the sub-plans of expressions (EXISTS, pattern predicates and comprehensions): the
/// executor implements it.
class SubplanRunner {
 public:
  virtual ~SubplanRunner() = default;
  /// Calls `row_found(row)` for each row of `plan` started from `row`, until it returns false.
  virtual void run(const SinglePlan& plan, const Row& row, const std::function<bool(const Row&)>& row_found) = 0;
};

struct EvalContext {
  EvalContext(const Graph& graph, const Options& options);
  ~EvalContext();
  const Graph& graph;
  const Graph::Impl& g;
  const Options& options;
  SubplanRunner* subplans = nullptr;
  /// The statement's clock (nanoseconds since 1970, UTC): date() and friends read it, so
  /// two calls in one query agree.
  std::int64_t statement_time = 0;
  std::unordered_map<std::string, std::unique_ptr<re2::RE2>> regexes;  // compiled once per query
};

/// A runtime error (`kind` is openCypher's name for it: TypeError, ArgumentError, ...).
[[noreturn]] void runtime_error(std::string_view kind, const std::string& message, const Place& place);

Value evaluate(const Bound& b, Row& row, EvalContext& ctx);

/// WHERE's reading of a value: only true passes (null and false do not); a non-boolean is a
/// TypeError.
bool passes(const Value& v, const Place& place);

/// openCypher's name for a value's type, for messages: "Integer", "String", "Node", ...
std::string_view type_name(const Value& v);

// --- entities (entities.cpp) ----------------------------------------------------------------

/// A front-matter or relationship value as a query value (dates as their written text).
Value to_query_value(ValueRef v);
/// `n.key`: the built-ins `id`, `title`, `path`, `type`, `tags`, `aliases`, then the node's
/// own properties; null when it has none of that name.
Value node_property(const EvalContext& ctx, std::uint32_t node, std::string_view key);
/// `r.key`: `implied`, `statements`, `file`, `line`, `col`, then the relationship's own properties.
Value relationship_property(const EvalContext& ctx, std::uint32_t rel, std::string_view key);
/// `properties(x)`: the own properties as a map (front matter and fields; for a
/// relationship, what its statements say), without built-ins and without keys that state
/// links (those are relationships).
Value own_properties(const EvalContext& ctx, const Value& entity);
/// The node's label (its type).
std::string_view node_label(const EvalContext& ctx, std::uint32_t node);
std::string_view relationship_type(const EvalContext& ctx, std::uint32_t rel);

}  // namespace kg::query
