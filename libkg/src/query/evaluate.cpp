#include "query/evaluate.hpp"

#include "query/temporal.hpp"

#include <re2/re2.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace kg::query {

EvalContext::EvalContext(const Graph& graph_, const Options& options_)
    : graph(graph_),
      g(GraphAccess::impl(graph_)),
      options(options_),
      statement_time(std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count()) {}
EvalContext::~EvalContext() = default;

void runtime_error(std::string_view kind, const std::string& message, const Place& place) {
  std::string text(kind);
  text += ": ";
  text += message;
  throw QueryError(QueryError::Phase::Runtime, text, place.line, place.column, place.offset);
}

std::string_view type_name(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "Null";
    case Value::Kind::Bool: return "Boolean";
    case Value::Kind::Int: return "Integer";
    case Value::Kind::Float: return "Float";
    case Value::Kind::String: return "String";
    case Value::Kind::List: return "List";
    case Value::Kind::Map: return "Map";
    case Value::Kind::Node: return "Node";
    case Value::Kind::Relationship: return "Relationship";
    case Value::Kind::Path: return "Path";
    case Value::Kind::Date: return "Date";
    case Value::Kind::LocalTime: return "LocalTime";
    case Value::Kind::Time: return "Time";
    case Value::Kind::LocalDateTime: return "LocalDateTime";
    case Value::Kind::DateTime: return "DateTime";
    case Value::Kind::Duration: return "Duration";
  }
  return "Value";
}

bool passes(const Value& v, const Place& place) {
  if (v.is_null()) return false;
  if (v.kind() != Value::Kind::Bool) {
    runtime_error("TypeError", "a predicate must be a Boolean, not " + std::string(type_name(v)), place);
  }
  return v.as_bool();
}

