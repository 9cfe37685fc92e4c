// plan: what the binder makes of a parsed query and the executor runs. Expressions are bound
// (variables to row slots, functions to their code, labels and relationship types to the
// graph's interned ids); each clause becomes one step of a pipeline; a MATCH clause keeps its
// pattern as the planner ordered it (an anchor node, then hops outwards from it).
#pragma once

#include "query/ast.hpp"
#include "query/value.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kg::query {

/// One row: a value per slot. Slots are numbered across the whole query; a clause's
/// variables are the slots its scope names.
using Row = std::vector<Value>;

inline constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
inline constexpr std::uint32_t kUnknownId = 0xFFFFFFFFu;  // a label or type the vault lacks

struct EvalContext;
struct Bound;
using BoundPtr = std::unique_ptr<Bound>;
struct PatternPlan;
struct SinglePlan;

/// A scalar function: its arguments, evaluated; `at` for error messages.
using Function = Value (*)(std::span<const Value> args, EvalContext& ctx, const Bound& at);

struct FunctionInfo {
  std::string_view name;  // lower case
  Function code;
  std::uint8_t min_args;
  std::uint8_t max_args;  // 255: any
};

/// The function `name` (case-insensitive), or nullptr.
const FunctionInfo* find_function(std::string_view name);

enum class AggregateKind : std::uint8_t {
  Count, CountStar, Collect, Min, Max, Sum, Avg, StDev, StDevP, PercentileCont, PercentileDisc
};

/// The aggregate `name` (case-insensitive), or nullopt.
std::optional<AggregateKind> find_aggregate(std::string_view name);

/// A bound expression.
struct Bound {
  enum class Op : std::uint8_t {
    Constant,     // constant
    Slot,         // slot
    Property,     // args[0].name
    List,         // args
    Map,          // keys[i]: args[i]
    Call,         // function(args)
    Not, Negate, And, Or, Xor,
    Add, Subtract, Multiply, Divide, Modulo, Power,
    Compare,      // args[0] ops[0] args[1] ops[1] args[2] ...
    In, StartsWith, EndsWith, Contains, Regex,
    IsNull, IsNotNull,
    Index,        // args[0][args[1]]
    Slice,        // args[0][args[1]..args[2]], missing bounds null
    Case,         // [subject] (when, then)* else; `flag`: has a subject
    Comprehension,  // slot = each of args[0]; where args[1]; map args[2] (nullable)
    Quantifier,   // sub: 0 all, 1 any, 2 none, 3 single; slot; args: list, predicate
    HasLabels,    // args[0] has every label in ids
    Exists,       // subplan has a row, run from this row (pattern predicates, EXISTS {})
    PatternComprehension,  // [args[0] for each row of subplan, run from this row]
  };
  enum class Cmp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

  Op op = Op::Constant;
  Place place;
  Value constant;
  std::uint32_t slot = kNoSlot;
  std::string name;
  std::vector<std::string> keys;
  std::vector<Cmp> ops;
  std::vector<std::uint32_t> ids;
  std::vector<BoundPtr> args;  // entries may be null where the AST's are
  Function function = nullptr;
  std::uint8_t sub = 0;
  bool flag = false;
  std::shared_ptr<SinglePlan> subplan;
};

// --- patterns ---------------------------------------------------------------------------

struct PropertyTest {
  std::string key;
  BoundPtr value;
};

struct NodeStep {
  std::uint32_t slot = kNoSlot;      // always set: anonymous nodes get a hidden slot
  bool named = false;                // written with a variable
  std::vector<std::uint32_t> types;  // the node's type must be each (kUnknownId: none can be)
  std::vector<PropertyTest> properties;
  BoundPtr property_map;  // `(n $param)`: a map value
  std::string text;       // for --explain: `(c:company)`
};

struct RelStep {
  enum class Arrow : std::uint8_t { Right, Left, Both };
  std::uint32_t slot = kNoSlot;
  std::uint32_t segment_slot = kNoSlot;  // variable length: the walked nodes and relationships
  bool named = false;
  Arrow arrow = Arrow::Both;
  std::vector<std::uint32_t> relations;  // any of; empty: every relation
  bool no_relation = false;               // only unknown types were named: matches nothing
  std::vector<std::string> relation_names;
  std::vector<PropertyTest> properties;
  BoundPtr property_map;
  bool variable_length = false;
  std::int64_t min_hops = 1;
  std::int64_t max_hops = 1;  // -1: unbounded (the hop budget applies)
  std::string text;
};

