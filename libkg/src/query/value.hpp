// value: what a query computes with. openCypher's values: null, booleans, integers, floats,
// strings, lists, maps, and references to the graph's nodes, relationships and paths. The
// three ways openCypher compares them live here: equality (`=`, three-valued: null when
// either side holds a null it cannot see past), comparison (`<` and friends, null across
// kinds), and orderability (ORDER BY's total order, nulls last).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::query {

class Value {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Int, Float, String, List, Map, Node, Relationship, Path };
  using List = std::vector<Value>;
  using Map = std::vector<std::pair<std::string, Value>>;  // keys unique, in key order
  /// A path: nodes and the relationships between them (ids), nodes.size() == rels.size() + 1.
  struct PathIds {
    std::vector<std::uint32_t> nodes;
    std::vector<std::uint32_t> relationships;
    friend bool operator==(const PathIds&, const PathIds&) = default;
  };

  Value() = default;
  static Value boolean(bool b);
  static Value integer(std::int64_t i);
  static Value number(double d);
  static Value string(std::string s);
  static Value list(List items);
  static Value map(Map entries);  // sorts by key; a repeated key keeps its last value
  static Value node(std::uint32_t id);
  static Value relationship(std::uint32_t id);
  static Value path(PathIds p);

  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::Null; }
  bool as_bool() const noexcept { return boolean_; }
  std::int64_t as_int() const noexcept { return integer_; }
  double as_float() const noexcept { return number_; }
  /// Int or Float as a double.
  double as_number() const noexcept { return kind_ == Kind::Int ? static_cast<double>(integer_) : number_; }
  const std::string& as_string() const { return text_; }
  const List& as_list() const { return *list_; }
  const Map& as_map() const { return *map_; }
  std::uint32_t id() const noexcept { return static_cast<std::uint32_t>(integer_); }
  const PathIds& as_path() const { return *path_; }
  /// The map's value for `key`, or null.
  const Value* find(std::string_view key) const;

 private:
  Kind kind_ = Kind::Null;
  bool boolean_ = false;
  std::int64_t integer_ = 0;
  double number_ = 0.0;
  std::string text_;
  std::shared_ptr<const List> list_;
  std::shared_ptr<const Map> map_;
  std::shared_ptr<const PathIds> path_;
};

/// openCypher `a = b`: true, false, or null (nullopt) when the answer depends on a null.
std::optional<bool> equals(const Value& a, const Value& b);

/// openCypher `a < b` and friends: -1, 0, 1, or nullopt when the two are not comparable
/// (different kinds, nulls, NaN, lists with incomparable elements).
std::optional<int> compare(const Value& a, const Value& b);

/// ORDER BY's total order over every value: maps < nodes < relationships < lists < paths <
/// strings < booleans < numbers < null (ascending); NaN above every other number.
int order(const Value& a, const Value& b);

/// The value as openCypher prints it in a result: strings quoted with escapes, floats with
/// a decimal point (`1.0`), lists `[1, 2]`, maps `{a: 1}`; nodes, relationships and paths by
/// id (the executor prints them with the graph at hand).
std::string to_cypher(const Value& v);

}  // namespace kg::query
