#include "query/executor.hpp"

#include "query/evaluate.hpp"
#include "resolve/name_index.hpp"
#include "traverse/walk.hpp"
#include "util/unicode.hpp"

#include <kg/traverse.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <span>
#include <unordered_map>
#include <unordered_set>

namespace kg::query {

namespace {

using Kind = Value::Kind;
using Clock = std::chrono::steady_clock;

[[noreturn]] void over_budget(const std::string& what) { throw Error(ErrorCode::BudgetExceeded, what); }

struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return order(a, b) < 0; }
};

class Executor;

/// One step of a pipeline: rows are pushed in; `emit` pushes to the next step. A row comes
/// with a weight, the number of identical rows it stands for: a pattern whose last hops no
/// later step reads counts their matches instead of binding each (count(*) over a million
/// matches adds a million once per anchor); steps that need the rows themselves repeat them.
class Operator {
 public:
  virtual ~Operator() = default;
  /// Takes a row `weight` times; false when no more rows are wanted.
  virtual bool consume(Row& row, std::uint64_t weight) = 0;
  /// No more rows will come: flush what is held, then finish the next step.
  virtual void finish() {
    if (next_) next_->finish();
  }
  Operator* next_ = nullptr;

 protected:
  bool emit(Row& row, std::uint64_t weight) {
    if (!open_) return false;
    open_ = next_->consume(row, weight);
    return open_;
  }
  bool open_ = true;
};

/// The end of a pipeline: hands each row to a callback.
class Sink final : public Operator {
 public:
  explicit Sink(std::function<bool(const Row&)> f) : f_(std::move(f)) {}
  bool consume(Row& row, std::uint64_t weight) override {
    for (std::uint64_t k = 0; k < weight; ++k) {
      if (!f_(row)) return false;
    }
    return true;
  }
  void finish() override {}

 private:
  std::function<bool(const Row&)> f_;
};

class Executor final : public SubplanRunner {
 public:
  Executor(const Plan& plan, const Graph& graph, const Options& options)
      : plan_(plan),
        ctx_(graph, options),
        g_(GraphAccess::impl(graph)),
        types_(g_.type_index()),
        walk_(graph, walk_options(options)) {
    ctx_.subplans = this;
    if (options.time_limit.count() > 0) deadline_ = Clock::now() + options.time_limit;
  }

  Result run_all();

  void run(const SinglePlan& plan, const Row& row, const std::function<bool(const Row&)>& found) override {
    Row r = row;
    if (r.size() < plan_.slot_count) r.resize(plan_.slot_count);
    auto ops = build(plan, std::make_unique<Sink>(found));
    ops.front()->consume(r, 1);
    ops.front()->finish();
  }

  EvalContext& ctx() { return ctx_; }
  const Graph::Impl& g() const { return g_; }
  const traverse::Walk& walk() const { return walk_; }
  const Options& options() const { return ctx_.options; }
  std::uint32_t slot_count() const { return plan_.slot_count; }

  /// Counts work; checks the clock and the cancel flag every so often.
  void tick() {
    if ((++ticks_ & 0x3FF) == 0) check();
  }
  void check() const {
    if (ctx_.options.cancel && ctx_.options.cancel->load()) throw Error(ErrorCode::Cancelled, "the query was cancelled");
    if (deadline_ && Clock::now() > *deadline_) {
      over_budget("the query ran past its time limit (" + std::to_string(ctx_.options.time_limit.count()) +
                  " ms, --timeout)");
    }
  }
  void count_path() {
    if (++paths_ > ctx_.options.max_paths) {
      over_budget("variable-length patterns walked more than " + std::to_string(ctx_.options.max_paths) +
                  " paths (--max-paths)");
    }
  }
  void check_rows(std::size_t rows) const {
    if (rows > ctx_.options.max_rows) {
      over_budget("the query holds more than " + std::to_string(ctx_.options.max_rows) + " rows (--max-rows)");
    }
  }

  /// Nodes of one type, in id order.
  std::span<const std::uint32_t> nodes_of_type(std::uint32_t type) const { return types_.of(type); }
  std::uint32_t type_of(std::uint32_t node) const { return g_.type_of(types_, node); }
  /// Whether relationships need the traversal library's filter (an as-of date).
  bool filtered() const { return ctx_.options.as_of.has_value(); }
  const InArcIndex& in_arcs() {
    if (!in_arcs_) in_arcs_ = &g_.in_arc_index();
    return *in_arcs_;
  }

  /// Nodes whose title is exactly `title`: notes and attachments through the name index,
  /// ghosts through a table built on first use.
  std::vector<std::uint32_t> nodes_titled(const std::string& title) {
    std::vector<std::uint32_t> out;
    const auto add = [&](std::string_view key) {
      for (const std::uint32_t f : g_.index->by_name(key)) {
        const auto node = static_cast<std::uint32_t>(g_.file_node[f]);
        if (ctx_.graph.node(NodeId{node}).title == title) out.push_back(node);
      }
    };
    add(util::fold(title + ".md"));
    add(util::fold(title));
    if (!ghosts_ready_) {
      for (std::uint32_t n = 0; n < g_.nodes.size(); ++n) {
        if (g_.nodes[n].kind == NodeKind::Ghost) ghost_titles_.emplace(g_.ghosts[g_.nodes[n].ref].title, n);
      }
      ghosts_ready_ = true;
    }
    const auto [lo, hi] = ghost_titles_.equal_range(title);
    for (auto it = lo; it != hi; ++it) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  std::vector<std::unique_ptr<Operator>> build(const SinglePlan& plan, std::unique_ptr<Operator> sink,
                                               bool top = false);

 private:
  static TraversalOptions walk_options(const Options& options) {
    TraversalOptions o;
    o.direction = Direction::Both;
    if (options.as_of) o.as_of = *options.as_of;
    return o;
  }

  const Plan& plan_;
  EvalContext ctx_;
  const Graph::Impl& g_;
  const TypeIndex& types_;
  const InArcIndex* in_arcs_ = nullptr;
  traverse::Walk walk_;
  std::optional<Clock::time_point> deadline_;
  std::size_t ticks_ = 0;
  std::size_t paths_ = 0;
  std::unordered_multimap<std::string, std::uint32_t> ghost_titles_;
  bool ghosts_ready_ = false;
};

// --- MATCH ------------------------------------------------------------------------------------

/// Matches one pattern from one row: binds the pattern's slots in the row and calls `emit`
/// for each match (backtracking: the row is reused).
class Matcher {
 public:
  /// `memo`: counts may be kept in tables as large as the graph (a top-level MATCH; a
  /// sub-plan's matcher lives for one row).
  Matcher(Executor& ex, const PatternPlan& pattern, bool memo) : ex_(ex), p_(pattern) {
    if (p_.parts.empty()) return;
    const PartPlan& last = p_.parts.back();
    // The last part binds nothing live at all: its matches are only counted.
    const auto is_live = [&](std::uint32_t slot) { return slot < p_.live.size() && p_.live[slot]; };
    fully_dead_ = p_.dead_from == 0 && last.kind == PartPlan::Kind::Plain && last.path_slot == kNoSlot;
    if (fully_dead_) {
      for (const NodeStep& n : last.nodes) fully_dead_ = fully_dead_ && !is_live(n.slot);
      for (const RelStep& r : last.rels) fully_dead_ = fully_dead_ && !is_live(r.slot);
    }
    // Counts of the inner counted hops can be kept when nothing but their start decides them:
    // a single part (no relationship of another part in use), relations that no two hops
    // share (uniqueness cannot bite), and tests that read no row values.
    if (memo && p_.dead_from != kNoRel && p_.parts.size() == 1 && p_.dead_from + 1 < hop_count(last)) {
      bool eligible = true;
      std::vector<std::uint32_t> relations;
      for (const RelStep& r : last.rels) {
        if (r.relations.empty()) eligible = false;
        for (const std::uint32_t id : r.relations) {
          if (std::find(relations.begin(), relations.end(), id) != relations.end()) eligible = false;
          relations.push_back(id);
        }
      }
      std::vector<std::uint32_t> written(ex_.slot_count(), 0);
      for (const NodeStep& n : last.nodes) ++written[n.slot];
      for (std::size_t k = p_.dead_from; k < hop_count(last) && eligible; ++k) {
        const HopRef h = hop_at(last, k);
        const RelStep& r = last.rels[h.rel];
        const NodeStep& to = h.right ? last.nodes[h.rel + 1] : last.nodes[h.rel];
        if (r.properties.size() || r.property_map || to.property_map) eligible = false;
        for (const PropertyTest& t : to.properties) eligible = eligible && t.value->op == Bound::Op::Constant;
        if (std::find(p_.bound_before.begin(), p_.bound_before.end(), to.slot) != p_.bound_before.end() ||
            std::find(p_.bound_before.begin(), p_.bound_before.end(), r.slot) != p_.bound_before.end()) {
          eligible = false;
        }
        // A counted hop back to a node the part bound (its anchor, or a hop before the count)
        // depends on that node, not only on where the count starts.
        if (written[to.slot] > 1) eligible = false;
      }
      if (eligible) {
        memo_from_ = p_.dead_from + 1;
        memo_.resize(hop_count(last));
      }
    }
  }

