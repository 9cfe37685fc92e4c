// binder: a parsed query to a plan (plan.hpp). Names are resolved once: each variable to a
// row slot (scopes follow openCypher: WITH and RETURN start a new one), each function to its
// code, labels and relationship types to the graph's ids. openCypher's semantic errors are
// found here (an undefined variable, a variable bound twice or as two kinds of thing, an
// aggregate where none may be, columns that differ across UNION). The planner orders each
// MATCH pattern (planner.hpp).
#pragma once

#include "graph/graph_impl.hpp"
#include "query/ast.hpp"
#include "query/plan.hpp"

#include <kg/query.hpp>

namespace kg::query {

/// Binds and plans `query` for `graph`. Throws QueryError (Semantic).
Plan bind(const Query& query, const Graph& graph, const Options& options);

/// A semantic error at `place`.
[[noreturn]] void semantic_error(const std::string& message, const Place& place);

}  // namespace kg::query
