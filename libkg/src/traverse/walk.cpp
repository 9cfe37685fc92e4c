#include "traverse/walk.hpp"

#include "util/text.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <charconv>

namespace kg {

std::string_view to_string(Direction direction) noexcept {
  switch (direction) {
    case Direction::Out: return "out";
    case Direction::In: return "in";
    case Direction::Both: return "both";
  }
  return "out";
}

namespace traverse {

std::optional<Date> parse_date(std::string_view text) {
  const auto number = [&](std::size_t at, std::size_t length, int& out) {
    if (text.size() < at + length) return false;
    for (std::size_t i = at; i < at + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    std::from_chars(text.data() + at, text.data() + at + length, out);
    return true;
  };
  Date d;
  if (!number(0, 4, d.year)) return std::nullopt;
  d.precision = 1;
  if (text.size() == 4) return d;
  if (text[4] != '-' || !number(5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  d.precision = 2;
  if (text.size() == 7) return d;
  if (text[7] != '-' || !number(8, 2, d.day) || d.day < 1 || d.day > 31) return std::nullopt;
  d.precision = 3;
  // A date-time keeps its day: `2025-12-03T10:00`, `2025-12-03 10:00`.
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
  return d;
}

int compare_dates(const Date& a, const Date& b) {
  const int precision = std::min(a.precision, b.precision);
  const int x[3] = {a.year, a.month, a.day};
  const int y[3] = {b.year, b.month, b.day};
  for (int i = 0; i < precision; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

namespace {

// A bound (`since`, `until`) as written: a date, a year as a number, or nothing usable.
std::optional<Date> bound_of(ValueRef v) {
  if (v.kind() == Value::Kind::Int) {
    if (v.as_int() < 0 || v.as_int() > 9999) return std::nullopt;
    return Date{static_cast<int>(v.as_int()), 0, 0, 1};
  }
  if (v.kind() == Value::Kind::Date || v.kind() == Value::Kind::String) {
    return parse_date(util::trim(v.text()));
  }
  return std::nullopt;
}

}  // namespace

Walk::Walk(const Graph& graph, const TraversalOptions& options)
    : g_(GraphAccess::impl(graph)), direction_(options.direction) {
  if (!options.relations.empty()) {
    relation_ok_.assign(g_.relations.size(), 0);
    for (const std::string& name : options.relations) {
      std::string canonical = util::normalise_relation(name);
      if (const RelationSpec* spec = g_.schema.relation(name)) canonical = spec->name;
      if (const auto id = g_.relations.find(canonical)) relation_ok_[*id] = 1;
    }
  }
  if (!options.types.empty()) {
    type_ok_.assign(g_.types.size(), 0);
    for (const std::string& name : options.types) {
      std::string canonical(util::trim(name));
      if (const TypeSpec* spec = g_.schema.type(name)) canonical = spec->name;
      if (const auto id = g_.types.find(canonical)) type_ok_[*id] = 1;
    }
  }
  implied_ = options.implied;
  ghosts_ = options.ghosts;
  if (!options.as_of.empty()) {
    as_of_ = parse_date(util::trim(options.as_of));
    if (!as_of_) {
      throw Error(ErrorCode::InvalidArgument,
                  "as-of date '" + options.as_of + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
    }
  }
  for (const NodeId n : options.avoid) avoid_.push_back(static_cast<std::uint32_t>(n));
  std::sort(avoid_.begin(), avoid_.end());
  max_degree_ = options.max_degree;
  max_visited_ = options.max_visited;
  if (options.time_limit.count() > 0) {
    has_deadline_ = true;
    deadline_ = std::chrono::steady_clock::now() + options.time_limit;
  }
  cancel_ = options.cancel;
}

bool Walk::relationship_ok(std::uint32_t r) const {
  const Graph::Impl::RelationshipRecord& rec = g_.relationships[r];
  if (!relation_ok_.empty() && !relation_ok_[rec.relation]) return false;
  if (!implied_ && rec.implied()) return false;
  if (as_of_ && rec.properties != kNone) {
    const auto& cells = g_.relationship_properties[rec.properties];
    const PropertyList properties(cells.data(), cells.size());
    if (const auto since = properties.find("since")) {
      if (const auto d = bound_of(*since); d && compare_dates(*d, *as_of_) > 0) return false;
    }
    if (const auto until = properties.find("until")) {
      if (const auto d = bound_of(*until); d && compare_dates(*d, *as_of_) < 0) return false;
    }
  }
  return true;
}

bool Walk::avoided(std::uint32_t node) const {
  return !avoid_.empty() && std::binary_search(avoid_.begin(), avoid_.end(), node);
}

bool Walk::may_enter(std::uint32_t node) const {
  const NodeRecord& n = g_.nodes[node];
  if (!ghosts_ && n.kind == NodeKind::Ghost) return false;
  if (!type_ok_.empty() && !type_ok_[n.type]) return false;
  return !avoided(node);
}

bool Walk::may_pass(std::uint32_t node) const {
  if (max_degree_ == 0) return true;
  const auto& arcs = g_.relationship_arcs;
  if (arcs.out_degree(node) + arcs.in_degree(node) <= max_degree_) return true;
  // More arcs than the cap: count the ones the filters keep.
  std::size_t degree = 0;
  neighbours(node, Direction::Both, [&](std::uint32_t, std::uint32_t) { ++degree; });
  return degree <= max_degree_;
}

bool Walk::visit() {
  if (stopped_) return false;
  ++visited_;
  if (max_visited_ != 0 && visited_ > max_visited_) {
    stopped_ = true;
    return false;
  }
  if ((visited_ & 255u) == 0) {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed)) {
      throw Error(ErrorCode::Cancelled, "the traversal was cancelled");
    }
    if (has_deadline_ && std::chrono::steady_clock::now() > deadline_) {
      stopped_ = true;
      return false;
    }
  }
  return true;
}

// --- NodeMap ------------------------------------------------------------------------------

namespace {
std::size_t slot_of(std::uint32_t node, std::size_t mask) {
  std::uint64_t h = (static_cast<std::uint64_t>(node) + 1) * 0x9E3779B97F4A7C15ULL;
  return static_cast<std::size_t>(h >> 32) & mask;
}
}  // namespace

std::uint32_t NodeMap::get(std::uint32_t node) const {
  if (slots_.empty()) return kMissing;
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t key = static_cast<std::uint64_t>(node) + 1;
  for (std::size_t at = slot_of(node, mask);; at = (at + 1) & mask) {
    const std::uint64_t s = slots_[at];
    if (s == 0) return kMissing;
    if ((s >> 32) == key) return static_cast<std::uint32_t>(s);
  }
}

bool NodeMap::set(std::uint32_t node, std::uint32_t value) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t key = static_cast<std::uint64_t>(node) + 1;
  for (std::size_t at = slot_of(node, mask);; at = (at + 1) & mask) {
    std::uint64_t& s = slots_[at];
    if (s == 0) {
      s = key << 32 | value;
      ++size_;
      return true;
    }
    if ((s >> 32) == key) {
      s = key << 32 | value;
      return false;
    }
  }
}

void NodeMap::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
  size_ = 0;
  for (const std::uint64_t s : old) {
    if (s != 0) set(static_cast<std::uint32_t>((s >> 32) - 1), static_cast<std::uint32_t>(s));
  }
}

}  // namespace traverse
}  // namespace kg