  bool match(Row& row, const std::function<bool(Row&, std::uint64_t)>& emit) {
    row_ = &row;
    emit_ = &emit;
    assigned_.assign(ex_.slot_count(), 1);
    for (const std::uint32_t s : p_.new_slots) assigned_[s] = 0;
    used_.clear();
    return part(0);
  }

 private:
  Row& row() { return *row_; }

  bool part(std::size_t i, std::uint64_t weight = 1) {
    if (i == p_.parts.size()) {
      if (p_.where && !passes(evaluate(*p_.where, row(), ex_.ctx()), p_.where->place)) return true;
      return (*emit_)(row(), weight);
    }
    const PartPlan& part = p_.parts[i];
    if (i + 1 == p_.parts.size() && fully_dead_ && !accumulating_) {
      // Nothing after reads what this part binds: one row, weighted by its matches.
      std::uint64_t total = 0;
      const std::function<bool(Row&, std::uint64_t)>* outer = emit_;
      const std::function<bool(Row&, std::uint64_t)> add = [&](Row&, std::uint64_t n) {
        if (__builtin_add_overflow(total, n, &total)) over_budget("a pattern has more than 2^64 matches");
        return true;
      };
      emit_ = &add;
      accumulating_ = true;
      if (part.anchor_rel != kNoRel && part.rels.size() == 1) {
        total = count_single(part);
      } else {
        this->part(i, weight);
      }
      accumulating_ = false;
      emit_ = outer;
      if (total == 0) return true;
      std::uint64_t w = 0;
      if (__builtin_mul_overflow(total, weight, &w)) over_budget("a pattern has more than 2^64 matches");
      return (*emit_)(row(), w);
    }
    if (part.anchor_rel != kNoRel) return relationship_anchor(i, weight);
    const NodeStep& anchor = part.nodes[part.anchor];
    return candidates(part, anchor, [&](std::uint32_t node) {
      return bind_node(anchor, node, [&] {
        if (part.kind != PartPlan::Kind::Plain) return shortest(i);
        return hop(i, 0, weight);
      });
    });
  }

  // The orientations of relationship `rel` a step allows: f(left node, right node) for each.
  template <typename F>
  bool orientations(const RelStep& step, std::uint32_t rel, F f) {
    const auto& rec = ex_.g().relationships[rel];
    switch (step.arrow) {
      case RelStep::Arrow::Right: return f(rec.source, rec.target);
      case RelStep::Arrow::Left: return f(rec.target, rec.source);
      case RelStep::Arrow::Both:
        if (!f(rec.source, rec.target)) return false;
        return rec.source == rec.target || f(rec.target, rec.source);
    }
    return true;
  }

  // A part anchored on a relationship: each one of its relations, both ends bound from it.
  bool relationship_anchor(std::size_t i, std::uint64_t weight) {
    const PartPlan& part = p_.parts[i];
    const std::size_t r = part.anchor_rel;
    const RelStep& step = part.rels[r];
    const NodeStep& left = part.nodes[r];
    const NodeStep& right = part.nodes[r + 1];
    const RelationIndex& index = ex_.g().relation_index();
    for (const std::uint32_t relation : step.relations) {
      for (const std::uint32_t rel : index.of(relation)) {
        ex_.tick();
        if (used(rel) || !relationship_ok(step, rel)) continue;
        if (assigned_[step.slot]) {
          const Value& v = row()[step.slot];
          if (v.kind() != Kind::Relationship || v.id() != rel) continue;
        }
        const bool was = assigned_[step.slot];
        row()[step.slot] = Value::relationship(rel);
        assigned_[step.slot] = 1;
        used_.push_back(rel);
        const bool go = orientations(step, rel, [&](std::uint32_t a, std::uint32_t b) {
          return bind_node(left, a, [&] { return bind_node(right, b, [&] { return hop(i, 0, weight); }); });
        });
        used_.pop_back();
        assigned_[step.slot] = was;
        if (!go) return false;
      }
    }
    return true;
  }

  // The matches of a one-relationship part that binds nothing live, counted off the
  // relation index without binding.
  std::uint64_t count_single(const PartPlan& part) {
    const RelStep& step = part.rels[0];
    const NodeStep& left = part.nodes[0];
    const NodeStep& right = part.nodes[1];
    const RelationIndex& index = ex_.g().relation_index();
    const auto end_ok = [&](const NodeStep& n, std::uint32_t node) {
      if (assigned_[n.slot]) {
        const Value& v = row()[n.slot];
        if (v.kind() != Kind::Node || v.id() != node) return false;
      }
      return node_ok(n, node);
    };
    const bool same = left.slot == right.slot;
    // Read off the relation index, a relationship has its relation: only an as-of date or
    // property tests need the full check.
    const bool plain = !ex_.filtered() && step.properties.empty() && !step.property_map;
    // Every relationship of a relation counts when all its ends have the labels asked for
    // and nothing else is asked: the relation index knows its ends' types.
    const auto only_label = [&](const NodeStep& n, std::uint32_t type) {
      if (assigned_[n.slot] || !n.properties.empty() || n.property_map) return false;
      for (const std::uint32_t t : n.types) {
        if (t != type) return false;
      }
      return true;
    };
    std::uint64_t total = 0;
    if (plain && used_.empty() && !same && step.arrow != RelStep::Arrow::Both && !assigned_[step.slot]) {
      bool whole = true;
      for (const std::uint32_t relation : step.relations) {
        const bool forward = step.arrow == RelStep::Arrow::Right;
        const std::uint32_t from = forward ? index.source_type[relation] : index.target_type[relation];
        const std::uint32_t to = forward ? index.target_type[relation] : index.source_type[relation];
        whole = whole && from != RelationIndex::kMixed && to != RelationIndex::kMixed && only_label(left, from) &&
                only_label(right, to);
      }
      if (whole) {
        for (const std::uint32_t relation : step.relations) total += index.of(relation).size();
        return total;
      }
    }
    for (const std::uint32_t relation : step.relations) {
      for (const std::uint32_t rel : index.of(relation)) {
        if (!used_.empty() && used(rel)) continue;
        if (!plain && !relationship_ok(step, rel)) continue;
        if (assigned_[step.slot]) {
          const Value& v = row()[step.slot];
          if (v.kind() != Kind::Relationship || v.id() != rel) continue;
        }
        orientations(step, rel, [&](std::uint32_t a, std::uint32_t b) {
          if ((!same || a == b) && end_ok(left, a) && end_ok(right, b)) ++total;
          return true;
        });
      }
      ex_.tick();
    }
    return total;
  }

  // Calls f(node) for each node the part's anchor may be.
  template <typename F>
  bool candidates(const PartPlan& part, const NodeStep& n, F f) {
    if (assigned_[n.slot]) {
      const Value& v = row()[n.slot];
      if (v.is_null()) return true;
      if (v.kind() != Kind::Node) {
        runtime_error("TypeError", "a pattern node must be a Node, not " + std::string(type_name(v)), Place{});
      }
      return f(v.id());
    }
    switch (part.access) {
      case PartPlan::Access::ByTitle:
      case PartPlan::Access::ById: {
        const Value key = evaluate(*part.access_key, row(), ex_.ctx());
        if (key.kind() != Kind::String) return true;
        if (part.access == PartPlan::Access::ById) {
          const auto node = ex_.ctx().graph.find(key.as_string());
          return !node || f(static_cast<std::uint32_t>(*node));
        }
        for (const std::uint32_t node : ex_.nodes_titled(key.as_string())) {
          if (!f(node)) return false;
        }
        return true;
      }
      case PartPlan::Access::ByType: {
        std::uint32_t type = kUnknownId;
        for (const std::uint32_t t : n.types) type = t;
        if (type == kUnknownId) return true;
        for (const std::uint32_t node : ex_.nodes_of_type(type)) {
          ex_.tick();
          if (!f(node)) return false;
        }
        return true;
      }
      case PartPlan::Access::Bound:
      case PartPlan::Access::ByRelation:  // (relationship anchors start elsewhere)
      case PartPlan::Access::Scan: {
        const auto count = static_cast<std::uint32_t>(ex_.g().nodes.size());
        for (std::uint32_t node = 0; node < count; ++node) {
          ex_.tick();
          if (!f(node)) return false;
        }
        return true;
      }
    }
    return true;
  }

