#include "query/binder.hpp"

#include "query/planner.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace kg::query {

void semantic_error(const std::string& message, const Place& place) {
  throw QueryError(QueryError::Phase::Semantic, message, place.line, place.column, place.offset);
}

namespace {

enum class VarKind : std::uint8_t { Any, Scalar, List, Node, Relationship, RelationshipList, Path };

std::string_view kind_name(VarKind k) {
  switch (k) {
    case VarKind::Any: return "a value";
    case VarKind::Scalar: return "a value";
    case VarKind::List: return "a list";
    case VarKind::Node: return "a node";
    case VarKind::Relationship: return "a relationship";
    case VarKind::RelationshipList: return "a list of relationships";
    case VarKind::Path: return "a path";
  }
  return "a value";
}

struct Variable {
  std::string name;
  std::uint32_t slot = kNoSlot;
  VarKind kind = VarKind::Any;
};

// Innermost last: a lookup searches from the back, so a comprehension's variable shadows.
using Scope = std::vector<Variable>;

const Variable* find(const Scope& scope, std::string_view name) {
  for (auto it = scope.rbegin(); it != scope.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::string backticked(std::string_view name) {
  std::string out = "`";
  out += name;
  out += '`';
  return out;
}

// Structural equality, places aside: `ORDER BY n.name` names the item `n.name`.
bool same(const Expr* a, const Expr* b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->name != b->name || a->keys != b->keys || a->boolean != b->boolean ||
      a->integer != b->integer || a->distinct != b->distinct || a->star != b->star ||
      a->negated != b->negated || a->has_subject != b->has_subject || a->operands.size() != b->operands.size()) {
    return false;
  }
  if (a->kind == Expr::Kind::Float && !(a->number == b->number)) return false;
  if (a->pattern || b->pattern || a->subquery || b->subquery) return false;
  for (std::size_t i = 0; i < a->operands.size(); ++i) {
    if (!same(a->operands[i].get(), b->operands[i].get())) return false;
  }
  return true;
}

bool is_aggregate_call(const Expr& e) {
  return e.kind == Expr::Kind::Call && (e.star || find_aggregate(e.name).has_value());
}

bool contains_aggregate(const Expr* e) {
  if (!e) return false;
  if (is_aggregate_call(*e)) return true;
  if (e->kind == Expr::Kind::Exists || e->kind == Expr::Kind::PatternPredicate) return false;
  return std::any_of(e->operands.begin(), e->operands.end(), [](const ExprPtr& o) { return contains_aggregate(o.get()); });
}

BoundPtr make(Bound::Op op, const Place& place) {
  auto b = std::make_unique<Bound>();
  b->op = op;
  b->place = place;
  return b;
}

BoundPtr constant(Value v, const Place& place) {
  BoundPtr b = make(Bound::Op::Constant, place);
  b->constant = std::move(v);
  return b;
}

// The static half of openCypher's type errors: a variable whose kind is known passed to a
// function that cannot take it.
bool wrong_kind(std::string_view function, VarKind k) {
  if (k == VarKind::Any || k == VarKind::Scalar || k == VarKind::List) return false;
  if (function == "type" || function == "startnode" || function == "endnode") return k != VarKind::Relationship;
  if (function == "labels") return k != VarKind::Node;
  if (function == "length" || function == "nodes" || function == "relationships") return k != VarKind::Path;
  if (function == "size") return k == VarKind::Node || k == VarKind::Relationship || k == VarKind::Path;
  return false;
}

// Where the aggregates of the projection being bound go.
struct Aggregates {
  std::vector<AggregateSpec>* specs = nullptr;
  std::vector<std::uint32_t>* slots = nullptr;
};

class Binder {
 public:
  Binder(const Graph& graph, const Options& options) : g_(GraphAccess::impl(graph)), options_(options) {}

  Plan bind_query(const Query& q) {
    Plan plan;
    for (std::size_t i = 0; i < q.parts.size(); ++i) {
      plan.parts.push_back(single(q.parts[i], Scope{}, false));
      if (i > 0 && plan.parts[i].columns != plan.parts[0].columns) {
        semantic_error("DifferentColumnsInUnion: every part of a UNION must return the same columns",
                       q.parts[i].clauses.front().place);
      }
    }
    if (std::adjacent_find(q.union_all.begin(), q.union_all.end(), std::not_equal_to<>()) != q.union_all.end()) {
      semantic_error("InvalidClauseComposition: a query cannot mix UNION and UNION ALL", q.parts[1].clauses.front().place);
    }
    plan.union_all = q.union_all;
    plan.slot_count = slots_;
    plan.notices = std::move(notices_);
    plan_patterns(plan, g_);
    return plan;
  }

 private:
  std::uint32_t new_slot() { return slots_++; }

  // --- queries and clauses ----------------------------------------------------------------
  SinglePlan single(const SingleQuery& q, Scope scope, bool subquery) {
    SinglePlan plan;
    for (std::size_t i = 0; i < q.clauses.size(); ++i) {
      const Clause& c = q.clauses[i];
      switch (c.kind) {
        case Clause::Kind::Match: plan.steps.push_back(match(c, scope)); break;
        case Clause::Kind::Unwind: plan.steps.push_back(unwind(c, scope)); break;
        case Clause::Kind::With:
        case Clause::Kind::Return: plan.steps.push_back(project(c, scope)); break;
      }
    }
    if (!plan.steps.empty() && plan.steps.back().kind == Step::Kind::Project && plan.steps.back().is_return) {
      plan.columns = plan.steps.back().columns;
      plan.column_slots = plan.steps.back().out_slots;
    } else if (!subquery) {
      semantic_error("a query ends with RETURN", q.clauses.empty() ? Place{} : q.clauses.back().place);
    }
    return plan;
  }

  Step unwind(const Clause& c, Scope& scope) {
    Step s;
    s.kind = Step::Kind::Unwind;
    s.place = c.place;
    s.list = expr(*c.list, scope);
    if (find(scope, c.variable)) {
      semantic_error("VariableAlreadyBound: " + backticked(c.variable) + " is already bound", c.list->place);
    }
    s.slot = new_slot();
    scope.push_back({c.variable, s.slot, VarKind::Any});
    return s;
  }

  Step match(const Clause& c, Scope& scope) {
    Step step;
    step.kind = Step::Kind::Match;
    step.place = c.place;
    step.optional = c.optional;
    step.pattern = pattern(c.pattern, c.where.get(), scope, false);
    return step;
  }

  // Binds a MATCH pattern (or a pattern inside an expression: `closed`, where no new named
  // variable may appear) and plans it.
  std::shared_ptr<PatternPlan> pattern(std::span<const PatternPart> parts, const Expr* where, Scope& scope,
                                       bool closed) {
    auto plan = std::make_shared<PatternPlan>();
    const Scope before = scope;
    const std::uint32_t first = slots_;
    std::vector<std::string> clause_rels;  // relationship variables this pattern declares
    for (const PatternPart& p : parts) plan->parts.push_back(part(p, scope, before, clause_rels, closed));
    for (std::uint32_t s = first; s < slots_; ++s) plan->new_slots.push_back(s);
    if (where) {
      const bool saved = predicate_;
      predicate_ = true;
      if (where->kind == Expr::Kind::Variable) {
        const Variable* v = find(scope, where->name);
        if (v && v->kind != VarKind::Any && v->kind != VarKind::Scalar) {
          semantic_error("InvalidArgumentType: WHERE needs a Boolean, not " + std::string(kind_name(v->kind)),
                         where->place);
        }
      }
      plan->where = expr(*where, scope);
      predicate_ = saved;
    }
    for (const Variable& v : before) plan->bound_before.push_back(v.slot);
    return plan;
  }

  PartPlan part(const PatternPart& p, Scope& scope, const Scope& before, std::vector<std::string>& clause_rels,
                bool closed) {
    PartPlan part;
    part.kind = p.kind == PatternPart::Kind::Plain      ? PartPlan::Kind::Plain
                : p.kind == PatternPart::Kind::Shortest ? PartPlan::Kind::Shortest
                                                        : PartPlan::Kind::AllShortest;
    if (part.kind != PartPlan::Kind::Plain && p.relationships.size() != 1) {
      semantic_error("a shortest path pattern has exactly one relationship", p.place);
    }
    const auto path_bound = [&] {
      if (!p.path_variable.empty() && find(scope, p.path_variable)) {
        semantic_error("VariableAlreadyBound: " + backticked(p.path_variable) + " is already bound", p.place);
      }
    };
    path_bound();
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
      part.nodes.push_back(node(p.nodes[i], scope, closed));
      if (i < p.relationships.size()) {
        part.rels.push_back(relationship(p.relationships[i], scope, before, clause_rels, closed));
      }
    }
    path_bound();
    if (!p.path_variable.empty()) {
      if (closed) semantic_error("a pattern expression cannot name a path", p.place);
      part.path_slot = new_slot();
      scope.push_back({p.path_variable, part.path_slot, VarKind::Path});
    }
    return part;
  }

  NodeStep node(const NodePattern& n, Scope& scope, bool closed) {
    NodeStep s;
    s.text = "(" + n.variable;
    if (!n.variable.empty()) {
      s.named = true;
      if (const Variable* v = find(scope, n.variable)) {
        if (v->kind != VarKind::Node && v->kind != VarKind::Any) {
          semantic_error("VariableTypeConflict: " + backticked(n.variable) + " is " + std::string(kind_name(v->kind)) +
                             ", not a node",
                         n.place);
        }
        s.slot = v->slot;
      } else {
        if (closed) semantic_error("UndefinedVariable: " + backticked(n.variable) + " is not defined", n.place);
        s.slot = new_slot();
        scope.push_back({n.variable, s.slot, VarKind::Node});
      }
    } else {
      s.slot = new_slot();
    }
    for (const std::string& label : n.labels) {
      s.text += ":" + label;
      s.types.push_back(type_id(label));
    }
    properties(n.properties.get(), scope, s.properties, s.property_map);
    s.text += ")";
    return s;
  }

  RelStep relationship(const RelationshipPattern& r, Scope& scope, const Scope& before,
                       std::vector<std::string>& clause_rels, bool closed) {
    RelStep s;
    s.arrow = r.arrow == RelationshipPattern::Arrow::Right  ? RelStep::Arrow::Right
              : r.arrow == RelationshipPattern::Arrow::Left ? RelStep::Arrow::Left
                                                            : RelStep::Arrow::Both;
    s.variable_length = r.variable_length;
    s.min_hops = r.variable_length ? r.min_hops : 1;
    s.max_hops = r.variable_length ? r.max_hops : 1;
    if (!r.variable.empty()) {
      s.named = true;
      const Variable* v = find(scope, r.variable);
      if (v && std::find(clause_rels.begin(), clause_rels.end(), r.variable) != clause_rels.end()) {
        semantic_error("RelationshipUniquenessViolation: " + backticked(r.variable) +
                           " cannot name two relationships of one pattern",
                       r.place);
      }
      if (v) {
        const bool earlier = find(before, r.variable) != nullptr;
        const bool ok = earlier && (v->kind == VarKind::Any ||
                                    v->kind == (r.variable_length ? VarKind::RelationshipList : VarKind::Relationship) ||
                                    (r.variable_length && v->kind == VarKind::List));
        if (!ok) {
          semantic_error("VariableTypeConflict: " + backticked(r.variable) + " is " + std::string(kind_name(v->kind)) +
                             ", not " + std::string(kind_name(r.variable_length ? VarKind::RelationshipList
                                                                                 : VarKind::Relationship)),
                         r.place);
        }
        s.slot = v->slot;
      } else {
        if (closed) semantic_error("UndefinedVariable: " + backticked(r.variable) + " is not defined", r.place);
        s.slot = new_slot();
        scope.push_back({r.variable, s.slot, r.variable_length ? VarKind::RelationshipList : VarKind::Relationship});
      }
      clause_rels.push_back(r.variable);
    } else {
      s.slot = new_slot();
    }
    if (r.variable_length) s.segment_slot = new_slot();
    for (const std::string& type : r.types) {
      s.relation_names.push_back(type);
      const std::uint32_t id = relation_id(type);
      if (id != kUnknownId) s.relations.push_back(id);
    }
    s.no_relation = !r.types.empty() && s.relations.empty();
    std::sort(s.relations.begin(), s.relations.end());
    s.relations.erase(std::unique(s.relations.begin(), s.relations.end()), s.relations.end());
    properties(r.properties.get(), scope, s.properties, s.property_map);
    s.text = "[" + r.variable;
    for (std::size_t i = 0; i < r.types.size(); ++i) s.text += (i == 0 ? ":" : "|") + r.types[i];
    if (r.variable_length) {
      s.text += "*" + std::to_string(s.min_hops) + ".." + (s.max_hops < 0 ? std::string() : std::to_string(s.max_hops));
    }
    s.text += "]";
    return s;
  }

  void properties(const Expr* map, Scope& scope, std::vector<PropertyTest>& tests, BoundPtr& whole) {
    if (!map) return;
    if (map->kind == Expr::Kind::Map) {
      for (std::size_t i = 0; i < map->keys.size(); ++i) {
        tests.push_back(PropertyTest{map->keys[i], expr(*map->operands[i], scope)});
      }
    } else {
      whole = expr(*map, scope);
    }
  }

  std::uint32_t type_id(const std::string& label) {
    std::string canonical = label;
    if (const TypeSpec* spec = g_.schema.type(label)) canonical = spec->name;
    const auto id = g_.types.find(canonical);
    if (!id) notice("label", label, g_.types);
    return id ? *id : kUnknownId;
  }

  std::uint32_t relation_id(const std::string& type) {
    std::string canonical = util::normalise_relation(type);
    if (const RelationSpec* spec = g_.schema.relation(type)) canonical = spec->name;
    const auto id = g_.relations.find(canonical);
    if (!id) notice("type", type, g_.relations);
    return id ? *id : kUnknownId;
  }

  // A property no node or relationship has reads null, as openCypher says; when a key the
  // vault has is close to it, a person who mistyped it hears of that one.
  void property_hint(const std::string& key) {
    static constexpr std::string_view kBuiltIn[] = {"id", "title", "path", "type", "tags", "aliases",
                                                    "implied", "statements", "file", "line", "col"};
    for (const std::string_view b : kBuiltIn) {
      if (key == b) return;
    }
    const std::vector<std::string_view>& keys = g_.property_keys();
    if (std::binary_search(keys.begin(), keys.end(), std::string_view(key))) return;
    const std::string_view closest = closest_name(key, keys);
    if (closest.empty()) return;
    std::string text = "no node or relationship has property " + backticked(key) + "; did you mean " +
                       backticked(closest) + "?";
    if (std::find(notices_.begin(), notices_.end(), text) == notices_.end()) notices_.push_back(std::move(text));
  }

  // The name within two edits of `name` (case aside), closest first; empty when none is.
  template <typename Names>
  static std::string_view closest_name(const std::string& name, const Names& names) {
    const std::u32string wanted = util::code_points(util::fold(name));
    std::size_t best = 3;
    std::string_view closest;
    for (const std::string_view candidate : names) {
      const std::size_t d = util::edit_distances(wanted, util::code_points(util::fold(candidate)), 2).whole;
      if (d < best) {
        best = d;
        closest = candidate;
      }
    }
    return closest;
  }

  // A name the vault does not have matches nothing, as openCypher says; a person who
  // mistyped it hears of the closest name it has (within two edits, case aside).
  void notice(std::string_view what, const std::string& name, const Interner& names) {
    std::vector<std::string_view> all;
    for (std::uint32_t i = 0; i < names.size(); ++i) all.push_back(names.name(i));
    const std::string_view closest = closest_name(name, all);
    std::string text = what == "label" ? "no node has " : "no relationship has ";
    text += what;
    text += " " + backticked(name);
    if (!closest.empty()) text += "; did you mean " + backticked(closest) + "?";
    if (std::find(notices_.begin(), notices_.end(), text) == notices_.end()) notices_.push_back(std::move(text));
  }

  Step project(const Clause& c, Scope& scope) {
    Step s;
    s.kind = Step::Kind::Project;
    s.place = c.place;
    s.is_return = c.kind == Clause::Kind::Return;
    s.distinct = c.distinct;
    std::vector<std::string> names;
    std::vector<const Expr*> exprs;
    std::vector<VarKind> kinds;
    Aggregates aggregates{&s.aggregates, &s.aggregate_slots};
    if (c.star) {
      std::vector<const Variable*> visible;
      for (const Variable& v : scope) {
        if (find(scope, v.name) == &v) visible.push_back(&v);
      }
      std::sort(visible.begin(), visible.end(), [](const Variable* a, const Variable* b) { return a->name < b->name; });
      if (visible.empty() && c.items.empty()) {
        semantic_error("NoVariablesInScope: there is no variable for * to project", c.place);
      }
      for (const Variable* v : visible) {
        BoundPtr b = make(Bound::Op::Slot, c.place);
        b->slot = v->slot;
        s.items.push_back(std::move(b));
        s.grouping.push_back(true);
        names.push_back(v->name);
        exprs.push_back(nullptr);
        kinds.push_back(v->kind);
      }
    }
    for (const ProjectionItem& item : c.items) {
      std::string name = item.alias;
      if (name.empty()) {
        if (item.expr->kind == Expr::Kind::Variable) {
          name = item.expr->name;
        } else if (!s.is_return) {
          semantic_error("NoExpressionAlias: an expression in WITH needs a name (AS)", item.expr->place);
        } else {
          name = item.text;
        }
      }
      const std::size_t before = s.aggregates.size();
      aggregates_ = aggregates;
      s.items.push_back(expr(*item.expr, scope));
      aggregates_ = {};
      s.grouping.push_back(s.aggregates.size() == before);
      names.push_back(std::move(name));
      exprs.push_back(item.expr.get());
      kinds.push_back(kind_of(*item.expr, scope));
    }
    {
      std::unordered_set<std::string_view> seen;  // hashed: a projection may have thousands
      for (const std::string& name : names) {
        if (!seen.insert(name).second) {
          semantic_error("ColumnNameConflict: two columns are named " + backticked(name), c.place);
        }
      }
    }
    const bool aggregating = !s.aggregates.empty();
    if (aggregating) {
      for (std::size_t i = 0; i < exprs.size(); ++i) {
        std::vector<std::string> locals;
        if (!s.grouping[i] && exprs[i]) check_ambiguous(*exprs[i], exprs, s.grouping, locals);
      }
    }
    Scope next;
    for (std::size_t i = 0; i < names.size(); ++i) {
      s.out_slots.push_back(new_slot());
      next.push_back({names[i], s.out_slots[i], kinds[i]});
    }
    // ORDER BY sees the new names, and the old ones while rows keep their variables.
    // ORDER BY and WITH's WHERE see the new names and the old ones (rows keep their
    // variables; after grouping, each group's first row stands for it), and an expression
    // the projection computed reads its column: `WITH a.x AS x ORDER BY a.x`.
    // Grouping and DISTINCT leave only the new names.
    Scope wide = aggregating || s.distinct ? Scope{} : scope;
    wide.insert(wide.end(), next.begin(), next.end());
    for (std::size_t i = 0; i < exprs.size(); ++i) {
      if (exprs[i]) substitutions_.emplace_back(exprs[i], s.out_slots[i]);
    }
    for (const SortItem& item : c.order) {
      SortSpec spec;
      spec.descending = item.descending;
      if (contains_aggregate(item.expr.get())) {
        if (!aggregating) {
          semantic_error("InvalidAggregation: ORDER BY can use an aggregate only when the projection aggregates",
                         item.expr->place);
        }
        // The names of grouping columns stand for their keys.
        std::vector<std::string> locals;
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (s.grouping[i]) locals.push_back(names[i]);
        }
        check_ambiguous(*item.expr, exprs, s.grouping, locals);
      }
      spec.key = expr(*item.expr, wide);
      s.order.push_back(std::move(spec));
    }
    if (c.skip) s.skip = paging(*c.skip, "SKIP");
    if (c.limit) s.limit = paging(*c.limit, "LIMIT");
    if (c.where) {
      predicate_ = true;
      s.where = expr(*c.where, wide);
      predicate_ = false;
    }
    substitutions_.clear();
    scope = std::move(next);
    if (s.is_return) s.columns = names;
    return s;
  }

