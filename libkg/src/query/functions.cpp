// The scalar functions of openCypher that a read-only engine has, and the names of the
// aggregates (executor.cpp computes those). Strings count code points.
#include "query/evaluate.hpp"
#include "query/temporal.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

namespace kg::query {

namespace {

using Kind = Value::Kind;
using Args = std::span<const Value>;

[[noreturn]] void bad_argument(const Bound& at, const Value& v, std::string_view wanted) {
  runtime_error("TypeError", "InvalidArgumentType: " + at.name + "() takes " + std::string(wanted) + ", not " +
                                 std::string(type_name(v)),
                at.place);
}

[[noreturn]] void bad_value(const Bound& at, const std::string& why) {
  runtime_error("ArgumentError", at.name + "(): " + why, at.place);
}

bool is_number(const Value& v) { return v.kind() == Kind::Int || v.kind() == Kind::Float; }

double number(const Bound& at, const Value& v) {
  if (!is_number(v)) bad_argument(at, v, "a number");
  return v.as_number();
}

std::int64_t integer(const Bound& at, const Value& v) {
  if (v.kind() != Kind::Int) bad_argument(at, v, "an Integer");
  return v.as_int();
}

const std::string& text(const Bound& at, const Value& v) {
  if (v.kind() != Kind::String) bad_argument(at, v, "a String");
  return v.as_string();
}

// Byte offsets where each code point of `s` starts, and s.size() at the end.
std::vector<std::size_t> starts(std::string_view s) {
  std::vector<std::size_t> out;
  out.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0u) != 0x80u) out.push_back(i);
  }
  out.push_back(s.size());
  return out;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  return n;
}

bool any_null(Args a) {
  return std::any_of(a.begin(), a.end(), [](const Value& v) { return v.is_null(); });
}

// --- maths ------------------------------------------------------------------------------------

Value math1(Args a, const Bound& at, double (*f)(double)) {
  if (a[0].is_null()) return Value();
  return Value::number(f(number(at, a[0])));
}

#define KG_MATH(NAME, EXPR)                                                        \
  Value NAME(Args a, EvalContext&, const Bound& at) {                              \
    return math1(a, at, [](double x) -> double { return EXPR; });                  \
  }
KG_MATH(f_sqrt, std::sqrt(x))
KG_MATH(f_exp, std::exp(x))
KG_MATH(f_log, std::log(x))
KG_MATH(f_log10, std::log10(x))
KG_MATH(f_sin, std::sin(x))
KG_MATH(f_cos, std::cos(x))
KG_MATH(f_tan, std::tan(x))
KG_MATH(f_asin, std::asin(x))
KG_MATH(f_acos, std::acos(x))
KG_MATH(f_atan, std::atan(x))
KG_MATH(f_cot, 1.0 / std::tan(x))
KG_MATH(f_ceil, std::ceil(x))
KG_MATH(f_floor, std::floor(x))
KG_MATH(f_degrees, x * 180.0 / std::numbers::pi)
KG_MATH(f_radians, x * std::numbers::pi / 180.0)
KG_MATH(f_haversin, (1.0 - std::cos(x)) / 2.0)
#undef KG_MATH

Value f_atan2(Args a, EvalContext&, const Bound& at) {
  if (any_null(a)) return Value();
  return Value::number(std::atan2(number(at, a[0]), number(at, a[1])));
}
Value f_pi(Args, EvalContext&, const Bound&) { return Value::number(std::numbers::pi); }
Value f_e(Args, EvalContext&, const Bound&) { return Value::number(std::numbers::e); }
Value f_rand(Args, EvalContext&, const Bound&) {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  return Value::number(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
}

Value f_abs(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::Int) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) runtime_error("ArithmeticError", "integer overflow", at.place);
    return Value::integer(v.as_int() < 0 ? -v.as_int() : v.as_int());
  }
  return Value::number(std::fabs(number(at, v)));
}