  bool properties_hold(const std::vector<PropertyTest>& tests, const BoundPtr& whole, const Value& entity) {
    const auto read = [&](std::string_view key) {
      return entity.kind() == Kind::Node ? node_property(ex_.ctx(), entity.id(), key)
                                         : relationship_property(ex_.ctx(), entity.id(), key);
    };
    for (const PropertyTest& t : tests) {
      const Value want = evaluate(*t.value, row(), ex_.ctx());
      if (equals(read(t.key), want) != true) return false;
    }
    if (whole) {
      const Value map = evaluate(*whole, row(), ex_.ctx());
      if (map.is_null()) return true;
      if (map.kind() != Kind::Map) runtime_error("TypeError", "a property map must be a Map", whole->place);
      for (const auto& [key, want] : map.as_map()) {
        if (equals(read(key), want) != true) return false;
      }
    }
    return true;
  }

  bool node_ok(const NodeStep& n, std::uint32_t node) {
    if (n.types.empty() && n.properties.empty() && !n.property_map) return true;
    const std::uint32_t type = ex_.type_of(node);
    for (const std::uint32_t t : n.types) {
      if (t != type) return false;
    }
    if (n.properties.empty() && !n.property_map) return true;
    return properties_hold(n.properties, n.property_map, Value::node(node));
  }

  // Binds node slot `n` to `node` (or checks the node it holds) and continues with `then`.
  template <typename F>
  bool bind_node(const NodeStep& n, std::uint32_t node, F then) {
    if (assigned_[n.slot]) {
      const Value& v = row()[n.slot];
      if (v.kind() != Kind::Node || v.id() != node) return true;
      if (!node_ok(n, node)) return true;
      return then();
    }
    if (!node_ok(n, node)) return true;
    row()[n.slot] = Value::node(node);
    assigned_[n.slot] = 1;
    const bool go = then();
    assigned_[n.slot] = 0;
    return go;
  }

  bool relationship_ok(const RelStep& r, std::uint32_t rel) {
    if (r.no_relation) return false;
    if (!r.relations.empty() &&
        !std::binary_search(r.relations.begin(), r.relations.end(), ex_.g().relationships[rel].relation)) {
      return false;
    }
    if (ex_.filtered() && !ex_.walk().relationship_ok(rel)) return false;
    if (r.properties.empty() && !r.property_map) return true;
    return properties_hold(r.properties, r.property_map, Value::relationship(rel));
  }

  bool used(std::uint32_t rel) const { return std::find(used_.begin(), used_.end(), rel) != used_.end(); }

  // Calls f(rel, other end) for each relationship at `node` that pattern step `r` allows,
  // walked towards the pattern's end (`right`) or its start. Out-arcs read their records,
  // which lie together (relationships are numbered by source); in-arcs read the relation
  // and source kept beside them, and a record only when a filter needs it.
  template <typename F>
  bool adjacent(const RelStep& r, std::uint32_t node, bool right, F f) {
    if (r.no_relation) return true;
    const auto& arcs = ex_.g().relationship_arcs;
    const auto& rels = ex_.g().relationships;
    const bool full = ex_.filtered() || !r.properties.empty() || r.property_map;
    const auto relation_ok = [&](std::uint32_t relation) {
      if (r.relations.empty()) return true;
      if (r.relations.size() == 1) return relation == r.relations[0];
      return std::binary_search(r.relations.begin(), r.relations.end(), relation);
    };
    const bool out = r.arrow == RelStep::Arrow::Both || (r.arrow == RelStep::Arrow::Right) == right;
    const bool in = r.arrow == RelStep::Arrow::Both || (r.arrow == RelStep::Arrow::Right) != right;
    if (out && !arcs.each_out_until(node, [&](std::uint32_t rel) {
          ex_.tick();
          const auto& rec = rels[rel];
          if (!relation_ok(rec.relation) || (full && !relationship_ok(r, rel))) return true;
          return f(rel, rec.target);
        })) {
      return false;
    }
    if (in) {
      const InArcIndex& beside = ex_.in_arcs();
      for (std::uint32_t k = arcs.in_begin(node), end = arcs.in_end(node); k < end; ++k) {
        ex_.tick();
        if (!relation_ok(beside.relation[k])) continue;
        const std::uint32_t source = beside.source[k];
        // A loop walked either way is one match, found going out.
        if (out && source == node) continue;
        const std::uint32_t rel = arcs.in_id(k);
        if (full && !relationship_ok(r, rel)) continue;
        if (!f(rel, source)) return false;
      }
    }
    return true;
  }

  // Hop k of part i (hop_at: from the anchor to the last node, then from the anchor back).
  bool hop(std::size_t i, std::size_t k, std::uint64_t weight = 1) {
    const PartPlan& part = p_.parts[i];
    if (k == hop_count(part)) {
      if (part.path_slot != kNoSlot) row()[part.path_slot] = path_of(part);
      return this->part(i + 1, weight);
    }
    const HopRef h = hop_at(part, k);
    const std::size_t r = h.rel;
    const bool right = h.right;
    const RelStep& step = part.rels[r];
    const NodeStep& from = right ? part.nodes[r] : part.nodes[r + 1];
    const NodeStep& to = right ? part.nodes[r + 1] : part.nodes[r];
    const std::uint32_t at = row()[from.slot].id();
    if (i + 1 == p_.parts.size() && k >= p_.dead_from) {
      const std::uint64_t n = count_hops(part, k, at);
      std::uint64_t w = 0;
      if (__builtin_mul_overflow(n, weight, &w)) over_budget("a pattern has more than 2^64 matches");
      return n == 0 || this->part(i + 1, w);
    }
    if (step.variable_length) return var_hop(i, k, step, to, at, right);
    return adjacent(step, at, right, [&](std::uint32_t rel, std::uint32_t other) {
      if (used(rel)) return true;
      if (assigned_[step.slot]) {
        const Value& v = row()[step.slot];
        if (v.kind() != Kind::Relationship || v.id() != rel) return true;
      }
      const bool was = assigned_[step.slot];
      row()[step.slot] = Value::relationship(rel);
      assigned_[step.slot] = 1;
      used_.push_back(rel);
      const bool go = bind_node(to, other, [&] { return hop(i, k + 1); });
      used_.pop_back();
      assigned_[step.slot] = was;
      return go;
    });
  }

  // A variable-length hop: every trail (no relationship twice in the pattern) of min..max
  // relationships from `at`, depth first.
  // A variable-length walk recurses once per hop, so it goes no deeper than this whatever
  // the hop budget: longer paths are shortestPath's, found breadth-first.
  static constexpr std::size_t kDeepestWalk = 2000;

