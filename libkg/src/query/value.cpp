#include "query/value.hpp"

#include "query/temporal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kg::query {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.integer_ = b ? 1 : 0;
  return v;
}
Value Value::integer(std::int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.integer_ = i;
  return v;
}
Value Value::number(double d) {
  Value v;
  v.kind_ = Kind::Float;
  v.number_ = d;
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.shared_ = std::make_shared<const std::string>(std::move(s));
  return v;
}
Value Value::list(List items) {
  Value v;
  v.kind_ = Kind::List;
  v.shared_ = std::make_shared<const List>(std::move(items));
  return v;
}
Value Value::map(Map entries) {
  // Sorted by key; for a repeated key the last value wins.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Map unique;
  unique.reserve(entries.size());
  for (auto& e : entries) {
    if (!unique.empty() && unique.back().first == e.first) {
      unique.back().second = std::move(e.second);
    } else {
      unique.push_back(std::move(e));
    }
  }
  Value v;
  v.kind_ = Kind::Map;
  v.shared_ = std::make_shared<const Map>(std::move(unique));
  return v;
}
Value Value::node(std::uint32_t id) {
  Value v;
  v.kind_ = Kind::Node;
  v.integer_ = id;
  return v;
}
Value Value::relationship(std::uint32_t id) {
  Value v;
  v.kind_ = Kind::Relationship;
  v.integer_ = id;
  return v;
}
Value Value::path(PathIds p) {
  Value v;
  v.kind_ = Kind::Path;
  v.shared_ = std::make_shared<const PathIds>(std::move(p));
  return v;
}

Value Value::temporal(Kind kind, Temporal t) {
  Value v;
  v.kind_ = kind;
  v.shared_ = std::make_shared<const Temporal>(std::move(t));
  return v;
}

const Temporal& Value::as_temporal() const {
  static const Temporal empty;
  return is_temporal() ? *static_cast<const Temporal*>(shared_.get()) : empty;
}

// The accessors of a value of another kind read an empty one of theirs.
const std::string& Value::as_string() const {
  static const std::string empty;
  return kind_ == Kind::String ? *static_cast<const std::string*>(shared_.get()) : empty;
}
const Value::List& Value::as_list() const {
  static const List empty;
  return kind_ == Kind::List ? *static_cast<const List*>(shared_.get()) : empty;
}
const Value::Map& Value::as_map() const {
  static const Map empty;
  return kind_ == Kind::Map ? *static_cast<const Map*>(shared_.get()) : empty;
}
const Value::PathIds& Value::as_path() const {
  static const PathIds empty;
  return kind_ == Kind::Path ? *static_cast<const PathIds*>(shared_.get()) : empty;
}

const Value* Value::find(std::string_view key) const {
  if (kind_ != Kind::Map) return nullptr;
  const Map& m = as_map();
  const auto it = std::lower_bound(m.begin(), m.end(), key,
                                   [](const auto& e, std::string_view k) { return e.first < k; });
  return it != m.end() && it->first == key ? &it->second : nullptr;
}

namespace {

bool is_number(const Value& v) { return v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float; }

// Two numbers, exactly: integers as integers, an integer against a float without losing
// the integer's low bits where the float is integral.
int compare_numbers(const Value& a, const Value& b) {
  if (a.kind() == Value::Kind::Int && b.kind() == Value::Kind::Int) {
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  }
  const double x = a.as_number();
  const double y = b.as_number();
  if (x < y) return -1;
  if (x > y) return 1;
  if (a.kind() == Value::Kind::Int || b.kind() == Value::Kind::Int) {
    // Equal as doubles: decide on the integer against the float's exact integral value.
    const Value& i = a.kind() == Value::Kind::Int ? a : b;
    const double f = a.kind() == Value::Kind::Int ? y : x;
    if (f >= 9.2233720368547758e18 || f < -9.2233720368547758e18) return a.kind() == Value::Kind::Int ? -1 : 1;
    const auto fi = static_cast<std::int64_t>(f);
    const int c = i.as_int() < fi ? -1 : i.as_int() > fi ? 1 : 0;
    return a.kind() == Value::Kind::Int ? c : -c;
  }
  return 0;
}

// ORDER BY's rank of a kind: maps first, null last.
int rank(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Map: return 0;
    case Value::Kind::Node: return 1;
    case Value::Kind::Relationship: return 2;
    case Value::Kind::List: return 3;
    case Value::Kind::Path: return 4;
    case Value::Kind::DateTime: return 5;
    case Value::Kind::LocalDateTime: return 6;
    case Value::Kind::Date: return 7;
    case Value::Kind::Time: return 8;
    case Value::Kind::LocalTime: return 9;
    case Value::Kind::Duration: return 10;
    case Value::Kind::String: return 11;
    case Value::Kind::Bool: return 12;
    case Value::Kind::Int:
    case Value::Kind::Float: return 13;
    case Value::Kind::Null: return 14;
  }
  return 14;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

}  // namespace

