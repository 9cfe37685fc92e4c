// executor: runs a plan. Each step is an operator that rows are pushed through: MATCH
// expands each row into its matches over the relationship arcs from the anchor the planner
// chose (relationship uniqueness per pattern, as openCypher defines it; the as-of filter of
// the traversal library on every relationship; shortest paths through the traversal
// library), and counts the trailing hops nothing after it reads instead of producing their
// rows (a row carries a weight); UNWIND expands into elements; WITH and RETURN project, or
// group, deduplicate and sort where they must. A LIMIT that is reached stops the steps
// before it. Budgets (rows, hops, walks, time) and cancellation are checked as rows flow.
#pragma once

#include "query/plan.hpp"

#include <kg/query.hpp>

namespace kg::query {

/// Runs `plan` over `graph` (the plan was bound for it).
Result execute(const Plan& plan, const Graph& graph, const Options& options);

}  // namespace kg::query
