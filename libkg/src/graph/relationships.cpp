// relationships: the statements (edges) of one fact folded into one relationship.
#include "graph/graph_impl.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <span>

namespace kg {
namespace {

// A fact's properties: copies of its statements' top cells (their strings and children
// stay where the notes keep them).
using Cells = std::vector<detail::ValueCell>;

std::string_view key_of(const detail::ValueCell& c) { return {c.key, c.key_length}; }

// True when no key of `statement` has another value in `fact`.
bool agrees(const Cells& fact, PropertyList statement) {
  for (const auto& [key, value] : statement) {
    for (const detail::ValueCell& c : fact) {
      if (key_of(c) == key && !(ValueRef(&c) == value)) return false;
    }
  }
  return true;
}

void merge(Cells& fact, PropertyList statement) {
  for (const auto& [key, value] : statement) {
    const std::string_view wanted = key;  // a lambda may not capture a structured binding before C++20's clang 16
    const bool known = std::any_of(fact.begin(), fact.end(),
                                   [&](const auto& c) { return key_of(c) == wanted; });
    if (!known) fact.push_back(*value.cell());
  }
}

// A relationship while one source's edges are folded: its statements are
// statements[begin, begin + count) of the run's scratch list.
struct Fact {
  std::uint32_t first_edge = 0;
  std::uint32_t relation = 0;
  std::uint32_t target = 0;
  std::uint32_t begin = 0;
  std::uint32_t count = 0;
  Cells properties;
};

}  // namespace

void fold_relationships(Graph::Impl& impl) {
  using Record = Graph::Impl::RelationshipRecord;
  auto& rels = impl.relationships;
  const auto edge_count = static_cast<std::uint32_t>(impl.edges.size());
  rels.clear();
  impl.relationship_statements.clear();
  impl.relationship_properties.clear();
  std::vector<std::uint32_t> statements;  // the current run's facts' statements
  // The edges of one run are read through their segment, `run` holding ids base, base + 1...
  std::uint32_t base = 0;
  std::span<EdgeRecord> run;
  const auto at = [&](std::uint32_t id) -> EdgeRecord& { return run[id - base]; };
  const auto add = [&](Fact& fact, bool implied) {
    const auto id = static_cast<std::uint32_t>(rels.size());
    Record r;
    r.source = at(fact.first_edge).source;
    r.target = fact.target;
    r.relation = fact.relation;
    r.count = fact.count | (implied ? Record::kImpliedBit : 0u);
    const auto own = std::span(statements).subspan(fact.begin, fact.count);
    if (fact.count == 1) {
      r.statements = static_cast<EdgeId>(own[0]);
    } else {
      r.statements = static_cast<EdgeId>(impl.relationship_statements.size());
      for (const auto e : own) impl.relationship_statements.push_back(static_cast<EdgeId>(e));
    }
    if (!fact.properties.empty()) {
      r.properties = static_cast<std::uint32_t>(impl.relationship_properties.size());
      impl.relationship_properties.push_back(std::move(fact.properties));
    }
    for (const auto e : own) at(e).relationship = id;
    rels.push_back(r);
  };
  // Stated edges are ordered by source, so the statements of one triple are among one
  // source's edges: each source's run folds on its own, with no table over the whole graph.
  // Implied edges are never a stated triple, nor each other's, so each is a fact of its own.
  std::uint32_t stated = 0;
  while (stated < edge_count && !impl.edges[stated].implied()) ++stated;
  rels.reserve(edge_count);
  std::vector<std::uint32_t> order;
  std::vector<Fact> facts;
  std::vector<std::pair<Cells, std::vector<std::uint32_t>>> split;  // a triple's facts
  const auto fold_run = [&] {
    const std::uint32_t begin = base;
    const auto end = static_cast<std::uint32_t>(base + run.size());
    order.clear();
    for (std::uint32_t i = begin; i < end; ++i) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const EdgeRecord& x = at(a);
      const EdgeRecord& y = at(b);
      return std::tie(x.relation, x.target, a) < std::tie(y.relation, y.target, b);
    });
    facts.clear();
    statements.clear();
    for (std::size_t k = 0; k < order.size();) {
      // One triple, its statements in edge order.
      const EdgeRecord& head = at(order[k]);
      std::size_t last = k;
      bool any_properties = false;
      for (; last < order.size() && at(order[last]).relation == head.relation &&
             at(order[last]).target == head.target;
           ++last) {
        any_properties = any_properties || !impl.edge_properties(at(order[last])).empty();
      }
      if (!any_properties) {
        facts.push_back(Fact{order[k], head.relation, head.target,
                             static_cast<std::uint32_t>(statements.size()),
                             static_cast<std::uint32_t>(last - k), {}});
        statements.insert(statements.end(), order.begin() + static_cast<std::ptrdiff_t>(k),
                          order.begin() + static_cast<std::ptrdiff_t>(last));
        k = last;
        continue;
      }
      // A statement without properties joins the first fact; one with properties joins the
      // first fact it agrees with, else it is a fact of its own.
      split.clear();
      for (; k < last; ++k) {
        const std::uint32_t e = order[k];
        const PropertyList properties = impl.edge_properties(at(e));
        auto home = std::find_if(split.begin(), split.end(), [&](const auto& fact) {
          return properties.empty() || agrees(fact.first, properties);
        });
        if (home == split.end()) home = split.emplace(split.end());
        home->second.push_back(e);
        merge(home->first, properties);
      }
      for (auto& [properties, edges] : split) {
        facts.push_back(Fact{edges.front(), head.relation, head.target,
                             static_cast<std::uint32_t>(statements.size()),
                             static_cast<std::uint32_t>(edges.size()), std::move(properties)});
        statements.insert(statements.end(), edges.begin(), edges.end());
      }
    }
    std::sort(facts.begin(), facts.end(),
              [](const Fact& a, const Fact& b) { return a.first_edge < b.first_edge; });
    for (Fact& fact : facts) add(fact, false);
  };
  impl.edges.for_each_segment([&](std::uint32_t first, std::span<EdgeRecord> segment) {
    for (std::size_t b = 0; b < segment.size();) {
      std::size_t e = b + 1;
      if (first + b < stated) {
        while (e < segment.size() && segment[e].source == segment[b].source) ++e;
        base = static_cast<std::uint32_t>(first + b);
        run = segment.subspan(b, e - b);
        fold_run();
      } else {
        base = static_cast<std::uint32_t>(first + b);
        run = segment.subspan(b, 1);
        const EdgeRecord& edge = run[0];
        statements.assign(1, base);
        Fact fact{base, edge.relation, edge.target, 0, 1, {}};
        merge(fact.properties, impl.edge_properties(edge));
        add(fact, true);
      }
      b = e;
    }
  });
  // Most statements are relationships of their own, so the reserve is nearly exact; a copy
  // to trim it would add to the peak for little.
  if (rels.capacity() - rels.size() > rels.size() / 4) rels.shrink_to_fit();
  impl.relationship_arcs.build(
      impl.nodes.size(), static_cast<std::uint32_t>(rels.size()),
      static_cast<std::uint32_t>(rels.size() - (edge_count - stated)), [&](const auto& f) {
        for (const auto& r : rels) f(r.source, r.target);
      });
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
  out.implied = r.implied();
  if (r.size() == 1) {
    out.statements = std::span<const EdgeId>(&r.statements, 1);
  } else {
    out.statements = std::span<const EdgeId>(impl_->relationship_statements)
                         .subspan(static_cast<std::size_t>(r.statements), r.size());
  }
  if (r.properties != kNone) {
    const auto& cells = impl_->relationship_properties[r.properties];
    out.properties = PropertyList(cells.data(), cells.size());
  }
  return out;
}

RelationshipId Graph::relationship_of(EdgeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->edges.size()) throw Error(ErrorCode::InvalidArgument, "no such edge id");
  return static_cast<RelationshipId>(impl_->edges[i].relationship);
}

std::vector<RelationshipId> Graph::out_relationships(NodeId id) const {
  (void)node(id);
  return impl_->relationship_arcs.out<RelationshipId>(static_cast<std::uint32_t>(id));
}

std::vector<RelationshipId> Graph::in_relationships(NodeId id) const {
  (void)node(id);
  return impl_->relationship_arcs.in<RelationshipId>(static_cast<std::uint32_t>(id));
}

}  // namespace kg
