// kg: GraphML, for Gephi, yEd and NetworkX. One edge per relationship (its relation, whether
// it is implied, how many statements and where they are), nodes with their title, type,
// path, tags and scalar properties under typed <key> declarations (long, double, boolean,
// string). Only XML 1.0 characters are written; text is escaped.
#pragma once

#include <kg/export.hpp>
#include <kg/graph.hpp>
#include <kg/traverse.hpp>

#include <ostream>

namespace kg::io {

/// The whole graph as a GraphML document.
KG_API void write_graphml(const Graph& graph, std::ostream& out);

/// Part of the graph: its nodes and relationships (ids in the file are the graph's own).
KG_API void write_graphml(const Graph& graph, const Subgraph& subgraph, std::ostream& out);

}  // namespace kg::io
