#include "query/executor.hpp"

#include "query/evaluate.hpp"
#include "resolve/name_index.hpp"
#include "traverse/walk.hpp"
#include "util/unicode.hpp"

#include <kg/traverse.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace kg::query {

namespace {

using Kind = Value::Kind;
using Clock = std::chrono::steady_clock;

[[noreturn]] void over_budget(const std::string& what) { throw Error(ErrorCode::BudgetExceeded, what); }

struct ValuesLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
      if (const int c = order(a[i], b[i]); c != 0) return c < 0;
    }
    return a.size() < b.size();
  }
};

struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return order(a, b) < 0; }
};

class Executor;

/// One step of a pipeline: rows are pushed in; `emit` pushes to the next step.
class Operator {
 public:
  virtual ~Operator() = default;
  /// Takes a row; false when no more rows are wanted.
  virtual bool consume(Row& row) = 0;
  /// No more rows will come: flush what is held, then finish the next step.
  virtual void finish() {
    if (next_) next_->finish();
  }
  Operator* next_ = nullptr;

 protected:
  bool emit(Row& row) {
    if (!open_) return false;
    open_ = next_->consume(row);
    return open_;
  }
  bool open_ = true;
};

/// The end of a pipeline: hands each row to a callback.
class Sink final : public Operator {
 public:
  explicit Sink(std::function<bool(const Row&)> f) : f_(std::move(f)) {}
  bool consume(Row& row) override { return f_(row); }
  void finish() override {}

 private:
  std::function<bool(const Row&)> f_;
};

class Executor final : public SubplanRunner {
 public:
  Executor(const Plan& plan, const Graph& graph, const Options& options)
      : plan_(plan), ctx_(graph, options), g_(GraphAccess::impl(graph)), walk_(graph, walk_options(options)) {
    ctx_.subplans = this;
    if (options.time_limit.count() > 0) deadline_ = Clock::now() + options.time_limit;
  }

  Result run_all();

