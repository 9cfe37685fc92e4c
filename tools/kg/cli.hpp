// kg, the command-line tool: what its command files share. The arguments, opening the vault
// and reading NOTE arguments (vault.cpp), and text output (output.cpp): escaping, colour,
// plurals, tables that line up wide characters, and JSON built from kg::Value.
#pragma once

#include <kg/kg.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kg::cli {

/// Exit codes: 0 ok, 1 the command ran and found problems, 2 usage or input error.
constexpr int kOk = 0;
constexpr int kProblems = 1;
constexpr int kUsage = 2;

/// A command line kg cannot act on; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Args {
  std::string command;
  std::filesystem::path vault = ".";
  bool vault_given = false;  ///< --vault was on the command line.
  bool json = false;
  bool quiet = false;
  bool strict = false;
  bool help = false;
  bool distinct = false;
  std::optional<std::string> from;
  std::string format;
  std::optional<std::filesystem::path> output;
  LoadOptions load;
  std::vector<std::string> positional;
  // Traversals (neighbors, path).
  std::optional<std::uint32_t> depth;
  std::optional<std::string> direction;
  std::vector<std::string> relations;
  std::vector<std::string> types;
  std::optional<std::string> as_of;
  std::vector<std::string> avoid;
  std::size_t max_degree = 0;
  std::optional<std::size_t> max_nodes;
  bool all = false;
  bool no_ghosts = false;
  std::optional<std::size_t> k;           // path --k
  std::optional<std::size_t> max_length;  // path --max-length
  // Structure and rankings.
  std::optional<std::string> by;  // rank --by
  std::optional<std::size_t> top;
  bool strong = false;     // components --strong
  bool dead_ends = false;  // orphans --dead-ends
  bool sources = false;    // orphans --sources
  // Queries.
  std::vector<std::string> params;  // --param NAME=VALUE
  bool csv = false;
  bool explain = false;
  std::optional<std::filesystem::path> query_file;
  std::optional<std::size_t> timeout_ms;
  std::optional<std::size_t> max_rows;
  std::optional<std::size_t> max_hops;
  std::optional<std::size_t> max_paths;
  bool force = false;  // a Mermaid chart of many notes
  // Exports and diagrams.
  std::vector<std::string> focus;  // export --focus
  std::optional<std::string> view;
  std::optional<std::string> rankdir;
  std::optional<std::string> layout;
  std::optional<std::string> size;
  std::optional<std::string> links;    // obsidian or relative
  std::optional<std::string> dialect;  // neo4j, memgraph or kuzu
  bool no_clusters = false;
  bool no_legend = false;
  bool walk_implied = true;  // a view's `implied: false` (the graph keeps them; the walk skips them)
};

// vault.cpp

/// Loads the vault, with a progress line on a terminal and, when no --vault was given and
/// the current directory does not look like a vault, a notice naming the folder it reads.
/// The graph is kept until the process ends (one load per command).
const Graph& load(const Args& args);

/// The node a NOTE argument names. A path as the shell completes it (relative to the current
/// directory, with the vault folder in front, or absolute) is read as the file it names
/// inside the vault. Throws kg::Error (NoteAmbiguous, NoteNotFound) with the candidates or
/// suggestions, one per line.
NodeId note_argument(const Graph& graph, const Args& args, std::string_view text);

// output.cpp

/// True when standard output is a terminal and NO_COLOR is unset or empty (no-color.org).
bool color_enabled();
/// `text` in an SGR colour (e.g. "31" red) when `on`.
std::string paint(std::string_view text, const char* sgr, bool on);
/// `text` with control bytes (below 0x20, and DEL) written as \xNN, so a note's bytes cannot
/// drive the terminal.
std::string printable(std::string_view text);
/// "1 edge", "2 edges", "0 edges"; `many` defaults to `one` + "s".
std::string plural(std::size_t n, std::string_view one, std::string_view many = {});
/// `text` padded with spaces to `width` terminal columns.
std::string pad(std::string_view text, std::size_t width);

/// Columns of text separated by two spaces, each as wide as its widest cell in terminal
/// columns (CJK and emoji count two, combining marks none); the last column is not padded.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void add(std::vector<std::string> row);
  std::size_t size() const noexcept { return rows_.size(); }
  /// Prints the header row (unless `header` is false) and the rows.
  void print(std::ostream& out, bool header = true) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// JSON text of a value tree, indented like kg's other JSON output (nlohmann's layout).
std::string json_text(const Value& value, int indent = 2);
Value json_string(std::string_view s);
Value json_list(std::span<const std::string_view> items);
Value json_object(std::vector<std::pair<std::string, Value>> entries);
Value json_object(const PropertyList& entries);

/// Where a relationship is first stated: `file:line`.
std::string first_place(const Graph& graph, const Relationship& r);
/// A relationship as JSON: {"source", "target", "relation", "implied", "properties",
/// "statements": [{"file", "line", "col", "origin"}]}.
Value relationship_value(const Graph& graph, RelationshipId id);
/// One hop as a line: `Alibaba -supplier-> NVIDIA (companies/Alibaba.md:12)`, the arrow
/// reversed when the walk went against the relationship.
std::string hop_line(const Graph& graph, NodeId from, RelationshipId id);

/// A Graphviz diagram draws at most this many notes unless --max-nodes says otherwise:
/// Graphviz takes minutes to lay out thousands, and nobody reads them.
constexpr std::size_t kDiagramNodes = 400;

/// True for the formats that draw: dot, svg, png, mermaid.
bool is_diagram(std::string_view format);
/// A diagram of these nodes and relationships in the format --format names (dot, svg, png,
/// mermaid), styled by --rankdir, --layout, --size, --no-clusters, --no-legend and, in an
/// SVG, with links to the notes as --links says. More than --max-nodes notes (default
/// kDiagramNodes) are cut to the most connected, and stderr says so.
std::string diagram(const Graph& graph, const Args& args, std::span<const NodeId> nodes,
                    std::span<const RelationshipId> relationships);

/// Refuses (kg::Error OutputInsideVault) a path inside the vault.
void check_outside_vault(const Args& args, const std::filesystem::path& path);
/// Writes a whole file: streamed to a temporary file beside `target` and renamed over it
/// once complete, so a failed write leaves the old file (or none), never half of one.
void write_file(const Args& args, const std::filesystem::path& target, const std::function<void(std::ostream&)>& write);
/// Output to -o FILE (as write_file) or, without -o or with '-', to standard output.
/// `binary` output (PNG) is refused on a terminal.
void write_output(const Args& args, const std::function<void(std::ostream&)>& write, bool binary = false);

/// The traversal options the flags give (--direction, --relation, --type, --as-of, --avoid,
/// --max-degree, --no-ghosts), `fallback` the direction when none is given.
TraversalOptions traversal_options(const Graph& graph, const Args& args, Direction fallback);

// The commands, one file per group: cmd_summary.cpp (stats, check), cmd_links.cpp
// (resolve, links, backlinks), cmd_traverse.cpp (neighbors, path), cmd_structure.cpp (rank,
// components, orphans, related), cmd_query.cpp (query), cmd_export.cpp (export).
int cmd_stats(const Args& args);
int cmd_check(const Args& args);
int cmd_resolve(const Args& args);
int cmd_edges(const Args& args, bool outgoing);
int cmd_neighbors(const Args& args);
int cmd_path(const Args& args);
int cmd_rank(const Args& args);
int cmd_components(const Args& args);
int cmd_orphans(const Args& args);
int cmd_related(const Args& args);
int cmd_export(const Args& args);
int cmd_query(const Args& args);

}  // namespace kg::cli