  bool var_hop(std::size_t i, std::size_t k, const RelStep& step, const NodeStep& to, std::uint32_t at, bool right) {
    const std::size_t cap = std::min(ex_.options().max_hops, kDeepestWalk);
    const std::string budget = cap < ex_.options().max_hops
                                   ? "the deepest walk kg makes (" + std::to_string(cap) +
                                         " hops; shortestPath finds longer paths)"
                                   : "the hop budget (" + std::to_string(cap) + (cap == 1 ? " hop" : " hops") +
                                         ", --max-hops)";
    const bool unbounded = step.max_hops < 0 || static_cast<std::size_t>(step.max_hops) > cap;
    if (step.max_hops >= 0 && static_cast<std::size_t>(step.max_hops) > cap) {
      over_budget("a variable-length pattern asks for up to " + std::to_string(step.max_hops) +
                  " hops, more than " + budget);
    }
    if (assigned_[step.slot]) return bound_hops(i, k, step, to, at, right);
    const std::size_t max = unbounded ? cap : static_cast<std::size_t>(step.max_hops);
    const auto min = static_cast<std::size_t>(std::max<std::int64_t>(step.min_hops, 0));
    std::vector<std::uint32_t> nodes{at};
    std::vector<std::uint32_t> rels;
    const std::size_t base = used_.size();
    std::function<bool(std::uint32_t)> walk = [&](std::uint32_t node) -> bool {
      const std::size_t depth = rels.size();
      if (depth >= min) {
        ex_.count_path();
        Value::PathIds segment;
        segment.nodes = nodes;
        segment.relationships = rels;
        if (!right) {
          std::reverse(segment.nodes.begin(), segment.nodes.end());
          std::reverse(segment.relationships.begin(), segment.relationships.end());
        }
        Value::List list;
        for (const std::uint32_t r : segment.relationships) list.push_back(Value::relationship(r));
        row()[step.slot] = Value::list(std::move(list));
        row()[step.segment_slot] = Value::path(std::move(segment));
        if (!bind_node(to, node, [&] { return hop(i, k + 1); })) return false;
      }
      if (depth == max) {
        if (unbounded) {
          bool more = false;
          adjacent(step, node, right, [&](std::uint32_t rel, std::uint32_t) {
            more = !used(rel);
            return !more;
          });
          if (more) {
            over_budget("a variable-length pattern reached " + budget + " and could go further");
          }
        }
        return true;
      }
      return adjacent(step, node, right, [&](std::uint32_t rel, std::uint32_t other) {
        if (used(rel)) return true;
        used_.push_back(rel);
        rels.push_back(rel);
        nodes.push_back(other);
        const bool go = walk(other);
        nodes.pop_back();
        rels.pop_back();
        used_.pop_back();
        return go;
      });
    };
    const bool go = walk(at);
    used_.resize(base);
    return go;
  }

  // The matches of hops k.. of `part` from `at`, counted: nothing after them reads what
  // they bind. Relationship uniqueness still holds along each.
  std::uint64_t count_hops(const PartPlan& part, std::size_t k, std::uint32_t at) {
    if (k == hop_count(part)) return 1;
    // A count that depends only on where it starts is kept: the model that reaches a chip
    // through many models asks for that chip's count once.
    const bool memo = memo_from_ != kNoRel && k >= memo_from_;
    if (memo) {
      std::vector<std::uint64_t>& table = memo_[k];
      if (table.empty()) table.assign(ex_.g().nodes.size(), kUnknownCount);
      if (table[at] != kUnknownCount) return table[at];
    }
    const std::uint64_t total = count_hops_from(part, k, at);
    if (memo) memo_[k][at] = total;
    return total;
  }

  // Whether every relationship a step may walk reaches nodes with the labels `to` asks for,
  // and `to` asks nothing else: the relation index knows the type each relation's ends have.
  bool labels_implied(const RelStep& step, const NodeStep& to, bool right) const {
    if (step.relations.empty() || step.arrow == RelStep::Arrow::Both || !to.properties.empty() || to.property_map) {
      return to.types.empty() && to.properties.empty() && !to.property_map;
    }
    const RelationIndex& index = ex_.g().relation_index();
    const bool forward = (step.arrow == RelStep::Arrow::Right) == right;
    for (const std::uint32_t relation : step.relations) {
      const std::uint32_t type = forward ? index.target_type[relation] : index.source_type[relation];
      if (type == RelationIndex::kMixed) return to.types.empty();
      for (const std::uint32_t t : to.types) {
        if (t != type) return false;
      }
    }
    return true;
  }

  std::uint64_t count_hops_from(const PartPlan& part, std::size_t k, std::uint32_t at) {
    const HopRef h = hop_at(part, k);
    const std::size_t r = h.rel;
    const bool right = h.right;
    const RelStep& step = part.rels[r];
    const NodeStep& to = right ? part.nodes[r + 1] : part.nodes[r];
    const bool check_to = !labels_implied(step, to, right);
    std::uint64_t total = 0;
    adjacent(step, at, right, [&](std::uint32_t rel, std::uint32_t other) {
      if (!used_.empty() && used(rel)) return true;
      if (assigned_[step.slot]) {
        const Value& v = row()[step.slot];
        if (v.kind() != Kind::Relationship || v.id() != rel) return true;
      }
      if (assigned_[to.slot]) {
        const Value& v = row()[to.slot];
        if (v.kind() != Kind::Node || v.id() != other) return true;
      }
      if (check_to && !node_ok(to, other)) return true;
      if (k + 1 == hop_count(part)) {
        ++total;
        return true;
      }
      used_.push_back(rel);
      const std::uint64_t n = count_hops(part, k + 1, other);
      used_.pop_back();
      if (__builtin_add_overflow(total, n, &total)) over_budget("a pattern has more than 2^64 matches");
      return true;
    });
    return total;
  }

  // A variable-length relationship already bound to a list: the walk must take exactly
  // those relationships, in order.
  bool bound_hops(std::size_t i, std::size_t k, const RelStep& step, const NodeStep& to, std::uint32_t at, bool right) {
    const Value& list = row()[step.slot];
    if (list.kind() != Kind::List) return true;
    std::vector<std::uint32_t> rels;
    for (const Value& v : list.as_list()) {
      if (v.kind() != Kind::Relationship) return true;
      rels.push_back(v.id());
    }
    if (static_cast<std::int64_t>(rels.size()) < step.min_hops ||
        (step.max_hops >= 0 && static_cast<std::int64_t>(rels.size()) > step.max_hops)) {
      return true;
    }
    if (!right) std::reverse(rels.begin(), rels.end());
    std::vector<std::uint32_t> nodes{at};
    for (const std::uint32_t rel : rels) {
      std::uint32_t next = kUnknownId;
      adjacent(step, nodes.back(), right, [&](std::uint32_t r, std::uint32_t other) {
        if (r != rel) return true;
        next = other;
        return false;
      });
      if (next == kUnknownId || used(rel)) return true;
      nodes.push_back(next);
    }
    Value::PathIds segment{nodes, rels};
    if (!right) {
      std::reverse(segment.nodes.begin(), segment.nodes.end());
      std::reverse(segment.relationships.begin(), segment.relationships.end());
    }
    row()[step.segment_slot] = Value::path(std::move(segment));
    const std::size_t base = used_.size();
    used_.insert(used_.end(), rels.begin(), rels.end());
    const bool go = bind_node(to, nodes.back(), [&] { return hop(i, k + 1); });
    used_.resize(base);
    return go;
  }

  Value path_of(const PartPlan& part) {
    Value::PathIds p;
    p.nodes.push_back(row()[part.nodes[0].slot].id());
    for (std::size_t r = 0; r < part.rels.size(); ++r) {
      const RelStep& step = part.rels[r];
      if (step.variable_length) {
        const Value::PathIds& seg = row()[step.segment_slot].as_path();
        p.nodes.insert(p.nodes.end(), seg.nodes.begin() + 1, seg.nodes.end());
        p.relationships.insert(p.relationships.end(), seg.relationships.begin(), seg.relationships.end());
      } else {
        p.relationships.push_back(row()[step.slot].id());
        p.nodes.push_back(row()[part.nodes[r + 1].slot].id());
      }
    }
    return Value::path(std::move(p));
  }

  // shortestPath / allShortestPaths: the traversal library's searches between the two ends.
  bool shortest(std::size_t i) {
    const PartPlan& part = p_.parts[i];
    const RelStep& step = part.rels[0];
    const NodeStep& end = part.nodes[1];
    const std::uint32_t from = row()[part.nodes[0].slot].id();
    PartPlan other;
    other.access = part.end_access;
    other.access_key = part.end_key;
    return candidates(other, end, [&](std::uint32_t to) {
      return bind_node(end, to, [&] { return paths_between(i, step, from, to); });
    });
  }

