// kg: relationship questions in openCypher. `kg::query::run` answers a read-only openCypher
// query (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, UNION, aggregation, paths) over
// a loaded graph, with no import step: labels are note types, relationship types are
// relations, and every relationship keeps where it is written (`r.statements`). DESIGN
// section 7 lists the language and the properties nodes and relationships have.
#pragma once

#include <kg/error.hpp>
#include <kg/export.hpp>
#include <kg/graph.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::query {

/// A temporal value's parts (Value::as_temporal). Dates count days from 1970-01-01, times
/// nanoseconds from midnight; a time or datetime with a zone keeps its offset (seconds east
/// of UTC) and, for a named zone, its name. A duration keeps months, days, and seconds plus
/// nanoseconds (0 <= nanos < 10^9), as openCypher's duration does.
struct Temporal {
  std::int64_t epoch_day = 0;    ///< Date, LocalDateTime, DateTime: the local date
  std::int64_t nano_of_day = 0;  ///< LocalTime, Time, LocalDateTime, DateTime: the local time
  std::int32_t offset = 0;       ///< Time, DateTime
  std::string zone;              ///< DateTime with a named zone (`Europe/Stockholm`)
  std::int64_t months = 0;       ///< Duration
  std::int64_t days = 0;
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  friend bool operator==(const Temporal&, const Temporal&) = default;
};

/// What a query computes with: openCypher's values. Null, booleans, integers, floats,
/// strings, lists, maps, temporal values, and references (by id) to the graph's nodes,
/// relationships and paths. Copies are cheap: lists, maps, paths and temporals are shared.
class KG_API Value {
 public:
  enum class Kind : std::uint8_t {
    Null, Bool, Int, Float, String, List, Map, Node, Relationship, Path,
    Date, LocalTime, Time, LocalDateTime, DateTime, Duration
  };
  using List = std::vector<Value>;
  using Map = std::vector<std::pair<std::string, Value>>;  ///< keys unique, in key order
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
  static Value map(Map entries);  ///< sorts by key; a repeated key keeps its last value
  static Value node(std::uint32_t id);
  static Value relationship(std::uint32_t id);
  static Value path(PathIds p);
  /// A temporal value of `kind` (Date ... Duration).
  static Value temporal(Kind kind, Temporal t);

  Kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == Kind::Null; }
  bool as_bool() const noexcept { return integer_ != 0; }
  std::int64_t as_int() const noexcept { return integer_; }
  double as_float() const noexcept { return number_; }
  /// Int or Float as a double.
  double as_number() const noexcept { return kind_ == Kind::Int ? static_cast<double>(integer_) : number_; }
  const std::string& as_string() const;
  const List& as_list() const;
  const Map& as_map() const;
  /// A node's or relationship's id (NodeId / RelationshipId value).
  std::uint32_t id() const noexcept { return static_cast<std::uint32_t>(integer_); }
  const PathIds& as_path() const;
  const Temporal& as_temporal() const;
  bool is_temporal() const noexcept { return kind_ >= Kind::Date; }
  /// The map's value for `key`, or null.
  const Value* find(std::string_view key) const;

 private:
  Kind kind_ = Kind::Null;
  std::int64_t integer_ = 0;  // Bool, Int, and ids
  double number_ = 0.0;
  std::shared_ptr<const void> shared_;  // String, List, Map, Path or Temporal
};

/// openCypher `a = b`: true, false, or nullopt when the answer depends on a null.
KG_API std::optional<bool> equals(const Value& a, const Value& b);

/// openCypher `a < b` and friends: -1, 0, 1, or nullopt when the two are not comparable
/// (different kinds, nulls, NaN, lists with incomparable elements).
KG_API std::optional<int> compare(const Value& a, const Value& b);

/// ORDER BY's total order over every value: maps < nodes < relationships < lists < paths <
/// datetimes < local datetimes < dates < times < local times < durations < strings <
/// booleans < numbers < null (ascending); NaN above every other number.
KG_API int order(const Value& a, const Value& b);

/// The value as openCypher prints it: strings quoted with escapes, floats with a decimal
/// point (`1.0`), lists `[1, 2]`, maps `{a: 1}`; nodes, relationships and paths by id
/// (`describe` prints them with the graph).
KG_API std::string to_cypher(const Value& v);

/// Limits a query runs under; exceeding one throws kg::Error(BudgetExceeded) naming it.
struct Options {
  /// `$name` values.
  std::map<std::string, Value, std::less<>> parameters;
  /// Only relationships in force at this date (`2025`, `2025-06`, `2025-06-30`), as the
  /// traversal library's as-of filter reads `since`/`until`.
  std::optional<std::string> as_of;
  std::chrono::milliseconds time_limit{30'000};
  /// Rows a query may produce, and rows any one step may hold (sorting, grouping).
  std::size_t max_rows = 1'000'000;
  /// Hops a variable-length pattern may walk when it gives no upper bound (`*`, `*2..`),
  /// and the paths variable-length patterns may walk in all.
  std::size_t max_hops = 64;
  std::size_t max_paths = 1'000'000;
  const std::atomic<bool>* cancel = nullptr;
};

/// A query's answer: column names (as written, or their aliases) and rows.
struct Result {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  /// Hints for a person: a label or relationship type that no note has, with the closest
  /// one that exists ("no node has label `compnay`; did you mean `company`?").
  std::vector<std::string> notices;
};

/// A query kg cannot run: a syntax error, a semantic error (an unknown variable, a
/// misplaced aggregate), or a runtime error openCypher defines (a type error, integer
/// overflow, division by zero). `line()` and `column()` (1-based, code points) say where.
class KG_API QueryError : public Error {
 public:
  enum class Phase : std::uint8_t { Syntax, Semantic, Runtime };
  QueryError(Phase phase, const std::string& message, std::uint32_t line, std::uint32_t column,
             std::uint32_t offset)
      : Error(ErrorCode::InvalidQuery, message), phase_(phase), line_(line), column_(column), offset_(offset) {}
  Phase phase() const noexcept { return phase_; }
  std::uint32_t line() const noexcept { return line_; }
  std::uint32_t column() const noexcept { return column_; }
  std::uint32_t offset() const noexcept { return offset_; }  ///< byte offset in the query

 private:
  Phase phase_;
  std::uint32_t line_;
  std::uint32_t column_;
  std::uint32_t offset_;
};

/// Runs `text` over `graph`. Throws QueryError, or kg::Error(BudgetExceeded) or
/// kg::Error(Cancelled).
KG_API Result run(const Graph& graph, std::string_view text, const Options& options = {});

/// The plan `run` would follow, one operator per line (`kg query --explain`).
KG_API std::string explain(const Graph& graph, std::string_view text, const Options& options = {});

/// A value as openCypher prints it, with nodes as `(:type {title: ...})`, relationships as
/// `[:relation {...}]` and paths as alternating chains.
KG_API std::string describe(const Graph& graph, const Value& v);

/// What a query sees of a node or relationship: `property(graph, n, "title")` as `n.title`
/// reads it (built-ins first), and `properties` as openCypher's properties() (its own
/// properties: front matter and fields, or what a relationship's statements say).
KG_API Value property(const Graph& graph, const Value& entity, std::string_view key);
KG_API Value properties(const Graph& graph, const Value& entity);

/// The line of `text` the error is on, and a caret under where it is.
KG_API std::string caret(std::string_view text, const QueryError& error);

}  // namespace kg::query
