// relationships: the statements (edges) of one fact folded into one relationship.
#include "graph/graph_impl.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <cstdint>
#include <span>

namespace kg {
namespace {

struct Triple {
  std::uint32_t source;
  std::uint32_t target;
  std::uint32_t relation;  // interned id
  bool operator==(const Triple&) const = default;
};

std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb33fa6b6d7c1ULL;
  return h ^ (h >> 33);
}

// The first relationship of each triple, in a flat open-addressing table sized once for
// every edge: one probe sequence per edge and no allocation per entry.
class TripleTable {
 public:
  explicit TripleTable(std::size_t edges) {
    std::size_t capacity = 16;
    while (capacity < edges * 2) capacity <<= 1;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
  }
  // The slot of `t`: its relationship when present, else an empty slot to fill.
  std::uint32_t& find(const Triple& t) {
    std::size_t i = mix((std::uint64_t{t.source} << 32 | t.target) ^ mix(t.relation)) & mask_;
    for (;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.first == kEmpty) {
        s.key = t;
        return s.first;
      }
      if (s.key == t) return s.first;
    }
  }
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

 private:
  struct Slot {
    Triple key{0, 0, 0};
    std::uint32_t first = kEmpty;
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

// True when no key of `statement` has another value in `fact`.
bool agrees(const Properties& fact, std::span<const Property> statement) {
  for (const auto& [key, value] : statement) {
    for (const auto& [k, v] : fact) {
      if (k == key && !(v == value)) return false;
    }
  }
  return true;
}

void merge(Properties& fact, std::span<const Property> statement) {
  for (const auto& [key, value] : statement) {
    const bool known = std::any_of(fact.begin(), fact.end(),
                                   [&](const auto& entry) { return entry.first == key; });
    if (!known) fact.emplace_back(key, value);
  }
}

}  // namespace

void fold_relationships(Graph::Impl& impl) {
  auto& rels = impl.relationships;
  rels.clear();
  impl.relationship_properties.clear();
  impl.edge_relationship.assign(impl.edges.size(), RelationshipId{});
  // Pass 1: each edge joins a relationship or starts one. Properties are gathered per
  // relationship while folding (most relationships have none).
  std::vector<Properties> gathered;
  std::vector<std::uint32_t> next_of_triple;  // the triple's next relationship, or kEmpty
  TripleTable table(impl.edges.size());
  for (std::uint32_t i = 0; i < impl.edges.size(); ++i) {
    const EdgeRecord& e = impl.edges[i];
    const std::span<const Property> properties = impl.edge_properties(e);
    std::uint32_t& first_of_triple = table.find(Triple{e.source, e.target, e.relation});
    // A statement without properties joins the first fact; one with properties joins the
    // first fact it agrees with, else it is a fact of its own.
    std::uint32_t id = 0;
    bool joined = false;
    std::uint32_t last = TripleTable::kEmpty;  // the triple's last relationship so far
    for (std::uint32_t f = first_of_triple; f != TripleTable::kEmpty; f = next_of_triple[f]) {
      if (properties.empty() || agrees(gathered[f], properties)) {
        id = f;
        joined = true;
        break;
      }
      last = f;
    }
    if (joined) {
      merge(gathered[id], properties);
      rels[id].implied = rels[id].implied && e.implied();
    } else {
      id = static_cast<std::uint32_t>(rels.size());
      Graph::Impl::RelationshipRecord r;
      r.source = e.source;
      r.target = e.target;
      r.relation = e.relation;
      r.implied = e.implied();
      rels.push_back(r);
      gathered.emplace_back(properties.begin(), properties.end());
      next_of_triple.push_back(TripleTable::kEmpty);
      (last == TripleTable::kEmpty ? first_of_triple : next_of_triple[last]) = id;
    }
    ++rels[id].count;
    impl.edge_relationship[i] = static_cast<RelationshipId>(id);
  }
  // Pass 2: statements grouped by relationship, in edge order within each; properties into
  // the side table.
  std::uint32_t first = 0;
  for (std::uint32_t r = 0; r < rels.size(); ++r) {
    rels[r].first = first;
    first += rels[r].count;
    if (!gathered[r].empty()) {
      rels[r].properties = static_cast<std::uint32_t>(impl.relationship_properties.size());
      impl.relationship_properties.push_back(std::move(gathered[r]));
    }
  }
  impl.relationship_statements.assign(impl.edges.size(), EdgeId{});
  std::vector<std::uint32_t> filled(rels.size(), 0);
  for (std::uint32_t i = 0; i < impl.edges.size(); ++i) {
    const auto r = static_cast<std::size_t>(impl.edge_relationship[i]);
    impl.relationship_statements[rels[r].first + filled[r]++] = static_cast<EdgeId>(i);
  }
  impl.relationship_arcs = make_csr(
      impl.nodes.size(), rels.size(), [&](std::uint32_t i) { return rels[i].source; },
      [&](std::uint32_t i) { return rels[i].target; });
}

std::size_t Graph::relationship_count() const noexcept { return impl_->relationships.size(); }

Relationship Graph::relationship(RelationshipId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->relationships.size()) {
    throw Error(ErrorCode::InvalidArgument, "no such relationship id");
  }
  const Impl::RelationshipRecord& r = impl_->relationships[i];
  Relationship out;
  out.source = static_cast<NodeId>(r.source);
  out.target = static_cast<NodeId>(r.target);
  out.relation = impl_->relations.name(r.relation);
  out.implied = r.implied;
  out.statements = std::span<const EdgeId>(impl_->relationship_statements).subspan(r.first, r.count);
  if (r.properties != Impl::kNoProperties) out.properties = impl_->relationship_properties[r.properties];
  return out;
}

RelationshipId Graph::relationship_of(EdgeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->edge_relationship.size()) throw Error(ErrorCode::InvalidArgument, "no such edge id");
  return impl_->edge_relationship[i];
}

std::vector<RelationshipId> Graph::out_relationships(NodeId id) const {
  (void)node(id);
  return arc_ids<RelationshipId>(impl_->relationship_arcs, static_cast<std::uint32_t>(id), true);
}

std::vector<RelationshipId> Graph::in_relationships(NodeId id) const {
  (void)node(id);
  return arc_ids<RelationshipId>(impl_->relationship_arcs, static_cast<std::uint32_t>(id), false);
}

}  // namespace kg
