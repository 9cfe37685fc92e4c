// kg: the command-line tool. A thin layer over libkg: it parses arguments, calls the
// library, and prints. This file reads the command line, prints help and dispatches; each
// command group has its own file (cmd_summary.cpp, cmd_links.cpp, cmd_export.cpp).
// Exit codes: 0 ok, 1 the command found problems, 2 usage or input error.
#include "cli.hpp"

#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iostream>
#include <new>
#include <map>
#include <string>
#include <vector>

namespace kg::cli {
namespace {

constexpr const char* kMainHelp = R"(kg - a knowledge graph of a folder of Markdown notes

Usage: kg [--vault DIR] COMMAND [OPTIONS] [ARGS]

Commands:
  stats                 counts of notes, attachments, ghosts, edges, links, tags, types
  check [--strict]      broken, ambiguous and malformed links and front matter
  resolve LINK...       how each link resolves, rule by rule
  links NOTE            outgoing edges of a note, with relation and provenance
  backlinks NOTE        incoming edges of a note
                        (links and backlinks --distinct: one row per relation and note,
                        with how many times it is stated and where)
  neighbors NOTE...     the notes within --depth hops, and the relationships among them
  path FROM TO          the shortest chain of relationships between two notes
  rank [--by B]         the most central notes: pagerank, betweenness, degree...
  components [--strong] the groups of notes connected to each other
  orphans               notes with no relationship (--dead-ends, --sources)
  related NOTE          notes two hops away and not linked, by neighbours shared
  query QUERY           answer an openCypher query: MATCH (c:company)-[:supplier]->(x) ...
  export --format F     the graph or a part: json, cytoscape, graphml, csv (Neo4j), cypher,
                        dot, svg, png, mermaid

Options for every command:
  --vault DIR           the vault to read (default: the current directory)
  --json                print one JSON document instead of text
  --quiet               print results only, no summaries or notices
  --threads N           parser threads (default: one per core)
  --profile P           kg (default: aliases resolve links) or obsidian (they do not)
  --max-note-bytes N    skip notes larger than N bytes (default: 4194304)
  --no-implied          leave out implied edges (inverse, symmetric, transitive)
  --no-config           do not read the vault's kg.yaml (schema and settings)
  --help                help for a command: kg check --help
  --version             print kg's version

Settings: flags win over the vault's kg.yaml, which wins over the defaults.

The vault: with no --vault, kg reads the current directory. When that folder has none of
.obsidian/, kg.yaml, .kgignore, logseq/ or .foam/ (a git checkout, a home folder), kg says
on stderr which folder it reads: "kg: no --vault given; reading the current directory ...".

NOTE: a path (vault-relative, or as the shell completes it: notes/chips/X.md with
--vault notes, ./notes/..., an absolute path), a file name, a title, an alias or [[link]].
A name several notes share is an error listing their paths; a name that matches nothing is
an error suggesting the closest titles and aliases. Both exit 2.

Examples:
  kg --vault notes stats
  kg --vault notes check --strict
  kg --vault notes resolve '[[BABA]]' --from Qwen
  kg --vault notes links --distinct 'NVIDIA H200'
  kg --vault notes neighbors 'US export controls on advanced AI chips' --depth 2
  kg --vault notes path Qwen 'NVIDIA B200' --direction out
  kg --vault notes rank --by betweenness --top 10
  kg --vault notes query 'MATCH (m:model)-[:developed_by]->(c) RETURN c.title, count(m)'
  kg --vault notes export --format json -o graph.json
)";

// The flags every walk takes, in neighbors' and path's help alike.
constexpr const char* kWalkFlags = R"(  --direction D   out (follow relationships from source to target), in, or both
  --relation R    walk only relation R (repeat for several; a synonym kg.yaml knows works)
  --type T        enter only notes of type T (repeat for several)
  --as-of DATE    walk only relationships valid then (since/until; YYYY, YYYY-MM or
                  YYYY-MM-DD, compared at the precision written)
  --avoid NOTE    never pass through NOTE (repeat for several)
  --max-degree N  never pass through a note with more than N relationships (index notes)
  --no-ghosts     never enter unresolved link targets
)";