Value f_sign(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::Int) return Value::integer(v.as_int() > 0 ? 1 : v.as_int() < 0 ? -1 : 0);
  const double d = number(at, v);
  return Value::integer(d > 0 ? 1 : d < 0 ? -1 : 0);
}

Value f_round(Args a, EvalContext&, const Bound& at) {
  if (any_null(a)) return Value();
  const double x = number(at, a[0]);
  if (a.size() == 1) return Value::number(std::floor(x + 0.5));
  const std::int64_t precision = integer(at, a[1]);
  std::string mode = "HALF_UP";
  if (a.size() == 3) mode = util::upper(text(at, a[2]));
  const double scale = std::pow(10.0, static_cast<double>(precision));
  const double y = x * scale;
  double r = 0;
  if (mode == "HALF_UP") {
    r = std::round(y);  // half away from zero
  } else if (mode == "HALF_DOWN") {
    r = std::fabs(y - std::trunc(y)) == 0.5 ? std::trunc(y) : std::round(y);
  } else if (mode == "HALF_EVEN") {
    r = std::nearbyint(y);
  } else if (mode == "CEILING") {
    r = std::ceil(y);
  } else if (mode == "FLOOR") {
    r = std::floor(y);
  } else if (mode == "UP") {
    r = y < 0 ? std::floor(y) : std::ceil(y);
  } else if (mode == "DOWN") {
    r = std::trunc(y);
  } else {
    bad_value(at, "unknown rounding mode " + mode);
  }
  return Value::number(r / scale);
}

// --- strings ----------------------------------------------------------------------------------

Value f_to_lower(Args a, EvalContext&, const Bound& at) {
  return a[0].is_null() ? Value() : Value::string(util::lower(text(at, a[0])));
}
Value f_to_upper(Args a, EvalContext&, const Bound& at) {
  return a[0].is_null() ? Value() : Value::string(util::upper(text(at, a[0])));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

Value trim_impl(Args a, const Bound& at, bool left, bool right) {
  if (a[0].is_null()) return Value();
  std::string_view s = text(at, a[0]);
  while (left && !s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (right && !s.empty() && is_space(s.back())) s.remove_suffix(1);
  return Value::string(std::string(s));
}
Value f_trim(Args a, EvalContext&, const Bound& at) { return trim_impl(a, at, true, true); }
Value f_ltrim(Args a, EvalContext&, const Bound& at) { return trim_impl(a, at, true, false); }
Value f_rtrim(Args a, EvalContext&, const Bound& at) { return trim_impl(a, at, false, true); }

Value f_left_right(Args a, const Bound& at, bool left) {
  if (a[0].is_null()) return Value();
  if (a[1].is_null()) bad_value(at, "the length cannot be null");
  const std::string& s = text(at, a[0]);
  const std::int64_t n = integer(at, a[1]);
  if (n < 0) bad_value(at, "the length cannot be negative");
  const auto cps = starts(s);
  const std::size_t count = cps.size() - 1;
  const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(n), count);
  return left ? Value::string(s.substr(0, cps[take])) : Value::string(s.substr(cps[count - take]));
}
Value f_left(Args a, EvalContext&, const Bound& at) { return f_left_right(a, at, true); }
Value f_right(Args a, EvalContext&, const Bound& at) { return f_left_right(a, at, false); }

Value f_substring(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  const std::string& s = text(at, a[0]);
  if (a[1].is_null() || (a.size() > 2 && a[2].is_null())) bad_value(at, "start and length cannot be null");
  const std::int64_t start = integer(at, a[1]);
  if (start < 0) bad_value(at, "the start cannot be negative");
  const auto cps = starts(s);
  const std::size_t count = cps.size() - 1;
  const std::size_t from = std::min<std::size_t>(static_cast<std::size_t>(start), count);
  std::size_t to = count;
  if (a.size() > 2) {
    const std::int64_t length = integer(at, a[2]);
    if (length < 0) bad_value(at, "the length cannot be negative");
    to = from + std::min<std::size_t>(static_cast<std::size_t>(length), count - from);
  }
  return Value::string(s.substr(cps[from], cps[to] - cps[from]));
}

Value f_replace(Args a, EvalContext&, const Bound& at) {
  if (any_null(a)) return Value();
  const std::string& s = text(at, a[0]);
  const std::string& from = text(at, a[1]);
  const std::string& to = text(at, a[2]);
  if (from.empty()) return Value::string(s);
  std::string out;
  std::size_t i = 0;
  for (std::size_t hit; (hit = s.find(from, i)) != std::string::npos; i = hit + from.size()) {
    out.append(s, i, hit - i);
    out += to;
  }
  out.append(s, i);
  return Value::string(std::move(out));
}

Value f_split(Args a, EvalContext&, const Bound& at) {
  if (any_null(a)) return Value();
  const std::string& s = text(at, a[0]);
  const std::string& sep = text(at, a[1]);
  Value::List parts;
  if (sep.empty()) {
    const auto cps = starts(s);
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) parts.push_back(Value::string(s.substr(cps[i], cps[i + 1] - cps[i])));
    return Value::list(std::move(parts));
  }
  std::size_t i = 0;
  for (std::size_t hit; (hit = s.find(sep, i)) != std::string::npos; i = hit + sep.size()) {
    parts.push_back(Value::string(s.substr(i, hit - i)));
  }
  parts.push_back(Value::string(s.substr(i)));
  return Value::list(std::move(parts));
}