  // SKIP and LIMIT take a constant: no variables.
  BoundPtr paging(const Expr& e, const char* what) {
    Scope none;
    try {
      return expr(e, none);
    } catch (const QueryError&) {
      semantic_error(std::string("NonConstantExpression: ") + what + " takes a constant or a parameter", e.place);
    }
  }

  // An aggregating item may use, outside its aggregates, only what it groups by (and the
  // variables of its own comprehensions and quantifiers).
  void check_ambiguous(const Expr& e, const std::vector<const Expr*>& items, const std::vector<bool>& grouping,
                       std::vector<std::string>& locals) {
    if (is_aggregate_call(e)) return;
    // A grouping key counts here when it is a variable or a property (openCypher).
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (grouping[i] && items[i] && same(items[i], &e) &&
          (e.kind == Expr::Kind::Variable || e.kind == Expr::Kind::Property)) {
        return;
      }
    }
    if (e.kind == Expr::Kind::Variable && std::find(locals.begin(), locals.end(), e.name) == locals.end()) {
      semantic_error("AmbiguousAggregationExpression: " + backticked(e.name) +
                         " is used beside an aggregate without being a grouping key",
                     e.place);
    }
    const bool binds = e.kind == Expr::Kind::Comprehension || e.kind == Expr::Kind::Quantifier;
    for (std::size_t i = 0; i < e.operands.size(); ++i) {
      if (binds && i == 1) locals.push_back(e.kind == Expr::Kind::Comprehension ? e.name : e.keys[0]);
      if (e.operands[i]) check_ambiguous(*e.operands[i], items, grouping, locals);
    }
    if (binds && e.operands.size() > 1) locals.pop_back();
  }

  VarKind kind_of(const Expr& e, const Scope& scope) const {
    switch (e.kind) {
      case Expr::Kind::Variable: {
        const Variable* v = find(scope, e.name);
        return v ? v->kind : VarKind::Any;
      }
      case Expr::Kind::Null: return VarKind::Any;
      case Expr::Kind::Bool:
      case Expr::Kind::Int:
      case Expr::Kind::Float:
      case Expr::Kind::String:
      case Expr::Kind::List:
      case Expr::Kind::Comprehension: return VarKind::List;
      case Expr::Kind::Map:
      case Expr::Kind::Compare:
      case Expr::Kind::IsNull:
      case Expr::Kind::Binary: return VarKind::Scalar;
      default: return VarKind::Any;
    }
  }

  // --- expressions --------------------------------------------------------------------------
  BoundPtr expr(const Expr& e, Scope& scope) {
    for (const auto& [projected, slot] : substitutions_) {
      if (same(projected, &e)) {
        BoundPtr b = make(Bound::Op::Slot, e.place);
        b->slot = slot;
        return b;
      }
    }
    switch (e.kind) {
      case Expr::Kind::Null: return constant(Value(), e.place);
      case Expr::Kind::Bool: return constant(Value::boolean(e.boolean), e.place);
      case Expr::Kind::Int: return constant(Value::integer(e.integer), e.place);
      case Expr::Kind::Float: return constant(Value::number(e.number), e.place);
      case Expr::Kind::String: return constant(Value::string(e.name), e.place);
      case Expr::Kind::Parameter: {
        const auto it = options_.parameters.find(e.name);
        if (it == options_.parameters.end()) {
          semantic_error("ParameterMissing: no value was given for $" + e.name, e.place);
        }
        return constant(it->second, e.place);
      }
      case Expr::Kind::Variable: {
        const Variable* v = find(scope, e.name);
        if (!v) semantic_error("UndefinedVariable: " + backticked(e.name) + " is not defined", e.place);
        BoundPtr b = make(Bound::Op::Slot, e.place);
        b->slot = v->slot;
        return b;
      }
      case Expr::Kind::Property: {
        if (e.operands[0]->kind == Expr::Kind::Variable) {
          const Variable* v = find(scope, e.operands[0]->name);
          if (v && (v->kind == VarKind::Path || v->kind == VarKind::RelationshipList)) {
            semantic_error("InvalidArgumentType: " + std::string(kind_name(v->kind)) + " has no properties", e.place);
          }
        }
        BoundPtr b = make(Bound::Op::Property, e.place);
        b->name = e.name;
        b->args.push_back(expr(*e.operands[0], scope));
        property_hint(e.name);
        return b;
      }
      case Expr::Kind::List: {
        BoundPtr b = make(Bound::Op::List, e.place);
        bool all_constant = true;
        for (const ExprPtr& o : e.operands) {
          b->args.push_back(expr(*o, scope));
          all_constant = all_constant && b->args.back()->op == Bound::Op::Constant;
        }
        if (all_constant) {
          Value::List items;
          for (const BoundPtr& a : b->args) items.push_back(a->constant);
          return constant(Value::list(std::move(items)), e.place);
        }
        return b;
      }
      case Expr::Kind::Map: {
        BoundPtr b = make(Bound::Op::Map, e.place);
        b->keys = e.keys;
        for (const ExprPtr& o : e.operands) b->args.push_back(expr(*o, scope));
        return b;
      }
      case Expr::Kind::Call: return call(e, scope);
      case Expr::Kind::Unary: {
        BoundPtr inner = expr(*e.operands[0], scope);
        if (e.name == "+") return inner;
        BoundPtr b = make(e.name == "-" ? Bound::Op::Negate : Bound::Op::Not, e.place);
        b->args.push_back(std::move(inner));
        return b;
      }
      case Expr::Kind::Binary: {
        static const std::pair<std::string_view, Bound::Op> kOps[] = {
            {"OR", Bound::Op::Or},           {"XOR", Bound::Op::Xor},         {"AND", Bound::Op::And},
            {"+", Bound::Op::Add},           {"-", Bound::Op::Subtract},      {"*", Bound::Op::Multiply},
            {"/", Bound::Op::Divide},        {"%", Bound::Op::Modulo},        {"^", Bound::Op::Power},
            {"=~", Bound::Op::Regex},        {"STARTS WITH", Bound::Op::StartsWith},
            {"ENDS WITH", Bound::Op::EndsWith}, {"CONTAINS", Bound::Op::Contains}, {"IN", Bound::Op::In}};
        Bound::Op op = Bound::Op::And;
        for (const auto& [name, o] : kOps) {
          if (e.name == name) op = o;
        }
        BoundPtr b = make(op, e.place);
        b->args.push_back(expr(*e.operands[0], scope));
        b->args.push_back(expr(*e.operands[1], scope));
        return b;
      }
      case Expr::Kind::Compare: {
        BoundPtr b = make(Bound::Op::Compare, e.place);
        for (const ExprPtr& o : e.operands) b->args.push_back(expr(*o, scope));
        for (const std::string& k : e.keys) {
          b->ops.push_back(k == "="    ? Bound::Cmp::Eq
                           : k == "<>" ? Bound::Cmp::Ne
                           : k == "<"  ? Bound::Cmp::Lt
                           : k == "<=" ? Bound::Cmp::Le
                           : k == ">"  ? Bound::Cmp::Gt
                                       : Bound::Cmp::Ge);
        }
        return b;
      }
      case Expr::Kind::IsNull: {
        BoundPtr b = make(e.negated ? Bound::Op::IsNotNull : Bound::Op::IsNull, e.place);
        b->args.push_back(expr(*e.operands[0], scope));
        return b;
      }
      case Expr::Kind::Index:
      case Expr::Kind::Slice:
      case Expr::Kind::Case: {
        BoundPtr b = make(e.kind == Expr::Kind::Index   ? Bound::Op::Index
                          : e.kind == Expr::Kind::Slice ? Bound::Op::Slice
                                                        : Bound::Op::Case,
                          e.place);
        b->flag = e.has_subject;
        for (const ExprPtr& o : e.operands) b->args.push_back(o ? expr(*o, scope) : nullptr);
        return b;
      }
      case Expr::Kind::Comprehension:
      case Expr::Kind::Quantifier: {
        const bool comprehension = e.kind == Expr::Kind::Comprehension;
        BoundPtr b = make(comprehension ? Bound::Op::Comprehension : Bound::Op::Quantifier, e.place);
        b->args.push_back(expr(*e.operands[0], scope));
        b->slot = new_slot();
        scope.push_back({comprehension ? e.name : e.keys[0], b->slot, VarKind::Any});
        const auto saved = aggregates_;
        aggregates_ = {};
        for (std::size_t i = 1; i < e.operands.size(); ++i) {
          const bool saved_predicate = predicate_;
          // The filter of a comprehension and a quantifier's predicate are WHEREs.
          predicate_ = comprehension ? i == 1 : true;
          b->args.push_back(e.operands[i] ? expr(*e.operands[i], scope) : nullptr);
          predicate_ = saved_predicate;
        }
        aggregates_ = saved;
        scope.pop_back();
        if (!comprehension) {
          b->sub = e.name == "all" ? 0 : e.name == "any" ? 1 : e.name == "none" ? 2 : 3;
        }
        return b;
      }
      case Expr::Kind::Labels: {
        BoundPtr b = make(Bound::Op::HasLabels, e.place);
        b->args.push_back(expr(*e.operands[0], scope));
        for (const std::string& label : e.keys) b->ids.push_back(type_id(label));
        b->keys = e.keys;
        return b;
      }
      case Expr::Kind::PatternPredicate: {
        if (!predicate_) {
          semantic_error("UnexpectedSyntax: a pattern is a predicate only in WHERE; use EXISTS { ... } or a "
                         "pattern comprehension [(a)-->(b) | b] elsewhere",
                         e.place);
        }
        Scope inner = scope;
        auto plan = std::make_shared<SinglePlan>();
        Step step;
        step.kind = Step::Kind::Match;
        step.place = e.place;
        step.pattern = pattern(std::span<const PatternPart>(e.pattern.get(), 1), nullptr, inner, true);
        plan->steps.push_back(std::move(step));
        BoundPtr b = make(Bound::Op::Exists, e.place);
        b->subplan = std::move(plan);
        return b;
      }
      case Expr::Kind::Exists: {
        BoundPtr b = make(Bound::Op::Exists, e.place);
        const auto saved = aggregates_;
        aggregates_ = {};
        b->subplan = std::make_shared<SinglePlan>(single(*e.subquery, scope, true));
        aggregates_ = saved;
        return b;
      }
      case Expr::Kind::PatternComprehension: {
        Scope inner = scope;
        auto plan = std::make_shared<SinglePlan>();
        Step step;
        step.kind = Step::Kind::Match;
        step.place = e.place;
        const auto saved = aggregates_;
        aggregates_ = {};
        step.pattern = pattern(std::span<const PatternPart>(e.pattern.get(), 1), e.operands[0].get(), inner, false);
        // The projection reads the pattern's variables: they are the sub-plan's answer.
        plan->column_slots = step.pattern->new_slots;
        plan->steps.push_back(std::move(step));
        BoundPtr b = make(Bound::Op::PatternComprehension, e.place);
        b->args.push_back(expr(*e.operands[1], inner));
        aggregates_ = saved;
        b->subplan = std::move(plan);
        return b;
      }
    }
    semantic_error("this expression is not supported", e.place);
  }

  BoundPtr call(const Expr& e, Scope& scope) {
    const std::string name = util::ascii_lower(e.name);
    if (e.star || find_aggregate(name)) {
      if (!aggregates_.specs) {
        semantic_error(in_aggregate_ ? "NestedAggregation: an aggregate cannot contain another"
                                     : "InvalidAggregation: " + e.name + "() cannot be used here",
                       e.place);
      }
      AggregateSpec spec;
      spec.kind = e.star ? AggregateKind::CountStar : *find_aggregate(name);
      spec.distinct = e.distinct;
      spec.place = e.place;
      const std::size_t want = spec.kind == AggregateKind::CountStar ? 0
                               : (spec.kind == AggregateKind::PercentileCont || spec.kind == AggregateKind::PercentileDisc) ? 2
                                                                                                                            : 1;
      if (e.operands.size() != want) {
        semantic_error("InvalidNumberOfArguments: " + e.name + "() takes " + std::to_string(want) + " argument" +
                           (want == 1 ? "" : "s"),
                       e.place);
      }
      const Aggregates saved = aggregates_;
      aggregates_ = {};
      in_aggregate_ = true;
      for (const ExprPtr& o : e.operands) spec.args.push_back(expr(*o, scope));
      in_aggregate_ = false;
      aggregates_ = saved;
      const std::uint32_t slot = new_slot();
      aggregates_.specs->push_back(std::move(spec));
      aggregates_.slots->push_back(slot);
      BoundPtr b = make(Bound::Op::Slot, e.place);
      b->slot = slot;
      return b;
    }
    const FunctionInfo* f = find_function(name);
    if (!f) semantic_error("UnknownFunction: " + e.name + "() is not a function kg knows", e.place);
    if (e.operands.size() < f->min_args || (f->max_args != 255 && e.operands.size() > f->max_args)) {
      semantic_error("InvalidNumberOfArguments: " + e.name + "() does not take " + std::to_string(e.operands.size()) +
                         " argument" + (e.operands.size() == 1 ? "" : "s"),
                     e.place);
    }
    if (e.distinct) semantic_error("DISTINCT is for aggregates, not " + e.name + "()", e.place);
    for (const ExprPtr& o : e.operands) {
      if (o->kind != Expr::Kind::Variable) continue;
      const Variable* v = find(scope, o->name);
      if (v && wrong_kind(name, v->kind)) {
        semantic_error("InvalidArgumentType: " + e.name + "() does not take " + std::string(kind_name(v->kind)),
                       o->place);
      }
    }
    BoundPtr b = make(Bound::Op::Call, e.place);
    b->name = e.name;
    b->function = f->code;
    for (const ExprPtr& o : e.operands) b->args.push_back(expr(*o, scope));
    return b;
  }

  const Graph::Impl& g_;
  const Options& options_;
  std::uint32_t slots_ = 0;
  Aggregates aggregates_;
  bool in_aggregate_ = false;
  bool predicate_ = false;  // binding a WHERE: pattern predicates may appear
  std::vector<std::pair<const Expr*, std::uint32_t>> substitutions_;
  std::vector<std::string> notices_;
};

}  // namespace

Plan bind(const Query& query, const Graph& graph, const Options& options) {
  return Binder(graph, options).bind_query(query);
}

}  // namespace kg::query