inline constexpr std::size_t kNoRel = static_cast<std::size_t>(-1);

/// One comma-separated part of a pattern, as the planner orders it: the anchor (a node, or a
/// relationship found through the relation index, which binds both its ends), then the hops
/// to its right (towards the last node), then those to its left.
struct PartPlan {
  enum class Kind : std::uint8_t { Plain, Shortest, AllShortest };
  Kind kind = Kind::Plain;
  std::uint32_t path_slot = kNoSlot;
  std::vector<NodeStep> nodes;
  std::vector<RelStep> rels;  // rels[i] joins nodes[i] and nodes[i + 1]
  std::size_t anchor = 0;         // the anchor node (or, with anchor_rel, nodes[anchor_rel + 1])
  std::size_t anchor_rel = kNoRel;  // a relationship anchor: rels[anchor_rel]
  /// How the anchor's candidates are found.
  enum class Access : std::uint8_t { Bound, ByTitle, ById, ByType, Scan, ByRelation };
  Access access = Access::Scan;
  const Bound* access_key = nullptr;  // ByTitle, ById: the key expression (in nodes[anchor])
  /// A shortest path's other end: how its candidates are found.
  Access end_access = Access::Scan;
  const Bound* end_key = nullptr;
};

/// A pattern to match: its parts in the order the planner chose, then its WHERE.
struct PatternPlan {
  std::vector<PartPlan> parts;
  BoundPtr where;
  std::vector<std::uint32_t> new_slots;     // what the pattern binds (OPTIONAL MATCH nulls them)
  std::vector<std::uint32_t> bound_before;  // slots holding a value when it is matched
  /// By slot: read after the pattern (its WHERE, later steps, the answer). The last part's
  /// trailing hops that bind nothing live are counted, not enumerated (planner.hpp).
  std::vector<char> live;
  std::size_t dead_from = kNoRel;  // the last part's first counted hop (kNoRel: none)
};

/// Hop k of a part in the order it is matched: the relationship's index and whether it is
/// walked towards the last node (`right`).
struct HopRef {
  std::size_t rel;
  bool right;
};
inline std::size_t hop_count(const PartPlan& p) { return p.rels.size() - (p.anchor_rel != kNoRel ? 1 : 0); }
inline HopRef hop_at(const PartPlan& p, std::size_t k) {
  const std::size_t right_start = p.anchor_rel != kNoRel ? p.anchor_rel + 1 : p.anchor;
  const std::size_t left_start = p.anchor_rel != kNoRel ? p.anchor_rel : p.anchor;
  const std::size_t right_hops = p.rels.size() - right_start;
  if (k < right_hops) return {right_start + k, true};
  return {left_start - 1 - (k - right_hops), false};
}

// --- clauses ------------------------------------------------------------------------------

struct AggregateSpec {
  AggregateKind kind = AggregateKind::Count;
  bool distinct = false;
  std::vector<BoundPtr> args;
  Place place;
};

struct SortSpec {
  BoundPtr key;
  bool descending = false;
};

struct Step {
  enum class Kind : std::uint8_t { Match, Unwind, Project };
  Kind kind = Kind::Match;
  Place place;
  // Match
  bool optional = false;
  std::shared_ptr<PatternPlan> pattern;
  // Unwind
  BoundPtr list;
  std::uint32_t slot = kNoSlot;
  // Project (WITH, RETURN)
  bool is_return = false;
  bool distinct = false;
  std::vector<BoundPtr> items;           // in output order
  std::vector<std::uint32_t> out_slots;  // where each item goes
  std::vector<std::string> columns;      // RETURN's column names
  std::vector<bool> grouping;            // item is a grouping key (no aggregate inside)
  std::vector<AggregateSpec> aggregates; // their values go to aggregate_slots
  std::vector<std::uint32_t> aggregate_slots;
  std::vector<SortSpec> order;
  BoundPtr skip;
  BoundPtr limit;
  BoundPtr where;  // WITH ... WHERE
};

struct SinglePlan {
  std::vector<Step> steps;
  std::vector<std::string> columns;
  std::vector<std::uint32_t> column_slots;
};

struct Plan {
  std::vector<SinglePlan> parts;
  std::vector<bool> union_all;
  std::uint32_t slot_count = 0;
  std::vector<std::string> notices;  // unknown labels and types, with the closest known
};

}  // namespace kg::query