  bool paths_between(std::size_t i, const RelStep& step, std::uint32_t from, std::uint32_t to) {
    const PartPlan& part = p_.parts[i];
    if (step.no_relation) return true;
    std::vector<Path> paths;
    if (from == to) {
      if (step.min_hops > 0) return true;
      paths.push_back(Path{{NodeId{from}}, {}});
    } else {
      TraversalOptions o;
      o.direction = step.arrow == RelStep::Arrow::Right ? Direction::Out
                    : step.arrow == RelStep::Arrow::Left ? Direction::In
                                                         : Direction::Both;
      o.relations = step.relation_names;
      if (ex_.options().as_of) o.as_of = *ex_.options().as_of;
      const PathResult found = part.kind == PartPlan::Kind::Shortest
                                   ? shortest_path(ex_.ctx().graph, NodeId{from}, NodeId{to}, o)
                                   : all_shortest_paths(ex_.ctx().graph, NodeId{from}, NodeId{to}, o,
                                                        ex_.options().max_paths);
      paths = found.paths;
    }
    const std::size_t max = step.max_hops < 0 ? ex_.options().max_hops : static_cast<std::size_t>(step.max_hops);
    for (const Path& path : paths) {
      const std::size_t hops = path.hops.size();
      // With no upper bound written, the budget is the bound: a longer shortest path is an
      // answer kg was not allowed to give, not an absent one.
      if (step.max_hops < 0 && hops > max) {
        over_budget("the shortest path has " + std::to_string(hops) + " hops, over the hop budget (" +
                    std::to_string(max) + ", --max-hops)");
      }
      if (hops > max || static_cast<std::int64_t>(hops) < step.min_hops) continue;
      Value::PathIds p;
      for (const NodeId n : path.nodes) p.nodes.push_back(static_cast<std::uint32_t>(n));
      for (const RelationshipId r : path.hops) p.relationships.push_back(static_cast<std::uint32_t>(r));
      if (step.variable_length) {
        Value::List list;
        for (const std::uint32_t r : p.relationships) list.push_back(Value::relationship(r));
        row()[step.slot] = Value::list(std::move(list));
        row()[step.segment_slot] = Value::path(p);
      } else {
        if (hops != 1) continue;
        row()[step.slot] = Value::relationship(p.relationships[0]);
      }
      if (part.path_slot != kNoSlot) row()[part.path_slot] = Value::path(std::move(p));
      if (!this->part(i + 1)) return false;
    }
    return true;
  }

  Executor& ex_;
  const PatternPlan& p_;
  Row* row_ = nullptr;
  const std::function<bool(Row&, std::uint64_t)>* emit_ = nullptr;
  std::vector<char> assigned_;
  std::vector<std::uint32_t> used_;
  bool fully_dead_ = false;    // the last part binds nothing live
  bool accumulating_ = false;  // counting the last part's matches
  static constexpr std::uint64_t kUnknownCount = ~std::uint64_t{0};
  std::size_t memo_from_ = kNoRel;  // counted hops from here on may be kept (see count_hops)
  std::vector<std::vector<std::uint64_t>> memo_;  // by hop: node -> count
};

class MatchOp final : public Operator {
 public:
  MatchOp(Executor& ex, const Step& step, bool top) : step_(step), matcher_(ex, *step.pattern, top) {}
  bool consume(Row& row, std::uint64_t weight) override {
    bool any = false;
    const std::function<bool(Row&, std::uint64_t)> found = [&](Row& r, std::uint64_t n) {
      any = true;
      std::uint64_t w = 0;
      if (__builtin_mul_overflow(weight, n, &w)) over_budget("a pattern has more than 2^64 matches");
      return emit(r, w);
    };
    if (!matcher_.match(row, found)) return false;
    if (!any && step_.optional) {
      for (const std::uint32_t s : step_.pattern->new_slots) row[s] = Value();
      return emit(row, weight);
    }
    return open_;
  }

 private:
  const Step& step_;
  Matcher matcher_;
};

// --- UNWIND -----------------------------------------------------------------------------------

class UnwindOp final : public Operator {
 public:
  UnwindOp(Executor& ex, const Step& step) : ex_(ex), step_(step) {}
  bool consume(Row& row, std::uint64_t weight) override {
    const Value list = evaluate(*step_.list, row, ex_.ctx());
    if (list.is_null()) return true;
    if (list.kind() != Kind::List) {
      row[step_.slot] = list;
      return emit(row, weight);
    }
    for (const Value& item : list.as_list()) {
      ex_.tick();
      row[step_.slot] = item;
      if (!emit(row, weight)) return false;
    }
    return true;
  }

 private:
  Executor& ex_;
  const Step& step_;
};

// --- WITH and RETURN --------------------------------------------------------------------------

struct AggregateState {
  std::int64_t count = 0;
  bool floats = false;
  bool dense = false;  // one group only: nodes and relationships seen are bits (see first_seen)
  std::int64_t int_sum = 0;
  long double float_sum = 0;
  // What few aggregates need lives apart, so a group of counts and sums is small to make.
  struct Extra {
    Value best;
    std::vector<Value> values;
    std::unique_ptr<std::unordered_set<Value, ValueHash, ValueEq>> seen;  // DISTINCT aggregates
    std::vector<std::uint64_t> seen_ids[2];                                // nodes, relationships
  };
  std::unique_ptr<Extra> extra;
  Extra& x() {
    if (!extra) extra = std::make_unique<Extra>();
    return *extra;
  }
  Value& best() { return x().best; }
  std::vector<Value>& values() { return x().values; }
  // count(DISTINCT m) over a large graph allocates nothing per node or relationship.
  bool first_seen(const Value& v) {
    if (dense && (v.kind() == Kind::Node || v.kind() == Kind::Relationship)) {
      std::vector<std::uint64_t>& bits = x().seen_ids[v.kind() == Kind::Node ? 0 : 1];
      const std::uint32_t id = v.id();
      if (bits.size() <= id / 64) bits.resize(id / 64 + 1, 0);
      const std::uint64_t mask = std::uint64_t{1} << (id % 64);
      if (bits[id / 64] & mask) return false;
      bits[id / 64] |= mask;
      return true;
    }
    if (!x().seen) x().seen = std::make_unique<std::unordered_set<Value, ValueHash, ValueEq>>();
    return x().seen->insert(v).second;
  }
  // Calls f(value) for each value seen (DISTINCT).
  template <typename F>
  void for_each_seen(F f) const {
    if (!extra) return;
    for (int k = 0; k < 2; ++k) {
      for (std::size_t w = 0; w < extra->seen_ids[k].size(); ++w) {
        for (std::uint64_t bits = extra->seen_ids[k][w]; bits != 0; bits &= bits - 1) {
          const auto id = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
          f(k == 0 ? Value::node(id) : Value::relationship(id));
        }
      }
    }
    if (extra->seen) {
      for (const Value& v : *extra->seen) f(v);
    }
  }
};

/// Keys of `width` values to group numbers 0, 1, 2... in the order they were first seen:
/// open addressing over the numbers, the keys kept in one flat array (no allocation per key).
class GroupTable {
 public:
  explicit GroupTable(std::size_t width) : width_(width) {}
  /// The group of `key` (width values), added when new (second: true).
  std::pair<std::size_t, bool> find_or_add(const Value* key) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::size_t h = hash(key);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t g = slots_[i];
      if (g == 0) {
        slots_[i] = static_cast<std::uint32_t>(count_ + 1);
        hashes_.push_back(h);
        keys_.insert(keys_.end(), key, key + width_);
        return {count_++, true};
      }
      if (hashes_[g - 1] == h && same(key, &keys_[(g - 1) * width_])) return {g - 1, false};
    }
  }
  std::size_t size() const { return count_; }
  void clear() { *this = GroupTable(width_); }

 private:
  std::size_t hash(const Value* key) const {
    std::size_t h = width_;
    for (std::size_t i = 0; i < width_; ++i) h = (h ^ hash_value(key[i])) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
  }
  bool same(const Value* a, const Value* b) const {
    for (std::size_t i = 0; i < width_; ++i) {
      if (order(a[i], b[i]) != 0) return false;
    }
    return true;
  }
  void grow() {
    std::vector<std::uint32_t> slots(std::max<std::size_t>(16, slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t g = 0; g < count_; ++g) {
      std::size_t i = hashes_[g] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = static_cast<std::uint32_t>(g + 1);
    }
    slots_ = std::move(slots);
  }
  std::size_t width_;
  std::vector<Value> keys_;
  std::vector<std::size_t> hashes_;
  std::vector<std::uint32_t> slots_;  // 0: empty; else group + 1
  std::size_t count_ = 0;
};

class ProjectOp final : public Operator {
 public:
  ProjectOp(Executor& ex, const Step& step) : ex_(ex), s_(step) {
    aggregating_ = !s_.aggregates.empty();
    // Keys that are variables or their properties are computed from the variables' values:
    // rows group by those (a node is an id) and each group's keys are computed once.
    by_variables_ = true;
    for (std::size_t i = 0; i < s_.items.size(); ++i) {
      if (!s_.grouping[i]) continue;
      const Bound* b = s_.items[i].get();
      if (b->op == Bound::Op::Property) b = b->args[0].get();
      if (b->op != Bound::Op::Slot) {
        by_variables_ = false;
        break;
      }
      if (std::find(key_slots_.begin(), key_slots_.end(), b->slot) == key_slots_.end()) key_slots_.push_back(b->slot);
    }
    keyless_ = std::none_of(s_.grouping.begin(), s_.grouping.end(), [](bool g) { return g; });
    key_width_ = key_slots_.size();
    if (!by_variables_) key_width_ = static_cast<std::size_t>(std::count(s_.grouping.begin(), s_.grouping.end(), true));
    if (keyless_) key_width_ = 0;
    index_ = GroupTable(key_width_);
    blocking_ = aggregating_ || s_.distinct || !s_.order.empty();
    // The columns each sort key reads (by item).
    for (const SortSpec& spec : s_.order) {
      std::vector<std::size_t> columns;
      reads(spec.key.get(), columns);
      key_columns_.push_back(std::move(columns));
    }
    skip_ = paging(s_.skip.get(), "SKIP", 0);
    limit_ = paging(s_.limit.get(), "LIMIT", std::numeric_limits<std::size_t>::max());
  }

