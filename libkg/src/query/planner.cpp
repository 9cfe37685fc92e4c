#include "query/planner.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace kg::query {

namespace {

bool is_key(std::string_view key) { return key == "title" || key == "id" || key == "path"; }

PartPlan::Access access_of(std::string_view key) {
  return key == "title" ? PartPlan::Access::ByTitle : PartPlan::Access::ById;
}

// `v.title = 'X'` (either way round) among the conjuncts of WHERE: slot -> (key, value).
using WhereKeys = std::unordered_map<std::uint32_t, std::pair<std::string, const Bound*>>;
void keys_in_where(const Bound* where, WhereKeys& out) {
  if (!where) return;
  if (where->op == Bound::Op::And) {
    keys_in_where(where->args[0].get(), out);
    keys_in_where(where->args[1].get(), out);
    return;
  }
  if (where->op != Bound::Op::Compare || where->ops.size() != 1 || where->ops[0] != Bound::Cmp::Eq) return;
  for (int side = 0; side < 2; ++side) {
    const Bound* p = where->args[side].get();
    const Bound* v = where->args[1 - side].get();
    if (p->op == Bound::Op::Property && is_key(p->name) && p->args[0]->op == Bound::Op::Slot &&
        v->op == Bound::Op::Constant && v->constant.kind() == Value::Kind::String) {
      out.emplace(p->args[0]->slot, std::make_pair(p->name, v));
    }
  }
}

// --- liveness -----------------------------------------------------------------------------

void mark(std::vector<char>& live, std::uint32_t slot) {
  if (slot != kNoSlot && slot < live.size()) live[slot] = 1;
}

void read_slots(const Bound* b, std::vector<char>& live);

void read_tests(const std::vector<PropertyTest>& tests, const BoundPtr& whole, std::vector<char>& live) {
  for (const PropertyTest& t : tests) read_slots(t.value.get(), live);
  read_slots(whole.get(), live);
}

void read_pattern(const PatternPlan& p, bool own, std::vector<char>& live) {
  for (const PartPlan& part : p.parts) {
    if (!own) mark(live, part.path_slot);
    for (const NodeStep& n : part.nodes) {
      if (!own) mark(live, n.slot);
      read_tests(n.properties, n.property_map, live);
    }
    for (const RelStep& r : part.rels) {
      if (!own) mark(live, r.slot);
      read_tests(r.properties, r.property_map, live);
    }
  }
  read_slots(p.where.get(), live);
}

void read_steps(const SinglePlan& plan, std::size_t from, std::vector<char>& live) {
  for (std::size_t i = from; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    if (s.pattern) read_pattern(*s.pattern, false, live);
    read_slots(s.list.get(), live);
    for (const BoundPtr& item : s.items) read_slots(item.get(), live);
    for (const AggregateSpec& a : s.aggregates) {
      for (const BoundPtr& arg : a.args) read_slots(arg.get(), live);
    }
    for (const SortSpec& o : s.order) read_slots(o.key.get(), live);
    read_slots(s.where.get(), live);
  }
  for (const std::uint32_t slot : plan.column_slots) mark(live, slot);
}

void read_slots(const Bound* b, std::vector<char>& live) {
  if (!b) return;
  if (b->op == Bound::Op::Slot) mark(live, b->slot);
  for (const BoundPtr& a : b->args) read_slots(a.get(), live);
  if (b->subplan) read_steps(*b->subplan, 0, live);
}

// --- estimates ----------------------------------------------------------------------------

// Counts from the graph: nodes per type, relationships per relation.
struct Counts {
  const Graph::Impl& g;
  const TypeIndex& types;
  const RelationIndex& relations;
  double nodes;
  double rels;
  double of_type(std::uint32_t t) const { return t == kUnknownId ? 0 : static_cast<double>(types.of(t).size()); }
  double of_relations(const RelStep& r) const {
    if (r.no_relation) return 0;
    if (r.relations.empty()) return rels;
    double n = 0;
    for (const std::uint32_t id : r.relations) n += static_cast<double>(relations.of(id).size());
    return n;
  }
};

struct Context {
  const Counts& counts;
  const WhereKeys& where_keys;
  std::vector<char> bound;  // by slot
  const std::vector<char>& live;
  bool is_bound(std::uint32_t slot) const { return slot < bound.size() && bound[slot]; }
  bool is_live(std::uint32_t slot) const { return slot < live.size() && live[slot]; }
};

struct NodeAccess {
  double candidates;
  PartPlan::Access access;
  const Bound* key;
};

NodeAccess node_access(const NodeStep& n, const Context& c) {
  if (c.is_bound(n.slot)) return {1, PartPlan::Access::Bound, nullptr};
  for (const PropertyTest& t : n.properties) {
    if (is_key(t.key) && t.value->op == Bound::Op::Constant) return {1, access_of(t.key), t.value.get()};
  }
  if (const auto it = c.where_keys.find(n.slot); it != c.where_keys.end()) {
    return {1, access_of(it->second.first), it->second.second};
  }
  if (!n.types.empty()) {
    double fewest = c.counts.nodes;
    for (const std::uint32_t t : n.types) fewest = std::min(fewest, c.counts.of_type(t));
    return {fewest, PartPlan::Access::ByType, nullptr};
  }
  return {c.counts.nodes, PartPlan::Access::Scan, nullptr};
}

// How many of a hop's far nodes pass their own tests, as a share: one node among those of
// its label (or all) when it is bound or named by a key; a label alone keeps them all
// (relations mostly reach the types they are for).
double selectivity(const NodeStep& n, const Context& c) {
  const NodeAccess a = node_access(n, c);
  if (a.access != PartPlan::Access::Bound && a.access != PartPlan::Access::ByTitle &&
      a.access != PartPlan::Access::ById) {
    return 1;
  }
  double among = c.counts.nodes;
  for (const std::uint32_t t : n.types) among = std::min(among, c.counts.of_type(t));
  return 1 / std::max(1.0, among);
}

// The estimate of matching a part from a given anchor: arcs looked at plus rows produced (a
// row costs about as much as twenty arcs), with trailing hops that bind nothing live counted.
struct Estimate {
  double cost = std::numeric_limits<double>::infinity();
  std::size_t dead_from = kNoRel;
};

// The hops of the last part, from the end, whose far nodes and relationships nothing after
// the match reads: the executor counts them instead of binding them. A node the counted hops
// reach twice must be bound to be compared, so the count stops before the second (the anchor
// and the hops before the count bind theirs).
std::size_t dead_suffix(const PartPlan& p, const Context& c) {
  if (p.kind != PartPlan::Kind::Plain || p.path_slot != kNoSlot) return kNoRel;
  const std::size_t hops = hop_count(p);
  std::size_t dead_from = hops;
  std::vector<char> reached(c.bound.size(), 0);  // by slot
  for (std::size_t k = hops; k-- > 0;) {
    const HopRef h = hop_at(p, k);
    const NodeStep& to = h.right ? p.nodes[h.rel + 1] : p.nodes[h.rel];
    if (p.rels[h.rel].variable_length || c.is_live(p.rels[h.rel].slot) || c.is_live(to.slot)) break;
    if (to.slot < reached.size() && reached[to.slot]) break;
    mark(reached, to.slot);
    dead_from = k;
  }
  // Counting continues from the node the previous hop reached: a dead run may not jump from
  // the right run back to the anchor's left.
  const std::size_t right_start = p.anchor_rel != kNoRel ? p.anchor_rel + 1 : p.anchor;
  const std::size_t left_start = p.anchor_rel != kNoRel ? p.anchor_rel : p.anchor;
  const std::size_t right_hops = p.rels.size() - right_start;
  if (dead_from < right_hops && left_start > 0) dead_from = right_hops;
  return dead_from;
}

Estimate estimate(PartPlan& p, const Context& c, bool last) {
  Estimate e;
  double frontier = 0;
  double work = 0;
  if (p.anchor_rel != kNoRel) {
    const RelStep& r = p.rels[p.anchor_rel];
    work = c.counts.of_relations(r) * (r.arrow == RelStep::Arrow::Both ? 2 : 1);
    frontier = work * selectivity(p.nodes[p.anchor_rel], c) * selectivity(p.nodes[p.anchor_rel + 1], c);
  } else {
    frontier = node_access(p.nodes[p.anchor], c).candidates;
    work = frontier;
  }
  const std::size_t dead_from = last ? dead_suffix(p, c) : kNoRel;
  const double degree = c.counts.rels / std::max(1.0, c.counts.nodes);
  double rows = frontier;
  for (std::size_t k = 0; k < hop_count(p); ++k) {
    const HopRef h = hop_at(p, k);
    const RelStep& r = p.rels[h.rel];
    const NodeStep& from = h.right ? p.nodes[h.rel] : p.nodes[h.rel + 1];
    const NodeStep& to = h.right ? p.nodes[h.rel + 1] : p.nodes[h.rel];
    double sources = c.counts.nodes;
    for (const std::uint32_t t : from.types) sources = std::min(sources, c.counts.of_type(t));
    const double both = r.arrow == RelStep::Arrow::Both ? 2 : 1;
    double fanout = c.counts.of_relations(r) * both / std::max(1.0, sources);
    double scanned = std::max(fanout, degree * both);
    if (r.variable_length) {
      const double hops = std::min<double>(r.max_hops < 0 ? 3 : static_cast<double>(r.max_hops), 3);
      double f = 0;
      double step = 1;
      for (int j = 1; j <= hops; ++j) {
        step *= std::max(fanout, 1.0);
        if (j >= r.min_hops) f += step;
      }
      scanned *= f;
      fanout = f;
    }
    work += frontier * scanned;
    frontier *= fanout * selectivity(to, c);
    if (k < dead_from) rows = frontier;
  }
  if (dead_from == 0) {
    bool dead = true;
    for (const NodeStep& n : p.nodes) dead = dead && !c.is_live(n.slot);
    for (const RelStep& r : p.rels) dead = dead && !c.is_live(r.slot);
    if (dead) rows = 1;
  }
  e.cost = work + 20 * rows;
  e.dead_from = dead_from;
  return e;
}

constexpr std::size_t kAnchorChoices = 64;

// The indexes 0..n-1 in order, or past kAnchorChoices, the kAnchorChoices of lowest `score`
// (ties to the earlier index), in index order.
template <typename Score>
std::vector<std::size_t> fewest(std::size_t n, Score score) {
  std::vector<std::size_t> picked(n);
  for (std::size_t i = 0; i < n; ++i) picked[i] = i;
  if (n <= kAnchorChoices) return picked;
  std::vector<std::pair<double, std::size_t>> scored;
  scored.reserve(n);
  for (std::size_t i = 0; i < n; ++i) scored.emplace_back(score(i), i);
  std::nth_element(scored.begin(), scored.begin() + kAnchorChoices, scored.end());
  picked.clear();
  for (std::size_t i = 0; i < kAnchorChoices; ++i) picked.push_back(scored[i].second);
  std::sort(picked.begin(), picked.end());
  return picked;
}

void plan_pattern(PatternPlan& pattern, const Counts& counts, std::vector<char> live) {
  WhereKeys where_keys;
  keys_in_where(pattern.where.get(), where_keys);
  std::uint32_t slots = static_cast<std::uint32_t>(live.size());
  Context c{counts, where_keys, std::vector<char>(slots, 0), live};
  for (const std::uint32_t s : pattern.bound_before) mark(c.bound, s);
  std::vector<PartPlan> ordered;
  while (!pattern.parts.empty()) {
    const bool last = pattern.parts.size() == 1;
    std::size_t pick = 0;
    PartPlan best_part;
    Estimate best;
    for (std::size_t i = 0; i < pattern.parts.size(); ++i) {
      PartPlan trial = std::move(pattern.parts[i]);
      const auto consider = [&](std::size_t anchor, std::size_t anchor_rel) {
        trial.anchor = anchor;
        trial.anchor_rel = anchor_rel;
        Estimate e = estimate(trial, c, last);
        // Shortest paths wait for their ends to be bound by the other parts.
        if (trial.kind != PartPlan::Kind::Plain) e.cost += 4 * counts.nodes * counts.nodes;
        if (e.cost < best.cost) {
          best = e;
          pick = i;
          best_part.anchor = anchor;
          best_part.anchor_rel = anchor_rel;
        }
      };
      // Each estimate walks the whole part, so a long part tries the kAnchorChoices nodes
      // and relationships that start from fewest candidates (and its two ends), not all.
      const std::size_t node_choices = trial.kind == PartPlan::Kind::Plain ? trial.nodes.size() : 1;
      for (const std::size_t n : fewest(node_choices, [&](std::size_t n) {
             return n == 0 || n + 1 == node_choices ? -1.0 : node_access(trial.nodes[n], c).candidates;
           })) {
        consider(n, kNoRel);
      }
      if (trial.kind == PartPlan::Kind::Plain) {
        const auto anchorable = [&](std::size_t r) {
          const RelStep& rel = trial.rels[r];
          return !rel.variable_length && !rel.relations.empty() && !c.is_bound(rel.slot);
        };
        for (const std::size_t r : fewest(trial.rels.size(), [&](std::size_t r) {
               return anchorable(r) ? counts.of_relations(trial.rels[r]) : std::numeric_limits<double>::infinity();
             })) {
          if (anchorable(r)) consider(r + 1, r);
        }
      }
      pattern.parts[i] = std::move(trial);
    }
    PartPlan part = std::move(pattern.parts[pick]);
    pattern.parts.erase(pattern.parts.begin() + static_cast<std::ptrdiff_t>(pick));
    part.anchor = best_part.anchor;
    part.anchor_rel = best_part.anchor_rel;
    if (part.anchor_rel != kNoRel) {
      part.access = PartPlan::Access::ByRelation;
      part.access_key = nullptr;
    } else {
      const NodeAccess a = node_access(part.nodes[part.anchor], c);
      part.access = a.access;
      part.access_key = a.key;
    }
    if (part.kind != PartPlan::Kind::Plain) {
      const NodeAccess end = node_access(part.nodes.back(), c);
      part.end_access = end.access;
      part.end_key = end.key;
    }
    if (last) pattern.dead_from = best.dead_from;
    for (const NodeStep& n : part.nodes) mark(c.bound, n.slot);
    for (const RelStep& r : part.rels) mark(c.bound, r.slot);
    ordered.push_back(std::move(part));
  }
  pattern.parts = std::move(ordered);
  pattern.live = std::move(live);
}

void plan_steps(SinglePlan& plan, const Counts& counts, std::uint32_t slots);

void plan_subplans(Bound* b, const Counts& counts, std::uint32_t slots) {
  if (!b) return;
  for (BoundPtr& a : b->args) plan_subplans(a.get(), counts, slots);
  if (b->subplan) plan_steps(*b->subplan, counts, slots);
}

// count(v) of a variable a (non-optional) MATCH bound counts rows: v is never null there.
// As count(*) it reads nothing, so the MATCH need not bind v.
void count_rows(SinglePlan& plan) {
  std::vector<std::uint32_t> never_null;
  for (Step& s : plan.steps) {
    if (s.kind == Step::Kind::Match && !s.optional) {
      for (const PartPlan& part : s.pattern->parts) {
        for (const NodeStep& n : part.nodes) never_null.push_back(n.slot);
        for (const RelStep& r : part.rels) never_null.push_back(r.slot);
      }
    }
    for (AggregateSpec& a : s.aggregates) {
      if (a.kind == AggregateKind::Count && !a.distinct && a.args.size() == 1 && a.args[0]->op == Bound::Op::Slot &&
          std::find(never_null.begin(), never_null.end(), a.args[0]->slot) != never_null.end()) {
        a.kind = AggregateKind::CountStar;
        a.args.clear();
      }
    }
  }
}

void plan_steps(SinglePlan& plan, const Counts& counts, std::uint32_t slots) {
  count_rows(plan);
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    Step& s = plan.steps[i];
    if (s.pattern) {
      // What the MATCH must bind: its WHERE and property maps, and every later step.
      std::vector<char> live(slots, 0);
      read_pattern(*s.pattern, true, live);
      read_steps(plan, i + 1, live);
      plan_pattern(*s.pattern, counts, std::move(live));
      plan_subplans(s.pattern->where.get(), counts, slots);
      for (PartPlan& part : s.pattern->parts) {
        for (NodeStep& n : part.nodes) {
          for (PropertyTest& t : n.properties) plan_subplans(t.value.get(), counts, slots);
        }
      }
    }
    plan_subplans(s.list.get(), counts, slots);
    for (BoundPtr& item : s.items) plan_subplans(item.get(), counts, slots);
    for (AggregateSpec& a : s.aggregates) {
      for (BoundPtr& arg : a.args) plan_subplans(arg.get(), counts, slots);
    }
    for (SortSpec& o : s.order) plan_subplans(o.key.get(), counts, slots);
    plan_subplans(s.where.get(), counts, slots);
  }
}

}  // namespace