  void run(const SinglePlan& plan, const Row& row, const std::function<bool(const Row&)>& found) override {
    Row r = row;
    if (r.size() < plan_.slot_count) r.resize(plan_.slot_count);
    auto ops = build(plan, std::make_unique<Sink>(found));
    ops.front()->consume(r);
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

  /// Nodes of one type, in id order (computed once per type).
  const std::vector<std::uint32_t>& nodes_of_type(std::uint32_t type) {
    auto it = by_type_.find(type);
    if (it != by_type_.end()) return it->second;
    std::vector<std::uint32_t> nodes;
    for (std::uint32_t n = 0; n < g_.nodes.size(); ++n) {
      if (g_.nodes[n].type == type) nodes.push_back(n);
    }
    return by_type_.emplace(type, std::move(nodes)).first->second;
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

  std::vector<std::unique_ptr<Operator>> build(const SinglePlan& plan, std::unique_ptr<Operator> sink);

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
  traverse::Walk walk_;
  std::optional<Clock::time_point> deadline_;
  std::size_t ticks_ = 0;
  std::size_t paths_ = 0;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> by_type_;
  std::unordered_multimap<std::string, std::uint32_t> ghost_titles_;
  bool ghosts_ready_ = false;
};

// --- MATCH ------------------------------------------------------------------------------------

/// Matches one pattern from one row: binds the pattern's slots in the row and calls `emit`
/// for each match (backtracking: the row is reused).
class Matcher {
 public:
  Matcher(Executor& ex, const PatternPlan& pattern) : ex_(ex), p_(pattern) {}

  bool match(Row& row, const std::function<bool(Row&)>& emit) {
    row_ = &row;
    emit_ = &emit;
    assigned_.assign(ex_.slot_count(), 1);
    for (const std::uint32_t s : p_.new_slots) assigned_[s] = 0;
    used_.clear();
    return part(0);
  }

 private:
  Row& row() { return *row_; }

  bool part(std::size_t i) {
    if (i == p_.parts.size()) {
      if (p_.where && !passes(evaluate(*p_.where, row(), ex_.ctx()), p_.where->place)) return true;
      return (*emit_)(row());
    }
    const PartPlan& part = p_.parts[i];
    const NodeStep& anchor = part.nodes[part.anchor];
    return candidates(part, anchor, [&](std::uint32_t node) {
      return bind_node(anchor, node, [&] {
        if (part.kind != PartPlan::Kind::Plain) return shortest(i);
        return hop(i, 0);
      });
    });
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
    const std::uint32_t type = ex_.g().nodes[node].type;
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
    if (!ex_.walk().relationship_ok(rel)) return false;
    if (r.properties.empty() && !r.property_map) return true;
    return properties_hold(r.properties, r.property_map, Value::relationship(rel));
  }

  bool used(std::uint32_t rel) const { return std::find(used_.begin(), used_.end(), rel) != used_.end(); }

  // Calls f(rel, other end) for each relationship at `node` that pattern step `r` allows,
  // walked towards the pattern's end (`right`) or its start.
  template <typename F>
  bool adjacent(const RelStep& r, std::uint32_t node, bool right, F f) {
    const auto& arcs = ex_.g().relationship_arcs;
    const auto& rels = ex_.g().relationships;
    const bool out = r.arrow == RelStep::Arrow::Both || (r.arrow == RelStep::Arrow::Right) == right;
    const bool in = r.arrow == RelStep::Arrow::Both || (r.arrow == RelStep::Arrow::Right) != right;
    if (out && !arcs.each_out_until(node, [&](std::uint32_t rel) {
          ex_.tick();
          return !relationship_ok(r, rel) || f(rel, rels[rel].target);
        })) {
      return false;
    }
    if (in && !arcs.each_in_until(node, [&](std::uint32_t rel) {
          ex_.tick();
          // A loop walked either way is one match, found going out.
          if (out && rels[rel].source == node) return true;
          return !relationship_ok(r, rel) || f(rel, rels[rel].source);
        })) {
      return false;
    }
    return true;
  }

  // Hop k of part i: first from the anchor to the last node, then from the anchor back.
  bool hop(std::size_t i, std::size_t k) {
    const PartPlan& part = p_.parts[i];
    const std::size_t right_hops = part.rels.size() - part.anchor;
    if (k == part.rels.size()) {
      if (part.path_slot != kNoSlot) row()[part.path_slot] = path_of(part);
      return this->part(i + 1);
    }
    const bool right = k < right_hops;
    const std::size_t r = right ? part.anchor + k : part.anchor - 1 - (k - right_hops);
    const RelStep& step = part.rels[r];
    const NodeStep& from = right ? part.nodes[r] : part.nodes[r + 1];
    const NodeStep& to = right ? part.nodes[r + 1] : part.nodes[r];
    const std::uint32_t at = row()[from.slot].id();
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
  bool var_hop(std::size_t i, std::size_t k, const RelStep& step, const NodeStep& to, std::uint32_t at, bool right) {
    const std::size_t cap = ex_.options().max_hops;
    const bool unbounded = step.max_hops < 0 || static_cast<std::size_t>(step.max_hops) > cap;
    if (step.max_hops >= 0 && static_cast<std::size_t>(step.max_hops) > cap) {
      over_budget("a variable-length pattern asks for up to " + std::to_string(step.max_hops) +
                  " hops, more than the hop budget of " + std::to_string(cap) + " (--max-hops)");
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
            over_budget("a variable-length pattern reached the hop budget (" + std::to_string(cap) +
                        (cap == 1 ? " hop" : " hops") + ", --max-hops) and could go further");
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
    PartPlan scan;
    scan.access = PartPlan::Access::Scan;
    return candidates(scan, end, [&](std::uint32_t to) {
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
  const std::function<bool(Row&)>* emit_ = nullptr;
  std::vector<char> assigned_;
  std::vector<std::uint32_t> used_;
};

class MatchOp final : public Operator {
 public:
  MatchOp(Executor& ex, const Step& step) : step_(step), matcher_(ex, *step.pattern) {}
  bool consume(Row& row) override {
    bool any = false;
    const std::function<bool(Row&)> found = [&](Row& r) {
      any = true;
      return emit(r);
    };
    if (!matcher_.match(row, found)) return false;
    if (!any && step_.optional) {
      for (const std::uint32_t s : step_.pattern->new_slots) row[s] = Value();
      return emit(row);
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
  bool consume(Row& row) override {
    const Value list = evaluate(*step_.list, row, ex_.ctx());
    if (list.is_null()) return true;
    if (list.kind() != Kind::List) {
      row[step_.slot] = list;
      return emit(row);
    }
    for (const Value& item : list.as_list()) {
      ex_.tick();
      row[step_.slot] = item;
      if (!emit(row)) return false;
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
  std::int64_t int_sum = 0;
  long double float_sum = 0;
  Value best;
  std::vector<Value> values;
  std::set<Value, ValueLess> seen;
};

class ProjectOp final : public Operator {
 public:
  ProjectOp(Executor& ex, const Step& step) : ex_(ex), s_(step) {
    aggregating_ = !s_.aggregates.empty();
    blocking_ = aggregating_ || s_.distinct || !s_.order.empty();
    skip_ = paging(s_.skip.get(), "SKIP", 0);
    limit_ = paging(s_.limit.get(), "LIMIT", std::numeric_limits<std::size_t>::max());
  }

  bool consume(Row& row) override {
    ex_.tick();
    if (aggregating_) {
      group(row);
      return true;
    }
    project(row);
    if (blocking_) {
      held_.push_back(row);
      ex_.check_rows(held_.size());
      return true;
    }
    return pass(row);
  }

  void finish() override {
    if (aggregating_) {
      if (groups_.empty() && std::none_of(s_.grouping.begin(), s_.grouping.end(), [](bool g) { return g; })) {
        groups_.push_back(Group{Row(ex_.slot_count()), std::vector<AggregateState>(s_.aggregates.size())});
      }
      for (Group& gr : groups_) {
        Row& row = gr.row;
        for (std::size_t a = 0; a < s_.aggregates.size(); ++a) {
          row[s_.aggregate_slots[a]] = result(s_.aggregates[a], gr.states[a]);
        }
        for (std::size_t i = 0; i < s_.items.size(); ++i) {
          if (!s_.grouping[i]) row[s_.out_slots[i]] = evaluate(*s_.items[i], row, ex_.ctx());
        }
        held_.push_back(std::move(row));
      }
      groups_.clear();
      index_.clear();
    }
    if (blocking_) {
      if (s_.distinct) {
        std::set<std::vector<Value>, ValuesLess> seen;
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
    Operator::finish();
  }

 private:
  struct Group {
    Row row;
    std::vector<AggregateState> states;
  };

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
    return emit(row) && passed_ < limit_;
  }

  void sort() {
    std::vector<std::pair<std::vector<Value>, std::size_t>> keys;
    keys.reserve(held_.size());
    for (std::size_t r = 0; r < held_.size(); ++r) {
      std::vector<Value> k;
      for (const SortSpec& spec : s_.order) k.push_back(evaluate(*spec.key, held_[r], ex_.ctx()));
      keys.emplace_back(std::move(k), r);
    }
    std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
      for (std::size_t i = 0; i < s_.order.size(); ++i) {
        const int c = order(a.first[i], b.first[i]);
        if (c != 0) return s_.order[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<Row> sorted;
    sorted.reserve(held_.size());
    for (auto& k : keys) sorted.push_back(std::move(held_[k.second]));
    held_ = std::move(sorted);
  }

  void group(Row& row) {
    std::vector<Value> key;
    for (std::size_t i = 0; i < s_.items.size(); ++i) {
      if (s_.grouping[i]) key.push_back(evaluate(*s_.items[i], row, ex_.ctx()));
    }
    auto it = index_.find(key);
    if (it == index_.end()) {
      Row first = row;
      std::size_t k = 0;
      for (std::size_t i = 0; i < s_.items.size(); ++i) {
        if (s_.grouping[i]) first[s_.out_slots[i]] = key[k++];
      }
      groups_.push_back(Group{std::move(first), std::vector<AggregateState>(s_.aggregates.size())});
      ex_.check_rows(groups_.size());
      it = index_.emplace(std::move(key), groups_.size() - 1).first;
    }
    Group& gr = groups_[it->second];
    for (std::size_t a = 0; a < s_.aggregates.size(); ++a) update(s_.aggregates[a], gr.states[a], row);
  }

  void update(const AggregateSpec& spec, AggregateState& st, Row& row) {
    if (spec.kind == AggregateKind::CountStar) {
      ++st.count;
      return;
    }
    Value v = evaluate(*spec.args[0], row, ex_.ctx());
    if (v.is_null()) return;
    if (spec.distinct && !st.seen.insert(v).second) return;
    ++st.count;
    switch (spec.kind) {
      case AggregateKind::Count: break;
      case AggregateKind::Collect: st.values.push_back(std::move(v)); break;
      case AggregateKind::Min:
        if (st.count == 1 || order(v, st.best) < 0) st.best = std::move(v);
        break;
      case AggregateKind::Max:
        if (st.count == 1 || order(v, st.best) > 0) st.best = std::move(v);
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
        if (st.values.empty() && (spec.kind == AggregateKind::PercentileCont || spec.kind == AggregateKind::PercentileDisc)) {
          const Value p = evaluate(*spec.args[1], row, ex_.ctx());
          if (p.kind() != Kind::Int && p.kind() != Kind::Float) {
            runtime_error("TypeError", "a percentile must be a number", spec.place);
          }
          if (p.as_number() < 0 || p.as_number() > 1) {
            runtime_error("ArgumentError", "NumberOutOfRange: a percentile is between 0.0 and 1.0", spec.place);
          }
          st.best = p;
        }
        st.values.push_back(std::move(v));
        break;
      case AggregateKind::CountStar: break;
    }
  }

  Value result(const AggregateSpec& spec, AggregateState& st) {
    switch (spec.kind) {
      case AggregateKind::Count:
      case AggregateKind::CountStar: return Value::integer(st.count);
      case AggregateKind::Collect: return Value::list(std::move(st.values));
      case AggregateKind::Min:
      case AggregateKind::Max: return st.best;
      case AggregateKind::Sum:
        return st.floats ? Value::number(static_cast<double>(st.float_sum)) : Value::integer(st.int_sum);
      case AggregateKind::Avg:
        return st.count == 0 ? Value() : Value::number(static_cast<double>(st.float_sum / st.count));
      case AggregateKind::StDev:
      case AggregateKind::StDevP: {
        const std::size_t n = st.values.size();
        const std::size_t d = spec.kind == AggregateKind::StDev ? n - 1 : n;
        if (n == 0 || d == 0) return Value::number(0.0);
        long double mean = 0;
        for (const Value& v : st.values) mean += v.as_number();
        mean /= n;
        long double sq = 0;
        for (const Value& v : st.values) sq += (v.as_number() - mean) * (v.as_number() - mean);
        return Value::number(std::sqrt(static_cast<double>(sq / d)));
      }
      case AggregateKind::PercentileCont:
      case AggregateKind::PercentileDisc: {
        if (st.values.empty()) return Value();
        std::sort(st.values.begin(), st.values.end(), ValueLess{});
        const double p = st.best.as_number();
        const std::size_t n = st.values.size();
        if (spec.kind == AggregateKind::PercentileDisc) {
          const double at = p * static_cast<double>(n);
          std::size_t i = at <= 0 ? 0 : static_cast<std::size_t>(std::ceil(at)) - 1;
          return st.values[std::min(i, n - 1)];
        }
        const double at = p * static_cast<double>(n - 1);
        const auto lo = static_cast<std::size_t>(std::floor(at));
        const auto hi = static_cast<std::size_t>(std::ceil(at));
        const double x = st.values[lo].as_number();
        const double y = st.values[hi].as_number();
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
  std::vector<Group> groups_;
  std::map<std::vector<Value>, std::size_t, ValuesLess> index_;
};

std::vector<std::unique_ptr<Operator>> Executor::build(const SinglePlan& plan, std::unique_ptr<Operator> sink) {
  std::vector<std::unique_ptr<Operator>> ops;
  for (const Step& s : plan.steps) {
    switch (s.kind) {
      case Step::Kind::Match: ops.push_back(std::make_unique<MatchOp>(*this, s)); break;
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
    auto ops = build(part, std::make_unique<Sink>(collect));
    ops.front()->consume(row);
    ops.front()->finish();
  }
  const bool distinct = std::any_of(plan_.union_all.begin(), plan_.union_all.end(), [](bool all) { return !all; });
  if (distinct) {
    std::set<std::vector<Value>, ValuesLess> seen;
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
