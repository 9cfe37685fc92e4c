// planner: the order a MATCH pattern is matched in. Each part gets an anchor: a node bound
// already (by an earlier clause or part), one named by an indexed key (`title`, `id`, in the
// pattern's map or as an equality in WHERE), one with a label, a scan, or a relationship
// found through the relation index. The matcher expands from it over the relationship arcs,
// never scanning per row. The choice weighs the arcs each anchor would walk and the rows it
// would produce, estimated from the type and relation counts; hops at the end whose
// variables nothing reads are counted instead of producing rows, so an anchor at the
// variables a query returns is often best. Shortest-path parts come last, when their ends
// are known.
#pragma once

#include "graph/graph_impl.hpp"
#include "query/plan.hpp"

#include <string>
#include <vector>

namespace kg::query {

/// Plans every pattern of `plan` (and of the sub-plans inside its expressions): what each
/// MATCH must bind for the steps after it (liveness), then each part's anchor and the order
/// of the parts, by an estimate of the arcs walked and the rows produced.
void plan_patterns(Plan& plan, const Graph::Impl& graph);

/// The plan as text, one operator per line (`kg query --explain`).
std::string describe_plan(const Plan& plan);

}  // namespace kg::query
