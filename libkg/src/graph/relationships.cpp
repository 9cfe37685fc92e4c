// relationships: the statements (edges) of one fact folded into one relationship.
#include "graph/graph_impl.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <unordered_map>

namespace kg {
namespace {

struct Triple {
  std::uint32_t source;
  std::uint32_t target;
  const char* relation;  // interned: equal names share storage
  bool operator==(const Triple&) const = default;
};

struct TripleHash {
  std::size_t operator()(const Triple& t) const noexcept {
    std::size_t h = std::hash<const void*>{}(t.relation);
    h ^= (static_cast<std::size_t>(t.source) << 32 | t.target) + 0x9e3779b97f4a7c15ULL + (h << 6) +
         (h >> 2);
    return h;
  }
};

// True when no key of `statement` has another value in `fact`.
bool agrees(const Properties& fact, const Properties& statement) {
  for (const auto& [key, value] : statement) {
    for (const auto& [k, v] : fact) {
      if (k == key && !(v == value)) return false;
    }
  }
  return true;
}

void merge(Properties& fact, const Properties& statement) {
  for (const auto& [key, value] : statement) {
    const bool known = std::any_of(fact.begin(), fact.end(),
                                   [&](const auto& entry) { return entry.first == key; });
    if (!known) fact.emplace_back(key, value);
  }
}

// Compressed sparse rows of relationship ids by node, each row in id order.
void index_by(const std::vector<Relationship>& rels, std::size_t nodes, bool by_source,
              std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& ids) {
  start.assign(nodes + 1, 0);
  for (const auto& r : rels) ++start[static_cast<std::size_t>(by_source ? r.source : r.target) + 1];
  for (std::size_t n = 0; n < nodes; ++n) start[n + 1] += start[n];
  ids.assign(rels.size(), 0);
  std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
  for (std::uint32_t i = 0; i < rels.size(); ++i) {
    ids[next[static_cast<std::size_t>(by_source ? rels[i].source : rels[i].target)]++] = i;
  }
}

}  // namespace

void fold_relationships(Graph::Impl& impl) {
  impl.relationships.clear();
  impl.edge_relationship.assign(impl.edges.size(), RelationshipId{});
  std::unordered_map<Triple, std::vector<std::uint32_t>, TripleHash> by_triple;
  by_triple.reserve(impl.edges.size());
  for (std::uint32_t i = 0; i < impl.edges.size(); ++i) {
    const Edge& e = impl.edges[i];
    auto& facts = by_triple[Triple{static_cast<std::uint32_t>(e.source),
                                   static_cast<std::uint32_t>(e.target), e.relation.data()}];
    // A statement without properties joins the first fact; one with properties joins the
    // first fact it agrees with, else it is a fact of its own.
    std::uint32_t* joined = nullptr;
    for (auto& f : facts) {
      if (e.properties.empty() || agrees(impl.relationships[f].properties, e.properties)) {
        joined = &f;
        break;
      }
    }
    std::uint32_t id = 0;
    if (joined != nullptr) {
      id = *joined;
      Relationship& r = impl.relationships[id];
      merge(r.properties, e.properties);
      r.implied = r.implied && e.implied;
    } else {
      id = static_cast<std::uint32_t>(impl.relationships.size());
      Relationship r;
      r.source = e.source;
      r.target = e.target;
      r.relation = e.relation;
      r.implied = e.implied;
      r.properties = e.properties;
      impl.relationships.push_back(std::move(r));
      facts.push_back(id);
    }
    impl.relationships[id].statements.push_back(static_cast<EdgeId>(i));
    impl.edge_relationship[i] = static_cast<RelationshipId>(id);
  }
  index_by(impl.relationships, impl.nodes.size(), true, impl.rel_out_start, impl.rel_out);
  index_by(impl.relationships, impl.nodes.size(), false, impl.rel_in_start, impl.rel_in);
}

std::size_t Graph::relationship_count() const noexcept { return impl_->relationships.size(); }

const Relationship& Graph::relationship(RelationshipId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->relationships.size()) {
    throw Error(ErrorCode::InvalidArgument, "no such relationship id");
  }
  return impl_->relationships[i];
}

RelationshipId Graph::relationship_of(EdgeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->edge_relationship.size()) throw Error(ErrorCode::InvalidArgument, "no such edge id");
  return impl_->edge_relationship[i];
}

namespace {
std::vector<RelationshipId> row(const std::vector<std::uint32_t>& start,
                                const std::vector<std::uint32_t>& ids, std::size_t n) {
  std::vector<RelationshipId> out;
  out.reserve(start[n + 1] - start[n]);
  for (std::uint32_t k = start[n]; k < start[n + 1]; ++k) out.push_back(static_cast<RelationshipId>(ids[k]));
  return out;
}
}  // namespace

std::vector<RelationshipId> Graph::out_relationships(NodeId id) const {
  (void)node(id);
  return row(impl_->rel_out_start, impl_->rel_out, static_cast<std::size_t>(id));
}

std::vector<RelationshipId> Graph::in_relationships(NodeId id) const {
  (void)node(id);
  return row(impl_->rel_in_start, impl_->rel_in, static_cast<std::size_t>(id));
}

}  // namespace kg
