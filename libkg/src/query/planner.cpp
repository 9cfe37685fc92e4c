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
void keys_in_where(const Bound* where, std::unordered_map<std::uint32_t, std::pair<std::string, const Bound*>>& out) {
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

struct Choice {
  double cost = std::numeric_limits<double>::infinity();
  std::size_t node = 0;
  PartPlan::Access access = PartPlan::Access::Scan;
  const Bound* key = nullptr;
};

}  // namespace

void plan_pattern(PatternPlan& pattern, const Graph::Impl& g, std::vector<char> bound) {
  std::unordered_map<std::uint32_t, std::pair<std::string, const Bound*>> where_keys;
  keys_in_where(pattern.where.get(), where_keys);
  std::unordered_map<std::uint32_t, std::size_t> per_type;
  for (const NodeRecord& n : g.nodes) ++per_type[n.type];
  const auto all = static_cast<double>(g.nodes.size());
  const auto is_bound = [&](std::uint32_t slot) { return slot < bound.size() && bound[slot]; };

  const auto choose = [&](const PartPlan& part) {
    Choice best;
    const std::size_t last = part.kind == PartPlan::Kind::Plain ? part.nodes.size() : 1;
    for (std::size_t i = 0; i < last; ++i) {
      const NodeStep& n = part.nodes[i];
      Choice c;
      c.node = i;
      if (is_bound(n.slot)) {
        c.cost = 0;
        c.access = PartPlan::Access::Bound;
      }
      for (const PropertyTest& t : n.properties) {
        if (c.cost > 1 && is_key(t.key) && t.value->op == Bound::Op::Constant) {
          c.cost = 1;
          c.access = access_of(t.key);
          c.key = t.value.get();
        }
      }
      if (const auto it = where_keys.find(n.slot); c.cost > 1 && it != where_keys.end()) {
        c.cost = 1;
        c.access = access_of(it->second.first);
        c.key = it->second.second;
      }
      for (const std::uint32_t type : n.types) {
        const double count = type == kUnknownId ? 0 : static_cast<double>(per_type[type]);
        if (count + 1 < c.cost) {
          c.cost = count + 1;
          c.access = PartPlan::Access::ByType;
        }
      }
      if (c.cost == std::numeric_limits<double>::infinity()) c.cost = all + 2;
      if (c.cost < best.cost) best = c;
    }
    // Shortest paths wait for their ends to be bound by the other parts.
    if (part.kind != PartPlan::Kind::Plain) best.cost += 2 * all + 4;
    return best;
  };

  std::vector<PartPlan> ordered;
  while (!pattern.parts.empty()) {
    std::size_t pick = 0;
    Choice best;
    for (std::size_t i = 0; i < pattern.parts.size(); ++i) {
      const Choice c = choose(pattern.parts[i]);
      if (c.cost < best.cost) {
        best = c;
        pick = i;
      }
    }
    PartPlan part = std::move(pattern.parts[pick]);
    pattern.parts.erase(pattern.parts.begin() + static_cast<std::ptrdiff_t>(pick));
    part.anchor = best.node;
    part.access = best.access;
    part.access_key = best.key;
    for (const NodeStep& n : part.nodes) {
      if (n.slot >= bound.size()) bound.resize(n.slot + 1, 0);
      bound[n.slot] = 1;
    }
    ordered.push_back(std::move(part));
  }
  pattern.parts = std::move(ordered);
}

namespace {

std::string_view access_name(PartPlan::Access a) {
  switch (a) {
    case PartPlan::Access::Bound: return "bound";
    case PartPlan::Access::ByTitle: return "title index";
    case PartPlan::Access::ById: return "id index";
    case PartPlan::Access::ByType: return "type scan";
    case PartPlan::Access::Scan: return "all nodes";
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
          out += p.nodes[p.anchor].text;
          out += " by ";
          out += access_name(p.access);
          out += '\n';
          const auto hop = [&](std::size_t r, bool right) {
            out += pad + "    Expand" + (p.rels[r].variable_length ? "VariableLength " : " ");
            out += right ? p.nodes[r].text + "-" + p.rels[r].text + "-" + p.nodes[r + 1].text
                         : p.nodes[r + 1].text + "-" + p.rels[r].text + "-" + p.nodes[r].text;
            out += '\n';
          };
          if (p.kind == PartPlan::Kind::Plain) {
            for (std::size_t r = p.anchor; r < p.rels.size(); ++r) hop(r, true);
            for (std::size_t r = p.anchor; r-- > 0;) hop(r, false);
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