const std::map<std::string, std::string>& command_help() {
  static const std::map<std::string, std::string> help = {
      {"stats", R"(kg stats - counts of what the vault holds

Usage: kg [--vault DIR] stats [--json]

  --json   one JSON object: notes, attachments, ghosts, edges, implied_edges, links,
           tags, types, relations, diagnostics, seconds

Example: kg --vault notes stats
)"},
      {"check", R"(kg check - report problems as file:line:col: severity: code: message

Usage: kg [--vault DIR] check [--strict] [--json]

  --strict   exit 1 on warnings too (unresolved or ambiguous links, missing headings,
             alias collisions, and with a kg.yaml schema: unknown relations or types,
             missing types, domain and range violations)
  --json     {"diagnostics": [...], "errors": n, "warnings": n, "infos": n}
  Exit code: 0 clean, 1 errors (or warnings with --strict), 2 usage error.

Example: kg --vault notes check --strict
)"},
      {"resolve", R"(kg resolve - how links resolve (target, rule, ambiguity, subpath)

Usage: kg [--vault DIR] resolve [--from NOTE] LINK...

  LINK         as written in a note: '[[Note#Heading|text]]', '![[img.png]]',
               '[text](Note.md)', or a bare target read as [[target]]
  --from NOTE  resolve as if written in NOTE (default: a note at the vault root); NOTE
               as in kg --help, and a name several notes share is an error
  --json       {"results": [{"link", "from", "status", "target", "via", ...}]}
  Exit code: 0 when every link resolves, 1 otherwise.

Example: kg --vault notes resolve --from Qwen '[[BABA]]' '[[Alibaba#Related]]'
)"},
      {"links", R"(kg links - outgoing edges of a note

Usage: kg [--vault DIR] links NOTE [--distinct] [--json]

  NOTE        a path, file name, title, alias or [[link]] (see kg --help); a name
              several notes share is an error listing them
  --distinct  one row per (source, relation, target): how many times the vault states
              it and every place it is written (file:line:col, ...). Without it, each
              statement is its own edge and its own row
  --json      {"node": {...}, "edges": [...]}, each edge as in the JSON export; with
              --distinct {"node": {...}, "relationships": [{"source", "target",
              "relation", "implied", "count", "statements": [{"edge", "file", "line",
              "col", "origin", "raw", "section", "properties"}]}]}

Example: kg --vault notes links --distinct 'NVIDIA H200'
)"},
      {"backlinks", R"(kg backlinks - incoming edges of a note

Usage: kg [--vault DIR] backlinks NOTE [--distinct] [--json]

  NOTE        a path, file name, title, alias or [[link]] (see kg --help); a name
              several notes share is an error listing them
  --distinct  one row per (source, relation, target): how many times it is stated and
              every place it is written (file:line:col, ...)
  --json      {"node": {...}, "edges": [...]}, each edge as in the JSON export; with
              --distinct {"node": {...}, "relationships": [...]} as in kg links --help

Example: kg --vault notes backlinks NVIDIA
)"},
      {"neighbors", std::string(R"(kg neighbors - the notes near some notes, and how they are related

Usage: kg [--vault DIR] neighbors NOTE... [--depth N] [--direction D] [--relation R]... [--format F]
          [--type T]... [--as-of DATE] [--avoid NOTE]... [--max-degree N] [--max-nodes N]
          [--json]

  --depth N       hops from the start notes (default 1)
)") + kWalkFlags + R"(  --max-nodes N   stop after N notes (the answer says it was cut)
  --format F      a diagram instead of text: dot (Graphviz), svg or png (drawn by
                  Graphviz) or mermaid (a flowchart to paste into a note); -o FILE writes it
  --json          {"nodes": [{"id", "title", "type", "depth"}], "edges": [{"source",
                  "target", "relation", "implied", "properties", "statements": [{"file",
                  "line", "col", "origin"}]}], "complete"}

Every relationship among the notes found is listed once, with where it is first stated.
Default direction: both.

Example: kg --vault notes neighbors 'US export controls on advanced AI chips' --depth 2
)"},
      {"path", std::string(R"(kg path - the shortest chain of relationships from one note to another

Usage: kg [--vault DIR] path FROM TO [--all | --k N | --max-length N] [--direction D]
          [--relation R]... [--type T]... [--as-of DATE] [--avoid NOTE]... [--max-degree N]
          [--json | --format F [-o FILE]]

  --all           every shortest path (up to 1,000), in order, not only the first
  --k N           the N shortest paths that visit no note twice, ranked (Yen)
  --max-length N  every path of at most N hops that visits no note twice (up to 1,000),
                  shortest first
)") + kWalkFlags + R"(  --format F      a diagram of the paths found instead of text: dot, svg, png or mermaid;
                  -o FILE writes it (--max-nodes N: at most N notes, 400 unless given)
  --json          {"paths": [{"nodes": [id, ...], "edges": [relationship, ...]}]} (the
                  relationships as in kg neighbors --help)

One hop a line: `Alibaba -supplier-> NVIDIA (companies/Alibaba.md:12)`, the arrow reversed
for a hop walked against its relationship. Among equally short paths, the first in the
order of note ids. Default direction: both. Exit code 1 when there is no path.

Example: kg --vault notes path Qwen 'NVIDIA B200' --direction out
)"},
      {"rank", R"(kg rank - the most central notes

Usage: kg [--vault DIR] rank [--by B] [--top N] [--relation R]... [--type T]...
          [--as-of DATE] [--no-ghosts] [--json]

  --by B          pagerank (default), betweenness, degree, in-degree or out-degree
  --top N         the first N (default 20; --json: all)
  --relation R    count only relation R (repeat for several)
  --type T        rank only notes of type T (repeat for several)
  --as-of DATE    count only relationships valid then
  --no-ghosts     leave out unresolved link targets
  --json          {"ranking": [{"id", "title", "type", "score"}]}, highest first

Degrees count relationships. PageRank (damping 0.85; a note with no outgoing relationship
spreads its rank over all notes) and betweenness (normalised) run on the directed graph with
one arc per pair of related notes, as NetworkX's pagerank and betweenness_centrality do.
Ties are broken by note id.

Example: kg --vault notes rank --by betweenness --top 10
)"},
      {"components", R"(kg components - groups of notes connected to each other

Usage: kg [--vault DIR] components [--strong] [--relation R]... [--type T]...
          [--as-of DATE] [--no-ghosts] [--json]

  --strong        strongly connected (each reaches each other following relationships'
                  directions); default weakly connected (either way)
  --json          {"components": [[id, ...], ...]}, largest first, ids sorted

Example: kg --vault notes components --no-ghosts
)"},
      {"orphans", R"(kg orphans - notes with no relationship at all

Usage: kg [--vault DIR] orphans [--dead-ends | --sources] [--relation R]... [--type T]...
          [--as-of DATE] [--no-ghosts] [--json]

  --dead-ends     notes that others relate to but that relate to none
  --sources       notes that relate to others but that none relate to
  --json          {"nodes": [{"id", "title", "type"}]}

Example: kg --vault notes orphans --type company
)"},
      {"related", R"(kg related - notes two hops away and not yet linked

Usage: kg [--vault DIR] related NOTE [--top N] [--relation R]... [--type T]...
          [--as-of DATE] [--no-ghosts] [--json]

  --top N         the first N (default 20; --json: all)
  --json          {"related": [{"id", "title", "type", "shared"}]}, most shared first

Relationships count either way. A note that many notes link to shares neighbours with
everything: --max-degree N leaves such notes out as the middle hop.

Example: kg --vault notes related DeepSeek
)"},
      {"query", R"(kg query - answer an openCypher query over the vault

Usage: kg [--vault DIR] query QUERY [--json | --csv | --format F] [--param NAME=VALUE]... [--as-of DATE]
          [--explain] [--timeout MS] [--max-rows N] [--max-hops N] [--max-paths N]
       kg [--vault DIR] query --file FILE ...     (or QUERY '-' to read standard input)

  --json          {"columns": [...], "rows": [[...], ...]}; a node is {"id", "title",
                  "type", "properties"}, a relationship {"source", "target", "relation",
                  "implied", "properties", "statements": [{"file", "line", "col", "origin"}]},
                  a path [node, relationship, node, ...]
  --csv           RFC 4180, a header row first; text a spreadsheet would run as a formula
                  gets a leading '
  --format F      a diagram of the nodes, relationships and paths the answer holds: dot,
                  svg, png (Graphviz) or mermaid; -o FILE writes it; more than --max-nodes N
                  notes (400 unless given; 0: all) keeps the most connected
  --param N=V     the value of $N: JSON (42, "x", [1, 2], {"a": 1}), else a string
  --as-of DATE    only relationships in force then (their since and until)
  --explain       print the plan instead of running it
  --timeout MS    stop after MS milliseconds (default 30000)
  --max-rows N    stop when the answer, or a step's held rows, pass N (default 1000000)
  --max-hops N    the longest walk of an unbounded *..  pattern (default 64)
  --max-paths N   the paths variable-length patterns may walk in all (default 1000000)

The language is openCypher, read-only: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN,
ORDER BY, SKIP, LIMIT, UNION, aggregates, list and pattern comprehensions, EXISTS { },
shortestPath. Labels are note types, relationship types are relations. Nodes have id,
title, path, type, tags, aliases and their front matter and fields; relationships have
their own properties, r.implied, r.statements, r.file and r.line.

Examples:
  kg --vault notes query 'MATCH (c:company)-[:competitor]-(o) RETURN c.title, count(o) AS rivals
                           ORDER BY rivals DESC LIMIT 5'
  kg --vault notes query 'MATCH (a {title: $from})-[r]->(b) RETURN b.title, r.file, r.line' \
                         --param from=Alibaba
)"},
      {"export", R"(kg export - write the graph, or part of it, for other tools

Usage: kg [--vault DIR] export --format F [-o FILE] [--focus NOTE]... [--depth N] [FILTERS]
       kg [--vault DIR] export --view NAME [-o FILE]

Formats (one edge per relationship, with where the vault states it, except json):
  json            the node-link document: nodes, and edges as written (with provenance)
  cytoscape       Cytoscape's JSON (elements: nodes, edges), for Cytoscape and Cytoscape.js
  graphml         GraphML for Gephi, yEd and NetworkX, with typed property keys
  csv             nodes.csv and relationships.csv in the folder -o names, for
                  neo4j-admin database import (formula-safe)
  cypher          a script that recreates the graph in Neo4j (--dialect memgraph: Memgraph;
                  --dialect kuzu: Kuzu and LadybugDB, with their tables first)
  dot             a Graphviz diagram: nodes shaped and coloured by type with a legend and
                  clusters, arrows labelled with their relation (provenance in the tooltip),
                  implied relationships dashed, ghosts dotted
  svg, png        the diagram drawn by Graphviz; in an SVG each note links to its file
                  (--links relative, the default) or opens in Obsidian (--links obsidian)
  mermaid         a flowchart to paste into a note (more than 200 notes only with --force)

What to write (the whole vault without these):
  --focus NOTE    the notes within --depth N hops of NOTE (default 1), any direction
  --relation R, --type T, --as-of DATE, --direction D, --no-ghosts, --no-implied, --avoid NOTE
                  the walk filters, as for kg neighbors
  --max-nodes N   at most N notes (diagrams: 400 unless given; 0: no cap): the nearest to
                  the focus, or the most connected; what was cut is said on stderr
  --view NAME     a diagram kg.yaml's views: section names (its focus, depth, filters,
                  format and style; flags given here win)
Style (diagrams): --rankdir LR|TB|RL|BT, --layout dot|sfdp|neato|fdp|circo|twopi,
                  --size W,H, --no-clusters, --no-legend
  -o FILE         write to FILE (atomically: whole or not at all; never inside the vault;
                  '-' is standard output)

Examples:
  kg --vault notes export --format json -o graph.json
  kg --vault notes export --format svg --focus DeepSeek --depth 2 -o deepseek.svg
  kg --vault notes export --format csv -o neo4j-import/
  kg --vault notes export --format cypher --dialect kuzu -o graph.cypher
)"},
  };
  return help;
}

unsigned long parse_number(const std::string& flag, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const unsigned long n = std::strtoul(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || value.front() == '-') {
    throw UsageError(flag + " needs a number, not '" + value + "'");
  }
  return n;
}

Args parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const auto value = [&](const std::string& flag) -> std::string {
      if (i + 1 >= words.size()) throw UsageError(flag + " needs a value");
      return words[++i];
    };
    if (w == "--help" || w == "-h") {
      args.help = true;
    } else if (w == "--version") {
      args.command = "--version";
    } else if (w == "--vault") {
      args.vault = value(w);
      args.vault_given = true;
    } else if (w.rfind("--vault=", 0) == 0) {
      args.vault = w.substr(8);
      args.vault_given = true;
    } else if (w == "--json") {
      args.json = true;
    } else if (w == "--quiet" || w == "-q") {
      args.quiet = true;
    } else if (w == "--strict") {
      args.strict = true;
    } else if (w == "--distinct") {
      args.distinct = true;
    } else if (w == "--depth") {
      args.depth = static_cast<std::uint32_t>(std::min(parse_number(w, value(w)), 0xFFFFFFFFul));
    } else if (w == "--direction") {
      args.direction = value(w);
    } else if (w == "--relation") {
      args.relations.push_back(value(w));
    } else if (w == "--type") {
      args.types.push_back(value(w));
    } else if (w == "--as-of") {
      args.as_of = value(w);
    } else if (w == "--avoid") {
      args.avoid.push_back(value(w));
    } else if (w == "--max-degree") {
      args.max_degree = parse_number(w, value(w));
    } else if (w == "--max-nodes") {
      args.max_nodes = parse_number(w, value(w));
    } else if (w == "--focus") {
      args.focus.push_back(value(w));
    } else if (w == "--view") {
      args.view = value(w);
    } else if (w == "--rankdir") {
      args.rankdir = value(w);
      if (*args.rankdir != "LR" && *args.rankdir != "RL" && *args.rankdir != "TB" && *args.rankdir != "BT") {
        throw UsageError("--rankdir is LR, RL, TB or BT, not '" + *args.rankdir + "'");
      }
    } else if (w == "--layout") {
      args.layout = value(w);
      static constexpr std::string_view kLayouts[] = {"dot", "sfdp", "neato", "fdp", "circo", "twopi"};
      if (std::find(std::begin(kLayouts), std::end(kLayouts), *args.layout) == std::end(kLayouts)) {
        throw UsageError("--layout is dot, sfdp, neato, fdp, circo or twopi, not '" + *args.layout + "'");
      }
    } else if (w == "--size") {
      args.size = value(w);
    } else if (w == "--links") {
      args.links = value(w);
      if (*args.links != "obsidian" && *args.links != "relative") {
        throw UsageError("--links is obsidian or relative, not '" + *args.links + "'");
      }
    } else if (w == "--dialect") {
      args.dialect = value(w);
    } else if (w == "--no-clusters") {
      args.no_clusters = true;
    } else if (w == "--no-legend") {
      args.no_legend = true;
    } else if (w == "--all") {
      args.all = true;
    } else if (w == "--no-ghosts") {
      args.no_ghosts = true;
    } else if (w == "--k") {
      args.k = parse_number(w, value(w));
    } else if (w == "--max-length") {
      args.max_length = parse_number(w, value(w));
    } else if (w == "--by") {
      args.by = value(w);
    } else if (w == "--top") {
      args.top = parse_number(w, value(w));
    } else if (w == "--strong") {
      args.strong = true;
    } else if (w == "--dead-ends") {
      args.dead_ends = true;
    } else if (w == "--sources") {
      args.sources = true;
    } else if (w == "--force") {
      args.force = true;
    } else if (w == "--param") {
      args.params.push_back(value(w));
    } else if (w == "--csv") {
      args.csv = true;
    } else if (w == "--explain") {
      args.explain = true;
    } else if (w == "--file") {
      args.query_file = value(w);
    } else if (w == "--timeout") {
      args.timeout_ms = parse_number(w, value(w));
    } else if (w == "--max-rows") {
      args.max_rows = parse_number(w, value(w));
    } else if (w == "--max-hops") {
      args.max_hops = parse_number(w, value(w));
    } else if (w == "--max-paths") {
      args.max_paths = parse_number(w, value(w));
    } else if (w == "--from") {
      args.from = value(w);
    } else if (w == "--format") {
      args.format = value(w);
    } else if (w == "-o" || w == "--output") {
      args.output = value(w);
    } else if (w == "--threads") {
      args.load.threads = static_cast<unsigned>(parse_number(w, value(w)));
    } else if (w == "--max-note-bytes") {
      args.load.max_note_bytes = parse_number(w, value(w));
    } else if (w == "--no-implied") {
      args.load.implied = false;
    } else if (w == "--no-config") {
      args.load.read_config = false;
    } else if (w == "--profile") {
      const std::string p = value(w);
      if (p == "kg") {
        args.load.profile = Profile::Kg;
      } else if (p == "obsidian") {
        args.load.profile = Profile::Obsidian;
      } else {
        throw UsageError("--profile is kg or obsidian, not '" + p + "'");
      }
    } else if (w == "--") {
      for (++i; i < words.size(); ++i) args.positional.push_back(words[i]);
    } else if (w.size() > 1 && w.front() == '-' && w.rfind("-[", 0) != 0) {
      throw UsageError("unknown option '" + w + "' (see kg --help)");
    } else if (args.command.empty()) {
      args.command = w;
    } else {
      args.positional.push_back(w);
    }
  }
  return args;
}