std::optional<bool> equals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (std::isnan(a.as_number()) || std::isnan(b.as_number())) return false;
    return compare_numbers(a, b) == 0;
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_temporal()) return temporal::equal(a, b);
  switch (a.kind()) {
    case Value::Kind::Bool: return a.as_bool() == b.as_bool();
    case Value::Kind::String: return a.as_string() == b.as_string();
    case Value::Kind::Node:
    case Value::Kind::Relationship: return a.id() == b.id();
    case Value::Kind::Path: return a.as_path() == b.as_path();
    case Value::Kind::List: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        const std::optional<bool> e = equals(x[i], y[i]);
        if (e == false) return false;
        unknown = unknown || !e;
      }
      if (unknown) return std::nullopt;
      return true;
    }
    case Value::Kind::Map: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first) return false;
        const std::optional<bool> e = equals(x[i].second, y[i].second);
        if (e == false) return false;
        unknown = unknown || !e;
      }
      if (unknown) return std::nullopt;
      return true;
    }
    default: return false;
  }
}

std::optional<int> compare(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (std::isnan(a.as_number()) || std::isnan(b.as_number())) return 2;  // unordered
    return compare_numbers(a, b);
  }
  if (a.kind() != b.kind()) return std::nullopt;
  if (a.is_temporal()) return temporal::compare(a, b);
  switch (a.kind()) {
    case Value::Kind::Bool: return three_way(a.as_bool(), b.as_bool());
    case Value::Kind::String: return three_way(a.as_string(), b.as_string());
    case Value::Kind::List: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        const std::optional<int> c = compare(x[i], y[i]);
        if (!c || *c == 2) return c;
        if (*c != 0) return c;
      }
      return three_way(x.size(), y.size());
    }
    default: return std::nullopt;  // maps, nodes, relationships and paths are not comparable
  }
}

int order(const Value& a, const Value& b) {
  const int ra = rank(a);
  const int rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_temporal()) {
    if (const auto c = temporal::compare(a, b)) return *c;
    return three_way(temporal::format(a), temporal::format(b));  // durations: by their text
  }
  switch (a.kind()) {
    case Value::Kind::Null: return 0;
    case Value::Kind::Int:
    case Value::Kind::Float: {
      const bool na = std::isnan(a.as_number());
      const bool nb = std::isnan(b.as_number());
      if (na || nb) return na == nb ? 0 : na ? 1 : -1;  // NaN after every number
      return compare_numbers(a, b);
    }
    case Value::Kind::Bool: return three_way(a.as_bool(), b.as_bool());
    case Value::Kind::String: return three_way(a.as_string(), b.as_string());
    case Value::Kind::Node:
    case Value::Kind::Relationship: return three_way(a.id(), b.id());
    case Value::Kind::List: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (const int c = order(x[i], y[i]); c != 0) return c;
      }
      return three_way(x.size(), y.size());
    }
    case Value::Kind::Map: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (const int c = three_way(x[i].first, y[i].first); c != 0) return c;
        if (const int c = order(x[i].second, y[i].second); c != 0) return c;
      }
      return three_way(x.size(), y.size());
    }
    case Value::Kind::Path: {
      const auto& x = a.as_path();
      const auto& y = b.as_path();
      if (const int c = three_way(x.nodes, y.nodes); c != 0) return c;
      return three_way(x.relationships, y.relationships);
    }
    default: return 0;  // temporals: above
  }
  return 0;
}

