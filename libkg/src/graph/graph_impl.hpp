// The graph's private state: nodes and edges in id order, Boost.Graph adjacency, and what
// resolution needs after the load (the name index and each note's headings and block ids).
#pragma once

#include "parse/parsed_note.hpp"
#include "resolve/name_index.hpp"

#include <kg/graph.hpp>

#include <boost/graph/adjacency_list.hpp>

#include <memory>
#include <set>
#include <unordered_map>

namespace kg {

using BglGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                       boost::no_property,
                                       boost::property<boost::edge_index_t, std::uint32_t>>;

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
  BglGraph bgl;
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
  // Relationships by source and by target node, in compressed sparse rows: the ids of
  // node n's relationships are rel_out[rel_out_start[n] .. rel_out_start[n + 1]).
  std::vector<std::uint32_t> rel_out_start, rel_out;
  std::vector<std::uint32_t> rel_in_start, rel_in;
  std::set<std::string, std::less<>> relations;  // interned relation names
  std::vector<Diagnostic> diagnostics;
  double seconds = 0.0;

  std::unique_ptr<resolve::NameIndex> index;
  std::vector<NodeId> file_node;       // NameIndex file -> node
  std::vector<NoteAnchors> anchors;    // per NameIndex file
  std::unordered_map<std::string, NodeId> by_id;

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