int run(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  if (args.command == "--version") {
    std::cout << "kg " << version() << '\n';
    return kOk;
  }
  if (args.command.empty() || args.command == "help") {
    std::cout << kMainHelp;
    return args.command.empty() && !args.help ? kUsage : kOk;
  }
  if (args.help) {
    const auto it = command_help().find(args.command);
    if (it == command_help().end()) throw UsageError("unknown command '" + args.command + "'");
    std::cout << it->second;
    return kOk;
  }
  if (args.distinct && args.command != "links" && args.command != "backlinks") {
    throw UsageError("--distinct applies to links and backlinks, not " + args.command);
  }
  // The traversal flags, each where it means something.
  const auto only = [&](bool given, const char* flag, std::initializer_list<std::string_view> commands) {
    if (!given) return;
    for (const std::string_view c : commands) {
      if (args.command == c) return;
    }
    std::string list;
    std::size_t i = 0;
    for (const std::string_view c : commands) {
      list += (i == 0 ? "" : i + 1 == commands.size() ? " and " : ", ") + std::string(c);
      ++i;
    }
    throw UsageError(std::string(flag) + " applies to " + list + ", not " + args.command);
  };
  const std::initializer_list<std::string_view> walks = {"neighbors", "path", "rank", "components",
                                                         "orphans", "related", "export"};
  const std::initializer_list<std::string_view> drawings = {"export", "neighbors", "path", "query"};
  only(args.direction.has_value(), "--direction", {"neighbors", "path", "export"});
  only(!args.relations.empty(), "--relation", walks);
  only(!args.types.empty(), "--type", walks);
  only(args.as_of.has_value(), "--as-of",
       {"neighbors", "path", "rank", "components", "orphans", "related", "query", "export"});
  only(!args.params.empty(), "--param", {"query"});
  only(args.csv, "--csv", {"query"});
  only(args.explain, "--explain", {"query"});
  only(args.query_file.has_value(), "--file", {"query"});
  only(args.timeout_ms.has_value(), "--timeout", {"query"});
  only(args.max_rows.has_value(), "--max-rows", {"query"});
  only(args.max_hops.has_value(), "--max-hops", {"query"});
  only(args.max_paths.has_value(), "--max-paths", {"query"});
  only(!args.avoid.empty(), "--avoid", walks);
  only(args.max_degree != 0, "--max-degree", walks);
  only(args.no_ghosts, "--no-ghosts", walks);
  only(args.depth.has_value(), "--depth", {"neighbors", "export"});
  only(args.max_nodes.has_value(), "--max-nodes", drawings);
  only(!args.focus.empty(), "--focus", {"export"});
  only(args.view.has_value(), "--view", {"export"});
  only(args.dialect.has_value(), "--dialect", {"export"});
  only(args.rankdir.has_value(), "--rankdir", drawings);
  only(args.layout.has_value(), "--layout", drawings);
  only(args.size.has_value(), "--size", drawings);
  only(args.links.has_value(), "--links", drawings);
  only(args.no_clusters, "--no-clusters", drawings);
  only(args.no_legend, "--no-legend", drawings);
  only(args.output.has_value(), "-o", drawings);
  only(args.all, "--all", {"path"});
  only(args.k.has_value(), "--k", {"path"});
  only(args.max_length.has_value(), "--max-length", {"path"});
  only(args.by.has_value(), "--by", {"rank"});
  only(args.top.has_value(), "--top", {"rank", "related"});
  only(args.strong, "--strong", {"components"});
  only(args.dead_ends, "--dead-ends", {"orphans"});
  only(args.sources, "--sources", {"orphans"});
  if (args.dead_ends && args.sources) throw UsageError("orphans takes --dead-ends or --sources, not both");
  only(!args.format.empty(), "--format", drawings);
  if ((args.command == "neighbors" || args.command == "path" || args.command == "query") && !args.format.empty() &&
      args.format != "text" && !is_diagram(args.format)) {
    throw UsageError("--format for " + args.command + " is text, dot, svg, png or mermaid, not '" + args.format + "'");
  }
  if (args.command != "export" && args.output && !is_diagram(args.format)) {
    throw UsageError("-o writes a diagram for " + args.command + ": add --format dot, svg, png or mermaid");
  }
  only(args.force, "--force", drawings);
  if (args.k && *args.k == 0) throw UsageError("--k needs at least 1");
  if (args.all && (args.k || args.max_length)) {
    throw UsageError("path takes one of --all, --k and --max-length");
  }
  if (args.command == "stats") return cmd_stats(args);
  if (args.command == "check") return cmd_check(args);
  if (args.command == "resolve") return cmd_resolve(args);
  if (args.command == "links") return cmd_edges(args, true);
  if (args.command == "backlinks") return cmd_edges(args, false);
  if (args.command == "neighbors") return cmd_neighbors(args);
  if (args.command == "path") return cmd_path(args);
  if (args.command == "rank") return cmd_rank(args);
  if (args.command == "components") return cmd_components(args);
  if (args.command == "orphans") return cmd_orphans(args);
  if (args.command == "related") return cmd_related(args);
  if (args.command == "query") return cmd_query(args);
  if (args.command == "export") return cmd_export(args);
  throw UsageError("unknown command '" + args.command + "' (see kg --help)");
}

}  // namespace
}  // namespace kg::cli

int main(int argc, char** argv) {
  try {
    const int status = kg::cli::run(argc, argv);
    // Whatever went to standard output reached it: a full disk or a closed pipe is an error,
    // not a short answer with exit 0.
    if (!std::cout.flush()) {
      std::cerr << "kg: cannot write the output (" << std::strerror(errno) << ")\n";
      return kg::cli::kUsage;
    }
    return status;
  } catch (const kg::cli::UsageError& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kg::cli::kUsage;
  } catch (const kg::Error& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kg::cli::kUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "kg: out of memory\n";
    return kg::cli::kUsage;
  } catch (const std::ios_base::failure&) {
    std::cerr << "kg: cannot write the output (" << std::strerror(errno) << ")\n";
    return kg::cli::kUsage;
  } catch (const std::exception& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kg::cli::kUsage;
  }
}
