// planner: the order a MATCH pattern is matched in. Each part gets an anchor, the node that
// gives the fewest candidates: one bound already (by an earlier clause or part), then one
// named by an indexed key (`title`, `id`, in the pattern's map or as an equality in WHERE),
// then one with the rarest label, else a scan; the matcher expands from it over the
// relationship arcs, never scanning per row. Parts that share a bound node follow the one
// that bound it; shortest-path parts come last, when their ends are known.
#pragma once

#include "graph/graph_impl.hpp"
#include "query/plan.hpp"

#include <string>
#include <vector>

namespace kg::query {

/// Chooses every part's anchor and access and orders the parts. `bound` is indexed by slot:
/// true when the slot holds a value before the pattern is matched.
void plan_pattern(PatternPlan& pattern, const Graph::Impl& graph, std::vector<char> bound);

/// The plan as text, one operator per line (`kg query --explain`).
std::string describe_plan(const Plan& plan);

}  // namespace kg::query
