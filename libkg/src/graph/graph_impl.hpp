// The graph's private state: nodes and edges in id order, Boost.Graph adjacency, and what
// resolution needs after the load (the name index and each note's headings and block ids).
#pragma once

#include "parse/parsed_note.hpp"
#include "resolve/name_index.hpp"

#include <kg/graph.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <algorithm>
#include <memory>
#include <set>

namespace kg {

/// The structure traversals walk: nodes and, for each arc, the id of the edge or
/// relationship it stands for, in Boost.Graph's compressed sparse rows in both directions.
/// 16 bytes per arc and 8 per node (adjacency_list took about 100 per arc), immutable like
/// the graph, and usable by Boost.Graph's algorithms as it is.
struct ArcId {
  std::uint32_t id = 0;
};
using CsrGraph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                    ArcId, boost::no_property, std::uint32_t,
                                                    std::uint32_t>;

/// The ids on the arcs out of (or into) `node`, in id order.
template <typename Id>
std::vector<Id> arc_ids(const CsrGraph& g, std::uint32_t node, bool out) {
  std::vector<Id> ids;
  const auto collect = [&](auto range) {
    for (auto it = range.first; it != range.second; ++it) ids.push_back(static_cast<Id>(g[*it].id));
  };
  if (out) {
    collect(boost::out_edges(node, g));
  } else {
    collect(boost::in_edges(node, g));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

/// A CSR graph over `count` arcs, arc i from source(i) to target(i).
template <typename Source, typename Target>
CsrGraph make_csr(std::size_t nodes, std::size_t count, Source source, Target target) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
  std::vector<ArcId> ids;
  arcs.reserve(count);
  ids.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    arcs.emplace_back(source(i), target(i));
    ids.push_back(ArcId{i});
  }
  return CsrGraph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), ids.begin(),
                  static_cast<std::uint32_t>(nodes));
}

/// What subpath validation needs of a note.
struct NoteAnchors {
  std::vector<parse::Heading> headings;
  std::vector<std::string> block_ids;
  std::vector<std::string> footnotes;
};

struct Graph::Impl {
  LoadOptions options;  // effective: every optional filled
  Schema schema;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  CsrGraph edge_arcs;          // one arc per edge (statement)
  // Relationships: one compact record each; their statements are the edge ids in
  // statements[first, first + count), grouped by relationship; properties live in a side
  // table, only for the relationships that have any.
  struct RelationshipRecord {
    std::uint32_t source = 0;
    std::uint32_t target = 0;
    std::string_view relation;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    std::uint32_t properties = kNoProperties;  // index into relationship_properties
    bool implied = false;
  };
  static constexpr std::uint32_t kNoProperties = 0xFFFFFFFFu;
  std::vector<RelationshipRecord> relationships;
  std::vector<EdgeId> relationship_statements;
  std::vector<Properties> relationship_properties;
  std::vector<RelationshipId> edge_relationship;  // per edge
  CsrGraph relationship_arcs;  // one arc per relationship: what traversals walk
  std::set<std::string, std::less<>> relations;  // interned relation names
  std::vector<Diagnostic> diagnostics;
  double seconds = 0.0;

  std::unique_ptr<resolve::NameIndex> index;
  std::vector<NodeId> file_node;       // NameIndex file -> node
  std::vector<NoteAnchors> anchors;    // per NameIndex file

  std::string_view intern(std::string_view relation) {
    auto it = relations.find(relation);
    if (it == relations.end()) it = relations.emplace(relation).first;
    return *it;
  }
};

/// Folds the edges into relationships (see kg::Relationship) and indexes them by node.
void fold_relationships(Graph::Impl& impl);

/// Subpath status of `subpath` (without '#') in a note.
SubpathStatus check_subpath(const NoteAnchors& anchors, std::string_view subpath);

}  // namespace kg