Value f_reverse(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::List) {
    Value::List items(v.as_list().rbegin(), v.as_list().rend());
    return Value::list(std::move(items));
  }
  const std::string& s = text(at, v);
  const auto cps = starts(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = cps.size() - 1; i > 0; --i) out.append(s, cps[i - 1], cps[i] - cps[i - 1]);
  return Value::string(std::move(out));
}

// --- conversions ------------------------------------------------------------------------------

std::optional<std::int64_t> parse_integer(std::string_view s) {
  s = std::string_view(s.data(), s.size());
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  std::int64_t v = 0;
  const char* begin = s.data();
  if (!s.empty() && s.front() == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  return std::nullopt;
}

std::optional<double> parse_float(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const char* begin = s.data();
  if (s.front() == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  if (ec == std::errc::result_out_of_range) return std::nullopt;
  return std::nullopt;
}

std::optional<std::int64_t> float_to_integer(double d) {
  if (std::isnan(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

Value to_integer(const Value& v, const Bound& at, bool or_null) {
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::Int: return v;
    case Kind::Bool: return Value::integer(v.as_bool() ? 1 : 0);
    case Kind::Float: {
      const auto i = float_to_integer(v.as_float());
      if (!i && !or_null) runtime_error("ArgumentError", "NumberOutOfRange: " + to_cypher(v) + " is not an Integer", at.place);
      return i ? Value::integer(*i) : Value();
    }
    case Kind::String: {
      if (const auto i = parse_integer(v.as_string())) return Value::integer(*i);
      if (const auto d = parse_float(v.as_string())) {
        if (const auto i = float_to_integer(*d)) return Value::integer(*i);
      }
      return Value();
    }
    default:
      if (or_null) return Value();
      bad_argument(at, v, "a String, a number or a Boolean");
  }
}

Value to_float(const Value& v, const Bound& at, bool or_null) {
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::Float: return v;
    case Kind::Int: return Value::number(static_cast<double>(v.as_int()));
    case Kind::String: {
      const auto d = parse_float(v.as_string());
      return d ? Value::number(*d) : Value();
    }
    default:
      if (or_null) return Value();
      bad_argument(at, v, "a String or a number");
  }
}

Value to_boolean(const Value& v, const Bound& at, bool or_null) {
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::Bool: return v;
    case Kind::Int: return Value::boolean(v.as_int() != 0);
    case Kind::String: {
      std::string_view s = v.as_string();
      while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
      while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
      const std::string l = util::lower(s);
      if (l == "true") return Value::boolean(true);
      if (l == "false") return Value::boolean(false);
      return Value();
    }
    default:
      if (or_null) return Value();
      bad_argument(at, v, "a String, an Integer or a Boolean");
  }
}

Value to_string_value(const Value& v, const Bound& at, bool or_null) {
  if (v.is_temporal()) return Value::string(temporal::format(v));
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::String: return v;
    case Kind::Int:
    case Kind::Float:
    case Kind::Bool: return Value::string(to_cypher(v));
    default:
      if (or_null) return Value();
      bad_argument(at, v, "a String, a number or a Boolean");
  }
}

Value f_to_integer(Args a, EvalContext&, const Bound& at) { return to_integer(a[0], at, false); }
Value f_to_integer_or_null(Args a, EvalContext&, const Bound& at) { return to_integer(a[0], at, true); }
Value f_to_float(Args a, EvalContext&, const Bound& at) { return to_float(a[0], at, false); }
Value f_to_float_or_null(Args a, EvalContext&, const Bound& at) { return to_float(a[0], at, true); }
Value f_to_boolean(Args a, EvalContext&, const Bound& at) { return to_boolean(a[0], at, false); }
Value f_to_boolean_or_null(Args a, EvalContext&, const Bound& at) { return to_boolean(a[0], at, true); }
Value f_to_string(Args a, EvalContext&, const Bound& at) { return to_string_value(a[0], at, false); }
Value f_to_string_or_null(Args a, EvalContext&, const Bound& at) { return to_string_value(a[0], at, true); }

template <Value (*Convert)(const Value&, const Bound&, bool)>
Value convert_list(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  if (a[0].kind() != Kind::List) bad_argument(at, a[0], "a List");
  Value::List out;
  for (const Value& v : a[0].as_list()) out.push_back(Convert(v, at, true));
  return Value::list(std::move(out));
}

// --- lists, maps and entities -----------------------------------------------------------------

Value f_size(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::List: return Value::integer(static_cast<std::int64_t>(v.as_list().size()));
    case Kind::String: return Value::integer(static_cast<std::int64_t>(code_point_count(v.as_string())));
    case Kind::Map: return Value::integer(static_cast<std::int64_t>(v.as_map().size()));
    default: bad_argument(at, v, "a List or a String");
  }
}