std::string to_cypher(const Value& v) {
  if (v.is_temporal()) return temporal::format(v);
  switch (v.kind()) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.as_int());
    case Value::Kind::Float: {
      const double d = v.as_number();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      char buffer[32];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, d).ptr;
      std::string text(buffer, end);
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      return text;
    }
    case Value::Kind::String: {
      std::string out = "'";
      for (const char c : v.as_string()) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
      }
      out += '\'';
      return out;
    }
    case Value::Kind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.as_list().size(); ++i) {
        if (i > 0) out += ", ";
        out += to_cypher(v.as_list()[i]);
      }
      out += ']';
      return out;
    }
    case Value::Kind::Map: {
      std::string out = "{";
      for (std::size_t i = 0; i < v.as_map().size(); ++i) {
        if (i > 0) out += ", ";
        out += v.as_map()[i].first;
        out += ": ";
        out += to_cypher(v.as_map()[i].second);
      }
      out += '}';
      return out;
    }
    case Value::Kind::Node: return "(#" + std::to_string(v.id()) + ")";
    case Value::Kind::Relationship: return "[#" + std::to_string(v.id()) + "]";
    case Value::Kind::Path: {
      std::string out = "<";
      const auto& p = v.as_path();
      for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        if (i > 0) {
          out += "-[#";
          out += std::to_string(p.relationships[i - 1]);
          out += "]-";
        }
        out += "(#";
        out += std::to_string(p.nodes[i]);
        out += ')';
      }
      out += '>';
      return out;
    }
    default: return "null";  // temporals: above
  }
  return "null";
}

std::size_t hash_value(const Value& v) {
  const auto mix = [](std::size_t h, std::size_t x) { return (h ^ x) * 0x100000001B3ULL + (h >> 29); };
  switch (v.kind()) {
    case Value::Kind::Null: return 0x6E756C6CULL;
    case Value::Kind::Bool: return v.as_bool() ? 0xB001ULL : 0xB000ULL;
    case Value::Kind::Int:
    case Value::Kind::Float: {
      // Numbers equal under ORDER BY hash alike: an integral float as the integer.
      const double d = v.as_number();
      if (std::isnan(d)) return 0x4E614EULL;
      if (v.kind() == Value::Kind::Int) return std::hash<std::int64_t>{}(v.as_int()) * 31 + 7;
      if (d >= -9.2233720368547758e18 && d < 9.2233720368547758e18 && std::trunc(d) == d) {
        return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d)) * 31 + 7;
      }
      return std::hash<double>{}(d);
    }
    case Value::Kind::String: return std::hash<std::string_view>{}(v.as_string());
    case Value::Kind::Node: return mix(1, v.id());
    case Value::Kind::Relationship: return mix(2, v.id());
    case Value::Kind::List: {
      std::size_t h = 3;
      for (const Value& item : v.as_list()) h = mix(h, hash_value(item));
      return h;
    }
    case Value::Kind::Map: {
      std::size_t h = 4;
      for (const auto& [key, item] : v.as_map()) h = mix(mix(h, std::hash<std::string>{}(key)), hash_value(item));
      return h;
    }
    case Value::Kind::Path: {
      std::size_t h = 5;
      for (const std::uint32_t n : v.as_path().nodes) h = mix(h, n);
      for (const std::uint32_t r : v.as_path().relationships) h = mix(h, r);
      return h;
    }
    default: {
      // What temporal::compare orders by: the instant for zoned values, else the parts.
      const Temporal& t = v.as_temporal();
      std::size_t h = mix(static_cast<std::size_t>(v.kind()), 6);
      switch (v.kind()) {
        case Value::Kind::Time:
        case Value::Kind::DateTime: {
          const std::int64_t seconds = t.epoch_day * 86400 + t.nano_of_day / 1'000'000'000 - t.offset;
          return mix(mix(h, static_cast<std::size_t>(seconds)), static_cast<std::size_t>(t.nano_of_day % 1'000'000'000));
        }
        case Value::Kind::Duration: return mix(h, std::hash<std::string>{}(temporal::format(v)));
        default: return mix(mix(h, static_cast<std::size_t>(t.epoch_day)), static_cast<std::size_t>(t.nano_of_day));
      }
    }
  }
}

}  // namespace kg::query