  bool consume(Row& row, std::uint64_t weight) override {
    ex_.tick();
    if (aggregating_) {
      group(row, weight);
      return true;
    }
    project(row);
    if (blocking_) {
      // DISTINCT keeps one of equal rows; otherwise each counts.
      const std::uint64_t copies = s_.distinct ? 1 : weight;
      ex_.check_rows(held_.size() + copies);
      for (std::uint64_t k = 0; k < copies; ++k) held_.push_back(row);
      return true;
    }
    for (std::uint64_t k = 0; k < weight; ++k) {
      if (!pass(row)) return false;
    }
    return true;
  }

  void finish() override {
    if (aggregating_) {
      finish_groups();
      Operator::finish();
      return;
    }
    if (blocking_) finish_held();
    Operator::finish();
  }

  // Held rows: DISTINCT, ORDER BY, then SKIP, LIMIT and WHERE.
  void finish_held() {
    if (s_.distinct) {
      std::unordered_set<std::vector<Value>, ValuesHash, ValuesEq> seen;
      std::vector<Row> kept;
      for (Row& row : held_) {
        if (seen.insert(outputs(row)).second) kept.push_back(std::move(row));
      }
      held_ = std::move(kept);
    }
    if (!s_.order.empty()) sort();
    for (Row& row : held_) {
      if (!pass(row)) break;
    }
    held_.clear();
  }

 private:
  std::size_t paging(const Bound* b, const char* what, std::size_t otherwise) {
    if (!b) return otherwise;
    Row empty(ex_.slot_count());
    const Value v = evaluate(*b, empty, ex_.ctx());
    if (v.kind() != Kind::Int) {
      throw QueryError(QueryError::Phase::Semantic,
                       std::string("InvalidArgumentType: ") + what + " takes an Integer, not " +
                           std::string(type_name(v)),
                       b->place.line, b->place.column, b->place.offset);
    }
    if (v.as_int() < 0) {
      throw QueryError(QueryError::Phase::Semantic,
                       std::string("NegativeIntegerArgument: ") + what + " cannot be negative", b->place.line,
                       b->place.column, b->place.offset);
    }
    return static_cast<std::size_t>(v.as_int());
  }

  void project(Row& row) {
    for (std::size_t i = 0; i < s_.items.size(); ++i) row[s_.out_slots[i]] = evaluate(*s_.items[i], row, ex_.ctx());
  }

  std::vector<Value> outputs(const Row& row) const {
    std::vector<Value> out;
    out.reserve(s_.out_slots.size());
    for (const std::uint32_t slot : s_.out_slots) out.push_back(row[slot]);
    return out;
  }

  // After holding or projecting: SKIP, LIMIT, then WITH's WHERE.
  bool pass(Row& row) {
    if (skipped_ < skip_) {
      ++skipped_;
      return true;
    }
    if (passed_ >= limit_) return false;
    ++passed_;
    if (s_.where && !passes(evaluate(*s_.where, row, ex_.ctx()), s_.where->place)) return passed_ < limit_;
    return emit(row, 1) && passed_ < limit_;
  }

  void sort() {
    std::vector<Value> keys;
    keys.reserve(held_.size() * s_.order.size());
    for (Row& row : held_) {
      for (const SortSpec& spec : s_.order) keys.push_back(evaluate(*spec.key, row, ex_.ctx()));
    }
    std::vector<std::size_t> chosen(held_.size());
    for (std::size_t r = 0; r < chosen.size(); ++r) chosen[r] = r;
    sort_indices(chosen, keys);
    std::vector<Row> sorted;
    sorted.reserve(chosen.size());
    for (const std::size_t r : chosen) sorted.push_back(std::move(held_[r]));
    held_ = std::move(sorted);
  }

  // Orders `indices` by the sort keys (row r's at [r * width, ...) of `keys`), keeping only
  // the first SKIP + LIMIT when there is a LIMIT and no WHERE: ties keep their arrival order,
  // so the partial sort gives the rows a full sort would.
  void sort_indices(std::vector<std::size_t>& indices, const std::vector<Value>& keys) const {
    const std::size_t width = s_.order.size();
    const auto before = [&](std::size_t a, std::size_t b) {
      for (std::size_t i = 0; i < width; ++i) {
        const int c = order(keys[a * width + i], keys[b * width + i]);
        if (c != 0) return s_.order[i].descending ? c > 0 : c < 0;
      }
      return a < b;
    };
    std::size_t wanted = indices.size();
    if (limit_ != std::numeric_limits<std::size_t>::max() && !s_.where) {
      wanted = std::min(indices.size(), skip_ + std::min(limit_, indices.size()));
    }
    if (wanted < indices.size()) {
      std::partial_sort(indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(wanted), indices.end(), before);
      indices.resize(wanted);
    } else {
      std::sort(indices.begin(), indices.end(), before);
    }
  }

  void reads(const Bound* b, std::vector<std::size_t>& columns) const {
    if (!b) return;
    if (b->op == Bound::Op::Slot) {
      for (std::size_t i = 0; i < s_.out_slots.size(); ++i) {
        if (s_.out_slots[i] == b->slot && std::find(columns.begin(), columns.end(), i) == columns.end()) {
          columns.push_back(i);
        }
      }
    }
    if (b->subplan) {  // a sub-plan may read any column
      for (std::size_t i = 0; i < s_.out_slots.size(); ++i) {
        if (std::find(columns.begin(), columns.end(), i) == columns.end()) columns.push_back(i);
      }
    }
    for (const BoundPtr& a : b->args) reads(a.get(), columns);
  }

  // --- grouping ------------------------------------------------------------------------
  // Groups are numbered as first seen; group g's key is at [g * key_width_, ...) of
  // group_keys_ and its aggregates' states at [g * A, ...) of states_: nothing is allocated
  // per group but its place in those arrays.

  std::size_t new_group(const Value* key) {
    group_keys_.insert(group_keys_.end(), key, key + key_width_);
    states_.resize(states_.size() + s_.aggregates.size());
    if (keyless_) {
      for (std::size_t a = states_.size() - s_.aggregates.size(); a < states_.size(); ++a) states_[a].dense = true;
    }
    ex_.check_rows(group_count_ + 1);
    return group_count_++;
  }

  void group(Row& row, std::uint64_t weight) {
    std::size_t g = 0;
    if (keyless_) {
      if (group_count_ == 0) new_group(nullptr);
    } else if (by_variables_ && key_slots_.size() == 1 &&
               (row[key_slots_[0]].kind() == Kind::Node || row[key_slots_[0]].kind() == Kind::Relationship)) {
      // Grouped by one node or relationship: a table by id finds the group.
      const Value& v = row[key_slots_[0]];
      std::vector<std::uint32_t>& table = v.kind() == Kind::Node ? group_of_node_ : group_of_relationship_;
      if (table.empty()) table.assign(v.kind() == Kind::Node ? ex_.g().nodes.size() : ex_.g().relationships.size(), 0);
      std::uint32_t& entry = table[v.id()];
      if (entry == 0) entry = static_cast<std::uint32_t>(new_group(&v) + 1);
      g = entry - 1;
    } else {
      std::vector<Value>& key = key_;  // reused: a row that joins a group allocates nothing
      key.clear();
      if (by_variables_) {
        for (const std::uint32_t slot : key_slots_) key.push_back(row[slot]);
      } else {
        for (std::size_t i = 0; i < s_.items.size(); ++i) {
          if (s_.grouping[i]) key.push_back(evaluate(*s_.items[i], row, ex_.ctx()));
        }
      }
      const auto [entry, fresh] = index_.find_or_add(key.data());
      if (fresh) index_groups_.push_back(new_group(key.data()));
      g = index_groups_[entry];
    }
    AggregateState* states = states_.data() + g * s_.aggregates.size();
    for (std::size_t a = 0; a < s_.aggregates.size(); ++a) update(s_.aggregates[a], states[a], row, weight);
  }