Value f_length(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.kind() == Kind::Path) return Value::integer(static_cast<std::int64_t>(v.as_path().relationships.size()));
  if (v.is_null()) return v;
  if (v.kind() == Kind::String || v.kind() == Kind::List) return f_size(a, ctx, at);
  bad_argument(at, v, "a Path");
}

Value f_coalesce(Args a, EvalContext&, const Bound&) {
  for (const Value& v : a) {
    if (!v.is_null()) return v;
  }
  return Value();
}

const Value::List& list_argument(const Bound& at, const Value& v) {
  if (v.kind() != Kind::List) bad_argument(at, v, "a List");
  return v.as_list();
}

Value f_head(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  const auto& l = list_argument(at, a[0]);
  return l.empty() ? Value() : l.front();
}
Value f_last(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  const auto& l = list_argument(at, a[0]);
  return l.empty() ? Value() : l.back();
}
Value f_tail(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  const auto& l = list_argument(at, a[0]);
  return l.empty() ? Value::list({}) : Value::list(Value::List(l.begin() + 1, l.end()));
}

Value f_is_empty(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::Null: return v;
    case Kind::List: return Value::boolean(v.as_list().empty());
    case Kind::Map: return Value::boolean(v.as_map().empty());
    case Kind::String: return Value::boolean(v.as_string().empty());
    default: bad_argument(at, v, "a List, a Map or a String");
  }
}

