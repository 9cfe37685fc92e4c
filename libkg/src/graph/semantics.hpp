// What the schema adds to a graph of stated links: canonical relations, node types, schema
// warnings and implied edges (DESIGN section 5).
#pragma once

#include "graph/graph_impl.hpp"
#include "parse/parsed_note.hpp"

#include <kg/schema.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kg::semantics {

/// The relation a link states: `embeds` for an embed; the canonical name of its relation
/// phrase (or the phrase itself when the schema does not know it, flagged `unknown`); the
/// column header of a table cell when the schema knows that header; else `links_to`.
struct RelationChoice {
  std::string name;
  bool unknown = false;
};
RelationChoice relation_of(const Schema& schema, const parse::Link& link);

/// A note's type: front-matter `type` (canonical when the schema knows it), else the
/// schema's tag and folder rules, else "note". Adds unknown-type / missing-type warnings
/// when the schema defines types.
std::string note_type(const Schema& schema, const parse::ParsedNote& note, const std::string& path,
                      std::vector<Diagnostic>& diags);

/// Where a note declares its aliases, for alias-collision warnings.
struct AliasSite {
  NodeId node{};
  std::uint32_t line = 0;
};

/// Schema warnings on stated edges (domain-violation, range-violation) and aliases
/// (alias-collision, when aliases resolve). Edges must be the stated ones only.
void validate(const Graph::Impl& impl, const std::vector<AliasSite>& alias_sites,
              bool aliases_resolve, DiagnosticStore& diags);

/// Appends implied edges (symmetric, inverse, transitive) between notes after the stated
/// edges, ordered by (source, relation, target), each pointing at the edges it follows from.
void add_implied_edges(Graph::Impl& impl, DiagnosticStore& diags);

}  // namespace kg::semantics
