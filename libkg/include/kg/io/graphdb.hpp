// kg: the graph for graph database servers, for a user who outgrows one machine. Neo4j's
// bulk importer reads two CSV files; a Cypher script recreates the graph in Neo4j or
// Memgraph, and in Kuzu or LadybugDB with their table definitions first. Labels are kg's
// types and relationship types kg's relations, so kg's own queries run unchanged there.
//
// Nodes carry `id` (kg's node id: the vault-relative path, or `ghost:` + the target),
// `title`, `kind` (note, attachment, ghost), `path` (notes and attachments), `tags` and
// `aliases` (lists of text) and their scalar front-matter properties; relationships carry
// `implied`, `statements` (how many times the vault states the fact), `provenance`
// (`file:line` of each statement) and their properties. A property is typed by the values
// written under its key (boolean, integer, float, else text: lists and maps as JSON text);
// one whose key is taken by kg's own is written as `property.KEY`.
#pragma once

#include <kg/export.hpp>
#include <kg/graph.hpp>
#include <kg/traverse.hpp>

#include <cstddef>
#include <ostream>

namespace kg::io {

/// `nodes.csv` for `neo4j-admin database import full`: `id:ID`, `:LABEL`, then typed
/// columns (`tags:string[]` with `;` between items, `year:long`, ...). Fields are RFC 4180
/// and formula-safe (csv_field); a title with a line break needs the importer's
/// `--multiline-fields=true`.
KG_API void write_neo4j_nodes(const Graph& graph, const Subgraph& subgraph, std::ostream& out);

/// `relationships.csv`: `:START_ID`, `:END_ID`, `:TYPE`, then typed columns.
KG_API void write_neo4j_relationships(const Graph& graph, const Subgraph& subgraph, std::ostream& out);

enum class CypherDialect {
  Neo4j,     ///< Neo4j 5 (cypher-shell): a helper index while loading, dropped at the end.
  Memgraph,  ///< Memgraph (mgconsole): the same with Memgraph's index statements.
  Kuzu,      ///< Kuzu and LadybugDB: a node table per type, a relationship table per relation.
};

struct CypherOptions {
  CypherDialect dialect = CypherDialect::Neo4j;
  std::size_t batch = 500;  ///< Rows per `UNWIND` statement.
};

/// A script of `;`-terminated statements that recreates the subgraph in an empty database:
/// nodes batched by type and relationships by relation, each batch an `UNWIND` of literal
/// rows.
KG_API void write_cypher(const Graph& graph, const Subgraph& subgraph, std::ostream& out,
                         const CypherOptions& options = {});

}  // namespace kg::io