Value f_range(Args a, EvalContext& ctx, const Bound& at) {
  if (any_null(a)) bad_value(at, "the bounds and step cannot be null");
  const std::int64_t from = integer(at, a[0]);
  const std::int64_t to = integer(at, a[1]);
  const std::int64_t step = a.size() > 2 ? integer(at, a[2]) : 1;
  if (step == 0) bad_value(at, "NumberOutOfRange: the step cannot be 0");
  Value::List out;
  const long double span = static_cast<long double>(to) - static_cast<long double>(from);
  const long double count = span / static_cast<long double>(step) + 1;
  // A list may hold four times the row budget (a row holds many values).
  if (count > 4.0L * static_cast<long double>(ctx.options.max_rows)) {
    throw Error(ErrorCode::BudgetExceeded, "range() would make a list of more than four times the row budget (" +
                                               std::to_string(ctx.options.max_rows) + " rows, --max-rows)");
  }
  if (count >= 1) {
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = from;; i += step) {
      if ((step > 0 && i > to) || (step < 0 && i < to)) break;
      out.push_back(Value::integer(i));
      std::int64_t next = 0;
      if (__builtin_add_overflow(i, step, &next)) break;
    }
  }
  return Value::list(std::move(out));
}

Value f_keys(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Map && v.kind() != Kind::Node && v.kind() != Kind::Relationship) {
    bad_argument(at, v, "a Map, a Node or a Relationship");
  }
  const Value m = own_properties(ctx, v);
  Value::List out;
  for (const auto& [key, value] : m.as_map()) {
    if (v.kind() != Kind::Map && value.is_null()) continue;
    out.push_back(Value::string(key));
  }
  return Value::list(std::move(out));
}

Value f_properties(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Map && v.kind() != Kind::Node && v.kind() != Kind::Relationship) {
    bad_argument(at, v, "a Map, a Node or a Relationship");
  }
  return own_properties(ctx, v);
}

Value f_labels(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Node) bad_argument(at, v, "a Node");
  return Value::list({Value::string(std::string(node_label(ctx, v.id())))});
}

Value f_type(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Relationship) bad_argument(at, v, "a Relationship");
  return Value::string(std::string(relationship_type(ctx, v.id())));
}

Value f_id(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Node && v.kind() != Kind::Relationship) bad_argument(at, v, "a Node or a Relationship");
  return Value::integer(v.id());
}

Value f_element_id(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::Node) return node_property(ctx, v.id(), "id");
  if (v.kind() == Kind::Relationship) {
    std::string id = std::to_string(v.id());
    id.insert(id.begin(), 'r');
    return Value::string(std::move(id));
  }
  bad_argument(at, v, "a Node or a Relationship");
}

Value f_nodes(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Path) bad_argument(at, v, "a Path");
  Value::List out;
  for (const std::uint32_t n : v.as_path().nodes) out.push_back(Value::node(n));
  return Value::list(std::move(out));
}

Value f_relationships(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Path) bad_argument(at, v, "a Path");
  Value::List out;
  for (const std::uint32_t r : v.as_path().relationships) out.push_back(Value::relationship(r));
  return Value::list(std::move(out));
}

Value f_start_node(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Relationship) bad_argument(at, v, "a Relationship");
  return Value::node(ctx.g.relationships[v.id()].source);
}

Value f_end_node(Args a, EvalContext& ctx, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() != Kind::Relationship) bad_argument(at, v, "a Relationship");
  return Value::node(ctx.g.relationships[v.id()].target);
}

Value f_exists(Args a, EvalContext&, const Bound&) { return Value::boolean(!a[0].is_null()); }

