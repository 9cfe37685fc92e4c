// walk: what every traversal shares. TraversalOptions compiled once per call into tables
// over interned ids (which relationships may be walked, which nodes entered or passed
// through), the neighbours of a node in a direction without allocating, the bounds
// (visits, time, cancellation), and a flat node -> number map for sparse searches.
#pragma once

#include "graph/graph_impl.hpp"

#include <kg/traverse.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace kg::traverse {

/// A date at the precision written: a year, a month or a day.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  int precision = 0;  // 1: year, 2: month, 3: day
};

/// `2025`, `2025-12` or `2025-12-03` (a trailing time is ignored), else nullopt.
std::optional<Date> parse_date(std::string_view text);

/// a < b, a == b or a > b (-1, 0, 1) compared at the coarser of the two precisions.
int compare_dates(const Date& a, const Date& b);

class Walk {
 public:
  Walk(const Graph& graph, const TraversalOptions& options);

  const Graph::Impl& graph() const { return g_; }
  std::uint32_t node_count() const { return static_cast<std::uint32_t>(g_.nodes.size()); }

  /// May relationship `r` be walked at all (relation, implied, as-of)?
  bool relationship_ok(std::uint32_t r) const;
  /// May a walk enter `node` (type, ghost, avoid)?
  bool may_enter(std::uint32_t node) const;
  bool avoided(std::uint32_t node) const;
  /// May a walk pass through `node` (hub suppression)?
  bool may_pass(std::uint32_t node) const;

  /// Calls f(relationship, other node) for each walkable relationship at `node`, walking
  /// `direction` (Out: the node is the source), in relationship-id order per side.
  template <typename F>
  void neighbours(std::uint32_t node, Direction direction, F f) const {
    const auto& rels = g_.relationships;
    if (direction != Direction::In) {
      g_.relationship_arcs.for_each_out(node, [&](std::uint32_t r) {
        if (relationship_ok(r)) f(r, rels[r].target);
      });
    }
    if (direction != Direction::Out) {
      g_.relationship_arcs.for_each_in(node, [&](std::uint32_t r) {
        if (relationship_ok(r)) f(r, rels[r].source);
      });
    }
  }

  Direction direction() const { return direction_; }
  static Direction reverse(Direction d) {
    return d == Direction::Out ? Direction::In : d == Direction::In ? Direction::Out : d;
  }

  /// Counts one visited node; false when a bound says stop. Throws kg::Error(Cancelled).
  bool visit();
  bool stopped() const { return stopped_; }

 private:
  const Graph::Impl& g_;
  Direction direction_;
  std::vector<char> relation_ok_;  // by relation id; empty: all
  std::vector<char> type_ok_;      // by type id; empty: all
  bool implied_ = true;
  bool ghosts_ = true;
  std::optional<Date> as_of_;
  std::vector<std::uint32_t> avoid_;  // sorted
  std::size_t max_degree_ = 0;
  std::size_t max_visited_ = 0;
  std::chrono::steady_clock::time_point deadline_{};
  bool has_deadline_ = false;
  const std::atomic<bool>* cancel_ = nullptr;
  std::size_t visited_ = 0;
  bool stopped_ = false;
};

/// Node -> value, open addressing: a search that visits a few thousand nodes of a million
/// touches a few thousand slots, not a million-entry array.
class NodeMap {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;
  std::uint32_t get(std::uint32_t node) const;
  /// Sets the value; returns true when the node was new.
  bool set(std::uint32_t node, std::uint32_t value);
  bool contains(std::uint32_t node) const { return get(node) != kMissing; }
  std::size_t size() const { return size_; }

 private:
  void grow();
  std::vector<std::uint64_t> slots_;  // (node + 1) << 32 | value; 0: empty
  std::size_t size_ = 0;
};

}  // namespace kg::traverse