  // Puts group g's key into `row`: the variables it was grouped by, or its key columns.
  void load_key(std::size_t g, Row& row) const {
    const Value* key = group_keys_.data() + g * key_width_;
    if (by_variables_) {
      for (std::size_t j = 0; j < key_slots_.size(); ++j) row[key_slots_[j]] = key[j];
      return;
    }
    std::size_t j = 0;
    for (std::size_t i = 0; i < s_.items.size(); ++i) {
      if (s_.grouping[i]) row[s_.out_slots[i]] = key[j++];
    }
  }

  // The groups' rows: keys computed once per group (groups formed by variables whose keys
  // come out equal merge, in the order first seen: two nodes with one title are one group),
  // aggregates' results, the other columns; then DISTINCT, ORDER BY (partially, for a
  // LIMIT), SKIP, LIMIT and WHERE, and only the rows that pass are made.
  void finish_groups() {
    if (group_count_ == 0 && keyless_) new_group(nullptr);
    const std::size_t aggregates = s_.aggregates.size();
    const std::size_t width = s_.out_slots.size();
    Row scratch(ex_.slot_count());
    std::vector<std::size_t> finals;  // the groups that stay, by their first member
    if (by_variables_ && !keyless_ && !keys_injective()) {
      std::size_t key_columns = 0;
      for (const bool gr : s_.grouping) key_columns += gr;
      GroupTable by_key(key_columns);
      std::vector<Value> key;
      for (std::size_t g = 0; g < group_count_; ++g) {
        load_key(g, scratch);
        key.clear();
        for (std::size_t i = 0; i < s_.items.size(); ++i) {
          if (s_.grouping[i]) key.push_back(evaluate(*s_.items[i], scratch, ex_.ctx()));
        }
        const auto [entry, fresh] = by_key.find_or_add(key.data());
        if (fresh) {
          finals.push_back(g);
          continue;
        }
        AggregateState* into = states_.data() + finals[entry] * aggregates;
        AggregateState* from = states_.data() + g * aggregates;
        for (std::size_t a = 0; a < aggregates; ++a) merge(s_.aggregates[a], into[a], from[a]);
      }
    } else {
      finals.resize(group_count_);
      for (std::size_t g = 0; g < group_count_; ++g) finals[g] = g;
    }
    std::vector<Value> results(finals.size() * aggregates);
    for (std::size_t f = 0; f < finals.size(); ++f) {
      AggregateState* states = states_.data() + finals[f] * aggregates;
      for (std::size_t a = 0; a < aggregates; ++a) results[f * aggregates + a] = result(s_.aggregates[a], states[a]);
    }
    // Columns are computed when first read: a top-k ORDER BY reads a few of most groups'.
    std::vector<Value> outs(finals.size() * width);
    std::vector<char> done(finals.size() * width, 0);
    const auto column = [&](std::size_t f, std::size_t i) -> const Value& {
      Value& out = outs[f * width + i];
      if (done[f * width + i]) return out;
      load_key(finals[f], scratch);
      for (std::size_t a = 0; a < aggregates; ++a) scratch[s_.aggregate_slots[a]] = results[f * aggregates + a];
      out = s_.grouping[i] && !by_variables_ ? scratch[s_.out_slots[i]] : evaluate(*s_.items[i], scratch, ex_.ctx());
      done[f * width + i] = 1;
      return out;
    };
    const auto load = [&](std::size_t f, Row& row) {
      for (std::size_t i = 0; i < width; ++i) {
        const Value v = column(f, i);
        row[s_.out_slots[i]] = v;
      }
    };
    if (s_.distinct) {  // rare after grouping: the general path
      for (std::size_t f = 0; f < finals.size(); ++f) {
        Row row(ex_.slot_count());
        load(f, row);
        held_.push_back(std::move(row));
      }
      clear_groups();
      finish_held();
      return;
    }
    std::vector<std::size_t> chosen(finals.size());
    for (std::size_t f = 0; f < chosen.size(); ++f) chosen[f] = f;
    if (!s_.order.empty()) {
      const std::size_t keys_width = s_.order.size();
      std::vector<Value> keys(finals.size() * keys_width);
      // Sort key j of group f, from the columns it reads.
      const auto sort_key = [&](std::size_t f, std::size_t j) {
        for (const std::size_t i : key_columns_[j]) {
          const Value v = column(f, i);
          scratch[s_.out_slots[i]] = v;
        }
        keys[f * keys_width + j] = evaluate(*s_.order[j].key, scratch, ex_.ctx());
      };
      for (const std::size_t f : chosen) sort_key(f, 0);
      // With a LIMIT, only rows that tie with or beat the first key of the last row kept can
      // be kept: the other keys are read for those alone.
      const std::size_t wanted = limit_ != std::numeric_limits<std::size_t>::max() && !s_.where
                                     ? std::min(chosen.size(), skip_ + std::min(limit_, chosen.size()))
                                     : chosen.size();
      if (wanted > 0 && wanted < chosen.size()) {
        const bool descending = s_.order[0].descending;
        const auto first_before = [&](std::size_t a, std::size_t b) {
          const int c = order(keys[a * keys_width], keys[b * keys_width]);
          return descending ? c > 0 : c < 0;
        };
        std::vector<std::size_t> pick = chosen;
        std::nth_element(pick.begin(), pick.begin() + static_cast<std::ptrdiff_t>(wanted - 1), pick.end(), first_before);
        const std::size_t boundary = pick[wanted - 1];
        std::vector<std::size_t> candidates;
        for (const std::size_t f : chosen) {
          if (!first_before(boundary, f)) candidates.push_back(f);
        }
        chosen = std::move(candidates);
      }
      for (const std::size_t f : chosen) {
        for (std::size_t j = 1; j < keys_width; ++j) sort_key(f, j);
      }
      sort_indices(chosen, keys);
    }
    for (const std::size_t f : chosen) {
      load(f, scratch);
      if (!pass(scratch)) break;
    }
    clear_groups();
  }

  void clear_groups() {
    group_keys_.clear();
    states_.clear();
    group_count_ = 0;
  }

  // Whether each group's keys are its own: the grouping keys are the variables, or their
  // ids, paths or (when no two nodes share one) titles, and every group is a node's.
  bool keys_injective() const {
    if (!group_of_relationship_.empty() || index_.size() > 0) return false;
    for (std::size_t i = 0; i < s_.items.size(); ++i) {
      if (!s_.grouping[i]) continue;
      const Bound& b = *s_.items[i];
      if (b.op == Bound::Op::Slot) continue;
      if (b.name == "id" || b.name == "path") continue;
      if (b.name == "title" && ex_.g().titles_unique()) continue;
      return false;
    }
    return true;
  }

  void merge(const AggregateSpec& spec, AggregateState& into, AggregateState& from) {
    if (spec.distinct) {
      from.for_each_seen([&](const Value& v) {
        if (into.first_seen(v)) add(spec, into, v, from.best());
      });
      return;
    }
    switch (spec.kind) {
      case AggregateKind::Count:
      case AggregateKind::CountStar: into.count += from.count; return;
      case AggregateKind::Min:
      case AggregateKind::Max:
        if (from.count > 0) {
          const int c = into.count == 0 ? 0 : order(from.best(), into.best());
          if (into.count == 0 || (spec.kind == AggregateKind::Min ? c < 0 : c > 0)) into.best() = from.best();
        }
        into.count += from.count;
        return;
      case AggregateKind::Sum:
      case AggregateKind::Avg:
        if (into.floats || from.floats) {
          const long double a = into.floats ? into.float_sum : static_cast<long double>(into.int_sum);
          const long double b = from.floats ? from.float_sum : static_cast<long double>(from.int_sum);
          into.float_sum = a + b;
          into.floats = true;
        } else if (__builtin_add_overflow(into.int_sum, from.int_sum, &into.int_sum)) {
          runtime_error("ArithmeticError", "integer overflow in sum()", spec.place);
        }
        into.count += from.count;
        return;
      default:
        if (into.values().empty()) into.best() = from.best();
        into.values().insert(into.values().end(), std::make_move_iterator(from.values().begin()),
                           std::make_move_iterator(from.values().end()));
        into.count += from.count;
        return;
    }
  }