constexpr FunctionInfo kFunctions[] = {
    {"abs", f_abs, 1, 1},
    {"acos", f_acos, 1, 1},
    {"asin", f_asin, 1, 1},
    {"atan", f_atan, 1, 1},
    {"atan2", f_atan2, 2, 2},
    {"ceil", f_ceil, 1, 1},
    {"coalesce", f_coalesce, 1, 255},
    {"cos", f_cos, 1, 1},
    {"cot", f_cot, 1, 1},
    {"degrees", f_degrees, 1, 1},
    {"e", f_e, 0, 0},
    {"elementid", f_element_id, 1, 1},
    {"endnode", f_end_node, 1, 1},
    {"exists", f_exists, 1, 1},
    {"exp", f_exp, 1, 1},
    {"floor", f_floor, 1, 1},
    {"haversin", f_haversin, 1, 1},
    {"head", f_head, 1, 1},
    {"id", f_id, 1, 1},
    {"isempty", f_is_empty, 1, 1},
    {"keys", f_keys, 1, 1},
    {"labels", f_labels, 1, 1},
    {"last", f_last, 1, 1},
    {"left", f_left, 2, 2},
    {"length", f_length, 1, 1},
    {"log", f_log, 1, 1},
    {"log10", f_log10, 1, 1},
    {"ltrim", f_ltrim, 1, 1},
    {"nodes", f_nodes, 1, 1},
    {"pi", f_pi, 0, 0},
    {"properties", f_properties, 1, 1},
    {"radians", f_radians, 1, 1},
    {"rand", f_rand, 0, 0},
    {"range", f_range, 2, 3},
    {"relationships", f_relationships, 1, 1},
    {"replace", f_replace, 3, 3},
    {"reverse", f_reverse, 1, 1},
    {"right", f_right, 2, 2},
    {"round", f_round, 1, 3},
    {"rtrim", f_rtrim, 1, 1},
    {"sign", f_sign, 1, 1},
    {"sin", f_sin, 1, 1},
    {"size", f_size, 1, 1},
    {"split", f_split, 2, 2},
    {"sqrt", f_sqrt, 1, 1},
    {"startnode", f_start_node, 1, 1},
    {"substring", f_substring, 2, 3},
    {"tail", f_tail, 1, 1},
    {"tan", f_tan, 1, 1},
    {"toboolean", f_to_boolean, 1, 1},
    {"tobooleanlist", convert_list<to_boolean>, 1, 1},
    {"tobooleanornull", f_to_boolean_or_null, 1, 1},
    {"tofloat", f_to_float, 1, 1},
    {"tofloatlist", convert_list<to_float>, 1, 1},
    {"tofloatornull", f_to_float_or_null, 1, 1},
    {"tointeger", f_to_integer, 1, 1},
    {"tointegerlist", convert_list<to_integer>, 1, 1},
    {"tointegerornull", f_to_integer_or_null, 1, 1},
    {"tolower", f_to_lower, 1, 1},
    {"tostring", f_to_string, 1, 1},
    {"tostringlist", convert_list<to_string_value>, 1, 1},
    {"tostringornull", f_to_string_or_null, 1, 1},
    {"toupper", f_to_upper, 1, 1},
    {"trim", f_trim, 1, 1},
    {"type", f_type, 1, 1},
};

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  const std::string key = util::ascii_lower(name);
  const auto it = std::lower_bound(std::begin(kFunctions), std::end(kFunctions), key,
                                   [](const FunctionInfo& f, const std::string& k) { return f.name < k; });
  if (it != std::end(kFunctions) && it->name == key) return &*it;
  for (const FunctionInfo& f : temporal::functions()) {
    if (f.name == key) return &f;
  }
  return nullptr;
}

std::optional<AggregateKind> find_aggregate(std::string_view name) {
  const std::string key = util::ascii_lower(name);
  static constexpr std::pair<std::string_view, AggregateKind> kAggregates[] = {
      {"avg", AggregateKind::Avg},
      {"collect", AggregateKind::Collect},
      {"count", AggregateKind::Count},
      {"max", AggregateKind::Max},
      {"min", AggregateKind::Min},
      {"percentilecont", AggregateKind::PercentileCont},
      {"percentiledisc", AggregateKind::PercentileDisc},
      {"stdev", AggregateKind::StDev},
      {"stdevp", AggregateKind::StDevP},
      {"sum", AggregateKind::Sum},
  };
  for (const auto& [n, kind] : kAggregates) {
    if (n == key) return kind;
  }
  return std::nullopt;
}

}  // namespace kg::query
