// kg: the graph of a vault.
//
// Graph::load scans a vault, parses every note (in parallel), resolves every link as
// Obsidian does (DESIGN section 4) and builds an immutable graph of notes, attachments and
// ghosts (unresolved targets) joined by typed edges that remember where they were written.
// The same vault always gives the same graph, whatever the thread count or directory order.
#pragma once

#include <kg/diagnostic.hpp>
#include <kg/export.hpp>
#include <kg/filesystem.hpp>
#include <kg/options.hpp>
#include <kg/schema.hpp>
#include <kg/view.hpp>
#include <kg/types.hpp>
#include <kg/value.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kg {


/// A node: a note, an attachment or a ghost (an unresolved target). A view: its strings
/// and spans live as long as the graph (Graph::node builds it from the compact store).
struct Node {
  std::string_view id;     ///< Vault-relative path with extension, or "ghost:" + case-folded target.
  NodeKind kind = NodeKind::Note;
  std::string_view title;  ///< File name without `.md`; for a ghost, the target as first written.
  std::string_view type;   ///< front-matter `type`, else "note"; "attachment" or "ghost".
  std::span<const std::string_view> aliases;
  std::span<const std::string_view> tags;  ///< Front matter first, then body; no leading '#'.
  PropertyList properties;  ///< Front matter (minus aliases, tags, type) and inline fields.
  std::span<const std::string_view> external_links;  ///< URLs the note links to, in document order.
};

/// A link between two nodes (a view, like Node). A stated edge is one link as written in a
/// note. An implied edge (`implied`) is added by the schema (inverse, symmetric,
/// transitive): it keeps the provenance of the first stated edge in `implied_from`.
struct Edge {
  NodeId source{};
  NodeId target{};
  std::string_view relation;  ///< Canonical relation name.
  Origin origin = Origin::Body;
  bool implied = false;
  bool embed = false;
  Inference inference = Inference::None;
  std::span<const EdgeId> implied_from;  ///< The edges this one follows from (a path when transitive).
  NodeId file{};              ///< The note the link is written in.
  std::uint32_t line = 0;     ///< 1-based, front matter included.
  std::uint32_t col = 0;      ///< 1-based byte column of the link's first character.
  std::string_view raw;       ///< The link exactly as written.
  std::string_view display;   ///< Text shown for the link: `[[A|shown]]`, `[shown](A.md)`; may be empty.
  std::optional<std::uint32_t> width;   ///< Embed size in pixels: `![[a.png|300]]`,
  std::optional<std::uint32_t> height;  ///< `![[a.png|300x200]]`, `![alt|300](a.png)`.
  std::optional<std::string_view> subpath;  ///< e.g. "#Heading" or "#^block-id".
  SubpathStatus subpath_status = SubpathStatus::None;
  Via via = Via::None;
  bool ambiguous = false;
  std::span<const std::string_view> candidates;  ///< All candidates when ambiguous, in codepoint order.
  std::string_view section;   ///< Heading the link stands under; empty before any heading.
  PropertyList properties;  ///< What the note states about the relationship (since, status...).
};

/// One fact about two nodes (a view, like Node): every statement (edge) of the same
/// (source, relation, target) folded together. A note often states a fact several times
/// (front matter, an inline field, a table, a Related list); they are one relationship with
/// several statements. Statements whose properties conflict (the same key with different
/// values) stay apart, as separate relationships of the same triple, so that disagreeing
/// sources are both kept. A statement without properties joins the triple's first
/// relationship. Traversals, rankings, queries and diagrams work on relationships; the JSON
/// node-link export keeps the statements.
struct Relationship {
  NodeId source{};
  NodeId target{};
  std::string_view relation;  ///< Canonical relation name.
  bool implied = false;       ///< Only inference states it (every statement is implied).
  std::span<const EdgeId> statements;  ///< Its edges in id order: where it is written.
  PropertyList properties;  ///< Its statements' union.
};

/// How one link resolves (`kg resolve`).
struct Resolution {
  std::string link;     ///< The link as given.
  std::string from;     ///< Node id of the note it is read from ("" for the vault root).
  bool resolved = false;
  std::optional<std::string> target;  ///< Node id when resolved.
  Via via = Via::None;
  bool ambiguous = false;
  std::vector<std::string> candidates;
  std::optional<std::string> subpath;
  SubpathStatus subpath_status = SubpathStatus::None;
  std::optional<std::string> reason;  ///< Why unresolved: not-found, external, empty.
  bool above_root = false;  ///< A `../` climbed above the vault root and was read from the root.
};