namespace {

using Op = Bound::Op;
using Kind = Value::Kind;

bool is_number(const Value& v) { return v.kind() == Kind::Int || v.kind() == Kind::Float; }

[[noreturn]] void type_error(const Bound& b, const std::string& what) { runtime_error("TypeError", what, b.place); }

[[noreturn]] void operands_error(const Bound& b, std::string_view op, const Value& x, const Value& y) {
  type_error(b, "cannot apply " + std::string(op) + " to " + std::string(type_name(x)) + " and " +
                    std::string(type_name(y)));
}

[[noreturn]] void overflow(const Bound& b) { runtime_error("ArithmeticError", "integer overflow", b.place); }

// Three-valued logic: a boolean or null; anything else is a type error.
std::optional<bool> logical(const Value& v, const Bound& b) {
  if (v.is_null()) return std::nullopt;
  if (v.kind() != Kind::Bool) type_error(b, "expected a Boolean, got " + std::string(type_name(v)));
  return v.as_bool();
}


Value arithmetic(const Bound& b, const Value& x, const Value& y) {
  if (x.is_null() || y.is_null()) return Value();
  const Op op = b.op;
  if (x.is_temporal() || y.is_temporal()) {
    std::optional<Value> r;
    if (op == Op::Add || op == Op::Subtract) r = temporal::add(x, y, op == Op::Subtract, b.place);
    if (op == Op::Multiply || op == Op::Divide) r = temporal::multiply(x, y, op == Op::Divide, b.place);
    if (r) return *r;
  }
  if (op == Op::Add) {
    if (x.kind() == Kind::List || y.kind() == Kind::List) {
      Value::List items;
      if (x.kind() == Kind::List) {
        items = x.as_list();
      } else {
        items.push_back(x);
      }
      if (y.kind() == Kind::List) {
        items.insert(items.end(), y.as_list().begin(), y.as_list().end());
      } else {
        items.push_back(y);
      }
      return Value::list(std::move(items));
    }
    if (x.kind() == Kind::String || y.kind() == Kind::String) {
      const auto text = [&](const Value& v) -> std::string {
        if (v.kind() == Kind::String) return v.as_string();
        if (is_number(v) || v.kind() == Kind::Bool) return to_cypher(v);
        operands_error(b, "+", x, y);
      };
      return Value::string(text(x) + text(y));
    }
  }
  if (!is_number(x) || !is_number(y)) {
    static constexpr std::string_view kNames[] = {"+", "-", "*", "/", "%", "^"};
    operands_error(b, kNames[static_cast<int>(op) - static_cast<int>(Op::Add)], x, y);
  }
  if (op == Op::Power) return Value::number(std::pow(x.as_number(), y.as_number()));
  if (x.kind() == Kind::Int && y.kind() == Kind::Int) {
    const std::int64_t a = x.as_int();
    const std::int64_t c = y.as_int();
    std::int64_t r = 0;
    switch (op) {
      case Op::Add:
        if (__builtin_add_overflow(a, c, &r)) overflow(b);
        return Value::integer(r);
      case Op::Subtract:
        if (__builtin_sub_overflow(a, c, &r)) overflow(b);
        return Value::integer(r);
      case Op::Multiply:
        if (__builtin_mul_overflow(a, c, &r)) overflow(b);
        return Value::integer(r);
      case Op::Divide:
        if (c == 0) runtime_error("ArithmeticError", "division by zero", b.place);
        if (a == std::numeric_limits<std::int64_t>::min() && c == -1) overflow(b);
        return Value::integer(a / c);
      case Op::Modulo:
        if (c == 0) runtime_error("ArithmeticError", "division by zero", b.place);
        if (c == -1) return Value::integer(0);
        return Value::integer(a % c);
      default: break;
    }
  }
  const double a = x.as_number();
  const double c = y.as_number();
  switch (op) {
    case Op::Add: return Value::number(a + c);
    case Op::Subtract: return Value::number(a - c);
    case Op::Multiply: return Value::number(a * c);
    case Op::Divide: return Value::number(a / c);
    case Op::Modulo: return Value::number(std::fmod(a, c));
    default: return Value();
  }
}

std::optional<bool> compare_pair(Bound::Cmp op, const Value& x, const Value& y) {
  if (op == Bound::Cmp::Eq || op == Bound::Cmp::Ne) {
    const std::optional<bool> e = equals(x, y);
    if (!e) return std::nullopt;
    return op == Bound::Cmp::Eq ? *e : !*e;
  }
  const std::optional<int> c = compare(x, y);
  if (!c) return std::nullopt;
  if (*c == 2) return false;  // NaN: unordered
  switch (op) {
    case Bound::Cmp::Lt: return *c < 0;
    case Bound::Cmp::Le: return *c <= 0;
    case Bound::Cmp::Gt: return *c > 0;
    case Bound::Cmp::Ge: return *c >= 0;
    default: return std::nullopt;
  }
}

Value in_list(const Bound& b, const Value& x, const Value& list) {
  if (list.is_null()) return Value();
  if (list.kind() != Kind::List) type_error(b, "IN needs a List on its right, not " + std::string(type_name(list)));
  bool unknown = false;
  for (const Value& item : list.as_list()) {
    const std::optional<bool> e = equals(x, item);
    if (e == true) return Value::boolean(true);
    if (!e) unknown = true;
  }
  return unknown ? Value() : Value::boolean(false);
}

Value string_test(const Bound& b, const Value& x, const Value& y, EvalContext& ctx) {
  if (x.kind() != Kind::String || y.kind() != Kind::String) return Value();
  const std::string& s = x.as_string();
  const std::string& t = y.as_string();
  switch (b.op) {
    case Op::StartsWith: return Value::boolean(s.compare(0, t.size(), t) == 0 && s.size() >= t.size());
    case Op::EndsWith: return Value::boolean(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
    case Op::Contains: return Value::boolean(s.find(t) != std::string::npos);
    case Op::Regex: {
      auto it = ctx.regexes.find(t);
      if (it == ctx.regexes.end()) {
        RE2::Options options;
        options.set_log_errors(false);
        options.set_max_mem(64 << 20);
        auto re = std::make_unique<RE2>(t, options);
        if (!re->ok()) runtime_error("ArgumentError", "invalid regular expression: " + re->error(), b.place);
        it = ctx.regexes.emplace(t, std::move(re)).first;
      }
      return Value::boolean(RE2::FullMatch(s, *it->second));
    }
    default: return Value();
  }
}

// A list index: negative counts from the end; outside the list, nullopt.
std::optional<std::size_t> position(std::int64_t i, std::size_t size) {
  if (i < 0) i += static_cast<std::int64_t>(size);
  if (i < 0 || static_cast<std::size_t>(i) >= size) return std::nullopt;
  return static_cast<std::size_t>(i);
}

Value index(const Bound& b, const Value& x, const Value& i, EvalContext& ctx) {
  if (x.is_null() || i.is_null()) return Value();
  if (x.kind() == Kind::List) {
    if (i.kind() != Kind::Int) type_error(b, "a list index must be an Integer, not " + std::string(type_name(i)));
    const auto at = position(i.as_int(), x.as_list().size());
    return at ? x.as_list()[*at] : Value();
  }
  if (x.kind() == Kind::Map || x.kind() == Kind::Node || x.kind() == Kind::Relationship) {
    if (i.kind() != Kind::String) {
      type_error(b, "MapElementAccessByNonString: a key must be a String, not " + std::string(type_name(i)));
    }
    if (x.kind() == Kind::Node) return node_property(ctx, x.id(), i.as_string());
    if (x.kind() == Kind::Relationship) return relationship_property(ctx, x.id(), i.as_string());
    const Value* v = x.find(i.as_string());
    return v ? *v : Value();
  }
  type_error(b, "cannot index a " + std::string(type_name(x)));
}

Value slice(const Bound& b, const Value& x, const Value* from, const Value* to) {
  if (x.is_null() || (from && from->is_null()) || (to && to->is_null())) return Value();
  if (x.kind() != Kind::List) type_error(b, "cannot slice a " + std::string(type_name(x)));
  const auto& items = x.as_list();
  const auto n = static_cast<std::int64_t>(items.size());
  const auto bound = [&](const Value* v, std::int64_t otherwise) {
    if (!v) return otherwise;
    if (v->kind() != Kind::Int) type_error(b, "a slice bound must be an Integer, not " + std::string(type_name(*v)));
    std::int64_t i = v->as_int();
    if (i < 0) i += n;
    return std::clamp<std::int64_t>(i, 0, n);
  };
  const std::int64_t lo = bound(from, 0);
  const std::int64_t hi = bound(to, n);
  if (lo >= hi) return Value::list({});
  return Value::list(Value::List(items.begin() + lo, items.begin() + hi));
}

Value property(const Bound& b, const Value& x, EvalContext& ctx) {
  switch (x.kind()) {
    case Kind::Null: return Value();
    case Kind::Node: return node_property(ctx, x.id(), b.name);
    case Kind::Relationship: return relationship_property(ctx, x.id(), b.name);
    case Kind::Map: {
      const Value* v = x.find(b.name);
      return v ? *v : Value();
    }
    default:
      if (x.is_temporal()) {
        if (auto v = temporal::component(x, b.name)) return *v;
        return Value();
      }
      type_error(b, "cannot read property `" + b.name + "` of a " + std::string(type_name(x)));
  }
}

}  // namespace

Value evaluate(const Bound& b, Row& row, EvalContext& ctx) {
  switch (b.op) {
    case Op::Constant: return b.constant;
    case Op::Slot: return row[b.slot];
    case Op::Property: return property(b, evaluate(*b.args[0], row, ctx), ctx);
    case Op::List: {
      Value::List items;
      items.reserve(b.args.size());
      for (const BoundPtr& a : b.args) items.push_back(evaluate(*a, row, ctx));
      return Value::list(std::move(items));
    }
    case Op::Map: {
      Value::Map entries;
      entries.reserve(b.args.size());
      for (std::size_t i = 0; i < b.args.size(); ++i) entries.emplace_back(b.keys[i], evaluate(*b.args[i], row, ctx));
      return Value::map(std::move(entries));
    }
    case Op::Call: {
      Value args[4];
      if (b.args.size() <= 4) {
        for (std::size_t i = 0; i < b.args.size(); ++i) args[i] = evaluate(*b.args[i], row, ctx);
        return b.function(std::span<const Value>(args, b.args.size()), ctx, b);
      }
      std::vector<Value> many;
      for (const BoundPtr& a : b.args) many.push_back(evaluate(*a, row, ctx));
      return b.function(many, ctx, b);
    }
    case Op::Not: {
      const auto v = logical(evaluate(*b.args[0], row, ctx), b);
      return v ? Value::boolean(!*v) : Value();
    }
    case Op::And: {
      const auto x = logical(evaluate(*b.args[0], row, ctx), b);
      if (x == false) {
        // Still a type error when the other side is not a boolean (openCypher checks both).
        logical(evaluate(*b.args[1], row, ctx), b);
        return Value::boolean(false);
      }
      const auto y = logical(evaluate(*b.args[1], row, ctx), b);
      if (y == false) return Value::boolean(false);
      if (!x || !y) return Value();
      return Value::boolean(true);
    }
    case Op::Or: {
      const auto x = logical(evaluate(*b.args[0], row, ctx), b);
      const auto y = logical(evaluate(*b.args[1], row, ctx), b);
      if (x == true || y == true) return Value::boolean(true);
      if (!x || !y) return Value();
      return Value::boolean(false);
    }
    case Op::Xor: {
      const auto x = logical(evaluate(*b.args[0], row, ctx), b);
      const auto y = logical(evaluate(*b.args[1], row, ctx), b);
      if (!x || !y) return Value();
      return Value::boolean(*x != *y);
    }
    case Op::Negate: {
      const Value v = evaluate(*b.args[0], row, ctx);
      if (v.is_null()) return v;
      if (v.kind() == Kind::Int) {
        if (v.as_int() == std::numeric_limits<std::int64_t>::min()) overflow(b);
        return Value::integer(-v.as_int());
      }
      if (v.kind() == Kind::Float) return Value::number(-v.as_float());
      type_error(b, "cannot negate a " + std::string(type_name(v)));
    }
    case Op::Add:
    case Op::Subtract:
    case Op::Multiply:
    case Op::Divide:
    case Op::Modulo:
    case Op::Power: {
      const Value x = evaluate(*b.args[0], row, ctx);
      const Value y = evaluate(*b.args[1], row, ctx);
      return arithmetic(b, x, y);
    }
    case Op::Compare: {
      bool any_false = false;
      bool any_null = false;
      Value left = evaluate(*b.args[0], row, ctx);
      for (std::size_t i = 0; i < b.ops.size(); ++i) {
        Value right = evaluate(*b.args[i + 1], row, ctx);
        const std::optional<bool> r = compare_pair(b.ops[i], left, right);
        any_false = any_false || r == false;
        any_null = any_null || !r;
        left = std::move(right);
      }
      return any_false ? Value::boolean(false) : any_null ? Value() : Value::boolean(true);
    }
    case Op::In: {
      const Value x = evaluate(*b.args[0], row, ctx);
      const Value list = evaluate(*b.args[1], row, ctx);
      return in_list(b, x, list);
    }
    case Op::StartsWith:
    case Op::EndsWith:
    case Op::Contains:
    case Op::Regex: {
      const Value x = evaluate(*b.args[0], row, ctx);
      const Value y = evaluate(*b.args[1], row, ctx);
      return string_test(b, x, y, ctx);
    }
    case Op::IsNull: return Value::boolean(evaluate(*b.args[0], row, ctx).is_null());
    case Op::IsNotNull: return Value::boolean(!evaluate(*b.args[0], row, ctx).is_null());
    case Op::Index: {
      const Value x = evaluate(*b.args[0], row, ctx);
      const Value i = evaluate(*b.args[1], row, ctx);
      return index(b, x, i, ctx);
    }
    case Op::Slice: {
      const Value x = evaluate(*b.args[0], row, ctx);
      const Value from_v = b.args[1] ? evaluate(*b.args[1], row, ctx) : Value();
      const Value to_v = b.args[2] ? evaluate(*b.args[2], row, ctx) : Value();
      return slice(b, x, b.args[1] ? &from_v : nullptr, b.args[2] ? &to_v : nullptr);
    }
    case Op::Case: {
      std::size_t i = 0;
      Value subject;
      if (b.flag) subject = evaluate(*b.args[i++], row, ctx);
      const std::size_t end = b.args.size() - 1;  // the last is ELSE (or null)
      for (; i < end; i += 2) {
        const Value when = evaluate(*b.args[i], row, ctx);
        const bool hit = b.flag ? equals(subject, when) == true : (when.kind() == Kind::Bool && when.as_bool());
        if (hit) return evaluate(*b.args[i + 1], row, ctx);
      }
      return b.args[end] ? evaluate(*b.args[end], row, ctx) : Value();
    }
    case Op::Comprehension: {
      const Value list = evaluate(*b.args[0], row, ctx);
      if (list.is_null()) return list;
      if (list.kind() != Kind::List) type_error(b, "a list comprehension needs a List, not " + std::string(type_name(list)));
      Value::List out;
      for (const Value& item : list.as_list()) {
        row[b.slot] = item;
        if (b.args[1] && !passes(evaluate(*b.args[1], row, ctx), b.args[1]->place)) continue;
        out.push_back(b.args[2] ? evaluate(*b.args[2], row, ctx) : item);
      }
      return Value::list(std::move(out));
    }
    case Op::Quantifier: {
      const Value list = evaluate(*b.args[0], row, ctx);
      if (list.is_null()) return list;
      if (list.kind() != Kind::List) type_error(b, "a quantifier needs a List, not " + std::string(type_name(list)));
      std::size_t trues = 0;
      std::size_t nulls = 0;
      std::size_t falses = 0;
      for (const Value& item : list.as_list()) {
        row[b.slot] = item;
        const auto t = logical(evaluate(*b.args[1], row, ctx), *b.args[1]);
        if (!t) {
          ++nulls;
        } else if (*t) {
          ++trues;
        } else {
          ++falses;
        }
        // Short cuts where the rest cannot change the answer.
        if ((b.sub == 0 && falses > 0) || ((b.sub == 1 || b.sub == 2) && trues > 0) || (b.sub == 3 && trues > 1)) break;
      }
      switch (b.sub) {
        case 0: return falses ? Value::boolean(false) : nulls ? Value() : Value::boolean(true);
        case 1: return trues ? Value::boolean(true) : nulls ? Value() : Value::boolean(false);
        case 2: return trues ? Value::boolean(false) : nulls ? Value() : Value::boolean(true);
        default: return trues > 1 ? Value::boolean(false) : nulls ? Value() : Value::boolean(trues == 1);
      }
    }
    case Op::HasLabels: {
      const Value v = evaluate(*b.args[0], row, ctx);
      if (v.is_null()) return v;
      if (v.kind() != Kind::Node) type_error(b, "a label test needs a Node, not " + std::string(type_name(v)));
      const std::uint32_t type = ctx.g.type_of(ctx.g.type_index(), v.id());
      for (const std::uint32_t id : b.ids) {
        if (id != type) return Value::boolean(false);
      }
      return Value::boolean(true);
    }
    case Op::Exists: {
      bool found = false;
      ctx.subplans->run(*b.subplan, row, [&](const Row&) {
        found = true;
        return false;
      });
      return Value::boolean(found);
    }
    case Op::PatternComprehension: {
      Value::List out;
      ctx.subplans->run(*b.subplan, row, [&](const Row& r) {
        Row copy = r;
        out.push_back(evaluate(*b.args[0], copy, ctx));
        return true;
      });
      return Value::list(std::move(out));
    }
  }
  return Value();
}

}  // namespace kg::query