void plan_patterns(Plan& plan, const Graph::Impl& graph) {
  const Counts counts{graph, graph.type_index(), graph.relation_index(), static_cast<double>(graph.nodes.size()),
                      static_cast<double>(graph.relationships.size())};
  for (SinglePlan& part : plan.parts) plan_steps(part, counts, plan.slot_count);
}

namespace {

std::string_view access_name(PartPlan::Access a) {
  switch (a) {
    case PartPlan::Access::Bound: return "bound";
    case PartPlan::Access::ByTitle: return "title index";
    case PartPlan::Access::ById: return "id index";
    case PartPlan::Access::ByType: return "type scan";
    case PartPlan::Access::Scan: return "all nodes";
    case PartPlan::Access::ByRelation: return "relation index";
  }
  return "";
}

void describe_steps(const SinglePlan& plan, std::string& out, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  for (const Step& s : plan.steps) {
    switch (s.kind) {
      case Step::Kind::Match: {
        out += pad + (s.optional ? "OptionalMatch\n" : "Match\n");
        for (const PartPlan& p : s.pattern->parts) {
          out += pad + "  ";
          out += p.kind == PartPlan::Kind::Plain ? "Anchor " : p.kind == PartPlan::Kind::Shortest ? "ShortestPath from " : "AllShortestPaths from ";
          out += p.anchor_rel != kNoRel ? p.nodes[p.anchor_rel].text + "-" + p.rels[p.anchor_rel].text + "-" +
                                              p.nodes[p.anchor_rel + 1].text
                                        : p.nodes[p.anchor].text;
          out += " by ";
          out += access_name(p.access);
          out += '\n';
          if (p.kind == PartPlan::Kind::Plain) {
            const bool last = &p == &s.pattern->parts.back();
            for (std::size_t k = 0; k < hop_count(p); ++k) {
              const HopRef h = hop_at(p, k);
              out += pad + "    " + (last && k >= s.pattern->dead_from ? "Count" : "Expand") +
                     (p.rels[h.rel].variable_length ? "VariableLength " : " ");
              out += h.right ? p.nodes[h.rel].text + "-" + p.rels[h.rel].text + "-" + p.nodes[h.rel + 1].text
                             : p.nodes[h.rel + 1].text + "-" + p.rels[h.rel].text + "-" + p.nodes[h.rel].text;
              out += '\n';
            }
          }
        }
        if (s.pattern->where) out += pad + "  Filter\n";
        break;
      }
      case Step::Kind::Unwind: out += pad + "Unwind\n"; break;
      case Step::Kind::Project: {
        out += pad + (s.is_return ? "Return" : "With");
        if (!s.aggregates.empty()) out += " (aggregate: " + std::to_string(s.aggregates.size()) + ")";
        if (s.distinct) out += " (distinct)";
        out += '\n';
        if (!s.order.empty()) out += pad + "  Sort\n";
        if (s.skip) out += pad + "  Skip\n";
        if (s.limit) out += pad + "  Limit\n";
        if (s.where) out += pad + "  Filter\n";
        break;
      }
    }
  }
}

}  // namespace

std::string describe_plan(const Plan& plan) {
  std::string out;
  for (std::size_t i = 0; i < plan.parts.size(); ++i) {
    if (i > 0) out += plan.union_all[i - 1] ? "UnionAll\n" : "Union\n";
    describe_steps(plan.parts[i], out, 0);
  }
  return out;
}

}  // namespace kg::query