  void update(const AggregateSpec& spec, AggregateState& st, Row& row, std::uint64_t weight) {
    if (spec.kind == AggregateKind::CountStar) {
      st.count += static_cast<std::int64_t>(weight);
      return;
    }
    Value v = evaluate(*spec.args[0], row, ex_.ctx());
    if (v.is_null()) return;
    if (spec.distinct) {
      if (!st.first_seen(v)) return;
      weight = 1;  // a distinct value counts once, however many rows hold it
    }
    Value percentile;
    if ((spec.kind == AggregateKind::PercentileCont || spec.kind == AggregateKind::PercentileDisc) && st.values().empty()) {
      percentile = evaluate(*spec.args[1], row, ex_.ctx());
    }
    if (spec.kind == AggregateKind::Count) {
      st.count += static_cast<std::int64_t>(weight);
      return;
    }
    if (spec.kind == AggregateKind::Min || spec.kind == AggregateKind::Max) weight = 1;
    for (std::uint64_t k = 0; k < weight; ++k) add(spec, st, v, percentile);
  }

  // Adds one non-null value (`percentile`: the percentile argument, read with the first).
  void add(const AggregateSpec& spec, AggregateState& st, Value v, const Value& percentile) {
    ++st.count;
    switch (spec.kind) {
      case AggregateKind::Count: break;
      case AggregateKind::Collect: st.values().push_back(std::move(v)); break;
      case AggregateKind::Min:
        if (st.count == 1 || order(v, st.best()) < 0) st.best() = std::move(v);
        break;
      case AggregateKind::Max:
        if (st.count == 1 || order(v, st.best()) > 0) st.best() = std::move(v);
        break;
      case AggregateKind::Sum:
      case AggregateKind::Avg:
        if (v.kind() == Kind::Int && !st.floats && spec.kind == AggregateKind::Sum) {
          if (__builtin_add_overflow(st.int_sum, v.as_int(), &st.int_sum)) {
            runtime_error("ArithmeticError", "integer overflow in sum()", spec.place);
          }
        } else if (v.kind() == Kind::Int || v.kind() == Kind::Float) {
          if (!st.floats && spec.kind == AggregateKind::Sum) st.float_sum = static_cast<long double>(st.int_sum);
          st.floats = st.floats || v.kind() == Kind::Float || spec.kind == AggregateKind::Avg;
          st.float_sum += static_cast<long double>(v.as_number());
        } else {
          runtime_error("TypeError", "sum() and avg() take numbers, not " + std::string(type_name(v)), spec.place);
        }
        break;
      case AggregateKind::StDev:
      case AggregateKind::StDevP:
      case AggregateKind::PercentileCont:
      case AggregateKind::PercentileDisc:
        if (v.kind() != Kind::Int && v.kind() != Kind::Float) {
          runtime_error("TypeError", "this aggregate takes numbers, not " + std::string(type_name(v)), spec.place);
        }
        if ((spec.kind == AggregateKind::PercentileCont || spec.kind == AggregateKind::PercentileDisc) && st.values().empty()) {
          const Value& p = percentile;
          if (p.kind() != Kind::Int && p.kind() != Kind::Float) {
            runtime_error("TypeError", "a percentile must be a number", spec.place);
          }
          if (p.as_number() < 0 || p.as_number() > 1) {
            runtime_error("ArgumentError", "NumberOutOfRange: a percentile is between 0.0 and 1.0", spec.place);
          }
          st.best() = p;
        }
        st.values().push_back(std::move(v));
        break;
      case AggregateKind::CountStar: break;
    }
  }

  Value result(const AggregateSpec& spec, AggregateState& st) {
    switch (spec.kind) {
      case AggregateKind::Count:
      case AggregateKind::CountStar: return Value::integer(st.count);
      case AggregateKind::Collect: return Value::list(std::move(st.values()));
      case AggregateKind::Min:
      case AggregateKind::Max: return st.best();
      case AggregateKind::Sum:
        return st.floats ? Value::number(static_cast<double>(st.float_sum)) : Value::integer(st.int_sum);
      case AggregateKind::Avg:
        return st.count == 0 ? Value() : Value::number(static_cast<double>(st.float_sum / st.count));
      case AggregateKind::StDev:
      case AggregateKind::StDevP: {
        const std::size_t n = st.values().size();
        const std::size_t d = spec.kind == AggregateKind::StDev ? n - 1 : n;
        if (n == 0 || d == 0) return Value::number(0.0);
        long double mean = 0;
        for (const Value& v : st.values()) mean += v.as_number();
        mean /= n;
        long double sq = 0;
        for (const Value& v : st.values()) sq += (v.as_number() - mean) * (v.as_number() - mean);
        return Value::number(std::sqrt(static_cast<double>(sq / d)));
      }
      case AggregateKind::PercentileCont:
      case AggregateKind::PercentileDisc: {
        if (st.values().empty()) return Value();
        std::sort(st.values().begin(), st.values().end(), ValueLess{});
        const double p = st.best().as_number();
        const std::size_t n = st.values().size();
        if (spec.kind == AggregateKind::PercentileDisc) {
          const double at = p * static_cast<double>(n);
          std::size_t i = at <= 0 ? 0 : static_cast<std::size_t>(std::ceil(at)) - 1;
          return st.values()[std::min(i, n - 1)];
        }
        const double at = p * static_cast<double>(n - 1);
        const auto lo = static_cast<std::size_t>(std::floor(at));
        const auto hi = static_cast<std::size_t>(std::ceil(at));
        const double x = st.values()[lo].as_number();
        const double y = st.values()[hi].as_number();
        return Value::number(x + (y - x) * (at - static_cast<double>(lo)));
      }
    }
    return Value();
  }

  Executor& ex_;
  const Step& s_;
  bool aggregating_ = false;
  bool blocking_ = false;
  std::size_t skip_ = 0;
  std::size_t limit_ = 0;
  std::size_t skipped_ = 0;
  std::size_t passed_ = 0;
  std::vector<Row> held_;
  std::vector<std::vector<std::size_t>> key_columns_;  // by sort key: the columns it reads
  std::size_t key_width_ = 0;
  std::vector<Value> group_keys_;
  std::vector<AggregateState> states_;
  std::size_t group_count_ = 0;
  GroupTable index_{0};
  std::vector<std::size_t> index_groups_;  // index_'s entries -> groups_
  std::vector<std::uint32_t> group_of_node_;          // by node id: group + 1 (0: none)
  std::vector<std::uint32_t> group_of_relationship_;  // by relationship id, likewise
  bool by_variables_ = false;
  bool keyless_ = false;
  std::vector<std::uint32_t> key_slots_;
  std::vector<Value> key_;
};

std::vector<std::unique_ptr<Operator>> Executor::build(const SinglePlan& plan, std::unique_ptr<Operator> sink,
                                                       bool top) {
  std::vector<std::unique_ptr<Operator>> ops;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    switch (s.kind) {
      case Step::Kind::Match: ops.push_back(std::make_unique<MatchOp>(*this, s, top)); break;
      case Step::Kind::Unwind: ops.push_back(std::make_unique<UnwindOp>(*this, s)); break;
      case Step::Kind::Project: ops.push_back(std::make_unique<ProjectOp>(*this, s)); break;
    }
  }
  ops.push_back(std::move(sink));
  for (std::size_t i = 0; i + 1 < ops.size(); ++i) ops[i]->next_ = ops[i + 1].get();
  return ops;
}

Result Executor::run_all() {
  Result result;
  result.columns = plan_.parts.front().columns;
  for (const SinglePlan& part : plan_.parts) {
    const auto collect = [&](const Row& row) {
      std::vector<Value> out;
      out.reserve(part.column_slots.size());
      for (const std::uint32_t slot : part.column_slots) out.push_back(row[slot]);
      result.rows.push_back(std::move(out));
      check_rows(result.rows.size());
      return true;
    };
    Row row(plan_.slot_count);
    auto ops = build(part, std::make_unique<Sink>(collect), true);
    ops.front()->consume(row, 1);
    ops.front()->finish();
  }
  const bool distinct = std::any_of(plan_.union_all.begin(), plan_.union_all.end(), [](bool all) { return !all; });
  if (distinct) {
    std::unordered_set<std::vector<Value>, ValuesHash, ValuesEq> seen;
    std::vector<std::vector<Value>> kept;
    for (auto& row : result.rows) {
      if (seen.insert(row).second) kept.push_back(std::move(row));
    }
    result.rows = std::move(kept);
  }
  return result;
}

}  // namespace

Result execute(const Plan& plan, const Graph& graph, const Options& options) {
  Executor ex(plan, graph, options);
  ex.check();
  return ex.run_all();
}

}  // namespace kg::query