struct Stats {
  std::size_t notes = 0;
  std::size_t attachments = 0;
  std::size_t ghosts = 0;
  std::size_t edges = 0;
  std::size_t implied_edges = 0;  ///< Included in `edges`.
  std::size_t relationships = 0;  ///< Edges folded into facts (see Relationship).
  std::size_t implied_relationships = 0;  ///< Included in `relationships`.
  std::size_t links_resolved = 0;
  std::size_t links_unresolved = 0;
  std::size_t links_ambiguous = 0;
  std::size_t links_via_alias = 0;
  std::size_t embeds = 0;
  std::size_t external_links = 0;
  std::size_t tags = 0;  ///< Distinct tags, case-insensitive.
  std::map<std::string, std::size_t> types;
  std::map<std::string, std::size_t> relations;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t infos = 0;
  double seconds = 0.0;  ///< Wall time of the load.
};

/// A name close to a NOTE argument that named nothing (Graph::match_note).
struct NoteSuggestion {
  std::string name;  ///< The title, alias or path that came close, as written.
  std::string id;    ///< The node it names.
};

/// What a NOTE argument names (Graph::match_note): exactly one node, several, or none.
struct NoteMatch {
  std::optional<NodeId> node;           ///< Set when the argument names exactly one node.
  std::vector<std::string> candidates;  ///< Node ids, in codepoint order, when it names several.
  std::vector<NoteSuggestion> suggestions;  ///< When it names none: the closest names, best first.
};

class KG_API Graph {
 public:
  /// Reads the vault at `root`. Problems in notes become diagnostics; only an unusable root
  /// throws (kg::Error with VaultNotFound).
  static Graph load(const std::filesystem::path& root, const LoadOptions& options = {});
  /// Reads a vault through a caller-supplied file system.
  static Graph load(std::unique_ptr<FileSystem> fs, const LoadOptions& options = {});

  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;
  ~Graph();

  std::size_t node_count() const noexcept;
  std::size_t edge_count() const noexcept;
  /// Nodes are numbered in id order. Stated edges come first, by (source id, line, col);
  /// implied edges follow, by (source, relation, target). The views' strings and spans live
  /// as long as the graph. Both throw kg::Error(InvalidArgument) for an id out of range.
  Node node(NodeId id) const;
  Edge edge(EdgeId id) const;
  std::vector<EdgeId> out_edges(NodeId id) const;
  std::vector<EdgeId> in_edges(NodeId id) const;

  /// Relationships are numbered in the order of their first statement (stated before
  /// implied). Each edge belongs to exactly one relationship.
  std::size_t relationship_count() const noexcept;
  Relationship relationship(RelationshipId id) const;
  RelationshipId relationship_of(EdgeId id) const;
  /// The relationships from (to) a node, in id order.
  std::vector<RelationshipId> out_relationships(NodeId id) const;
  std::vector<RelationshipId> in_relationships(NodeId id) const;

  /// The node with exactly this id.
  std::optional<NodeId> find(std::string_view id) const;
  /// What a NOTE argument as a user types it names: a vault-relative path (with or without
  /// `.md`, `./` or `/` in front), a file name, a title, an alias or a `[[link]]`, read as a
  /// link written at the vault root, else a ghost by its name. A name that several notes share
  /// (the same file name in two folders, an alias of two notes) names all of them. When
  /// nothing matches, up to five suggestions: titles, aliases (when aliases resolve links) and,
  /// for an argument with a '/', paths, close by case-insensitive prefix, substring or edit
  /// distance. Never throws.
  NoteMatch match_note(std::string_view note) const;
  /// The one node a NOTE argument names (see match_note). Throws kg::Error(NoteAmbiguous)
  /// when it names several, with the candidates' ids in the message, and
  /// kg::Error(NoteNotFound) when it names none, with the suggestions in the message.
  NodeId lookup(std::string_view note) const;

  /// Resolves a link as written in note `from` (a node id, or "" for the vault root):
  /// `[[...]]`, `![[...]]`, `[text](dest)` or a bare target read as `[[target]]`.
  Resolution resolve(std::string_view link, std::string_view from = {}) const;

  /// Every diagnostic of the load, sorted by file, line and column (a copy: the graph keeps
  /// them compact; diagnostic(i) reads one at a time).
  std::vector<Diagnostic> diagnostics() const;
  std::size_t diagnostic_count() const noexcept;
  /// Diagnostic `i` < diagnostic_count(), in the order of diagnostics().
  Diagnostic diagnostic(std::size_t i) const;
  Stats stats() const;
  /// The options the graph was loaded with, completed from kg.yaml and the defaults.
  const LoadOptions& options() const noexcept;
  /// The vault's schema (kg.yaml's types and relations); empty when there is none.
  const Schema& schema() const noexcept;
  /// The diagrams kg.yaml's `views:` section names, in the order written.
  const std::vector<ViewSpec>& views() const noexcept;

  /// The private state (opaque outside libkg).
  struct Impl;

 private:
  explicit Graph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend struct GraphBuilder;
  friend struct GraphAccess;  // libkg's layers above the graph
};

}  // namespace kg
