// executor: runs a plan. Each step is an operator that rows are pushed through, one at a
// time: MATCH expands each row into its matches over the relationship arcs (relationship
// uniqueness per pattern, as openCypher defines it; variable-length hops walk the traversal
// library's filtered neighbours, shortest paths call it), UNWIND into its elements, and
// WITH/RETURN project, or hold rows back where they must (grouping, DISTINCT, ORDER BY). A
// LIMIT that is reached stops the steps before it. Budgets (rows, hops, paths, time) are
// checked as rows flow.
#pragma once

#include "query/plan.hpp"

#include <kg/query.hpp>

namespace kg::query {

/// Runs `plan` over `graph` (the plan was bound for it).
Result execute(const Plan& plan, const Graph& graph, const Options& options);

}  // namespace kg::query
