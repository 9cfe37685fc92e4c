// kg: JSON documents (DESIGN section 6). Every string written is valid UTF-8 and every
// output is sorted, so exports diff cleanly between runs.
#pragma once

#include <kg/export.hpp>
#include <kg/graph.hpp>
#include <kg/traverse.hpp>

#include <ostream>
#include <span>
#include <string>

namespace kg::io {

struct JsonOptions {
  int indent = -1;              ///< -1: one line; n >= 0: pretty-printed with n spaces.
  bool include_implied = true;  ///< Write edges marked implied.
};

/// The node-link document `kg export --format json` prints, followed by a newline. It is
/// written as it goes, a node or an edge at a time, so memory does not grow with the
/// graph: write straight to the destination rather than collecting the text first. Write
/// errors show in `out`'s state, as with any stream; the document may then be incomplete.
KG_API void write_json(const Graph& graph, std::ostream& out, const JsonOptions& options = {});

/// Part of the graph as the same document: its nodes, and the statements (edges) of its
/// relationships.
KG_API void write_json(const Graph& graph, const Subgraph& subgraph, std::ostream& out,
                       const JsonOptions& options = {});

/// Cytoscape's JSON (`{"elements": {"nodes": [...], "edges": [...]}}`, as Cytoscape.js and
/// Cytoscape's "Import Network from File" read it): one edge per relationship. Node data
/// holds `id` (n + kg's number), `name` (the title), `kg_id`, `type`, `kind`, `path`, `tags`,
/// `aliases` and the front-matter properties; edge data `id`, `source`, `target`,
/// `interaction` (the relation), `implied`, `statements`, `provenance` (`file:line` of each
/// statement) and its properties. A property named like one of these is `property.KEY`.
KG_API void write_cytoscape(const Graph& graph, const Subgraph& subgraph, std::ostream& out, int indent = 1);

/// `{"results": [...]}` for `kg resolve --json`.
KG_API std::string resolutions_json(std::span<const Resolution> results, int indent = -1);

/// `{"node": {...}, "edges": [...]}` for `kg links` / `kg backlinks`.
KG_API std::string edges_json(const Graph& graph, NodeId node, std::span<const EdgeId> edges,
                              int indent = -1);

/// The counts of `kg stats --json`.
KG_API std::string stats_json(const Stats& stats, int indent = -1);

/// `{"diagnostics": [...], "errors": n, "warnings": n, "infos": n}` for `kg check --json`.
KG_API std::string diagnostics_json(std::span<const Diagnostic> diagnostics, int indent = -1);

}  // namespace kg::io
