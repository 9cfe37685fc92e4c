// The graph's private state, compact: nodes and edges as fixed-size records in id order with
// their strings in one text per file, rare fields in side tables, arcs in compressed sparse
// rows, and what resolution needs after the load (the name index and each note's anchors).
#pragma once

#include "base/value_cells.hpp"
#include "resolve/name_index.hpp"
#include "util/arena.hpp"

#include <kg/graph.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kg {

/// Arcs of records numbered by source in two runs, stated then implied, each sorted by
/// source (as edges and relationships are): a node's out-arcs are one id range in each run,
/// found through offsets, with nothing stored per arc; its in-arcs are listed, 4 bytes each.
/// Together 12 bytes per node and 4 per arc, where Boost's bidirectional compressed sparse
/// rows took 16 per arc; immutable like the graph.
class ArcIndex {
 public:
  /// `count` arcs; each_arc(f) calls f(source, target) for arcs 0, 1, ... in order (one pass
  /// each time it is called, twice in all). Arcs [0, split) and [split, count) are each
  /// sorted by source.
  template <typename EachArc>
  void build(std::size_t nodes, std::uint32_t count, std::uint32_t split, EachArc each_arc) {
    out_stated_.assign(nodes + 1, split);
    out_implied_.assign(nodes + 1, count);
    in_first_.assign(nodes + 1, 0);
    // Run boundaries: the first arc of each node in each run (a node without arcs in a run
    // starts where the next node with some does), and in-degrees.
    std::uint32_t a = 0;
    std::uint32_t next_stated = 0;   // the first node whose stated run start is not set yet
    std::uint32_t next_implied = 0;
    each_arc([&](std::uint32_t source, std::uint32_t target) {
      if (a < split) {
        for (; next_stated <= source; ++next_stated) out_stated_[next_stated] = a;
      } else {
        for (; next_implied <= source; ++next_implied) out_implied_[next_implied] = a;
      }
      ++in_first_[target + 1];
      ++a;
    });
    for (; next_implied <= nodes; ++next_implied) out_implied_[next_implied] = count;
    for (std::uint32_t n = next_stated; n <= nodes; ++n) out_stated_[n] = split;
    for (std::size_t n = 0; n < nodes; ++n) in_first_[n + 1] += in_first_[n];
    in_ids_.assign(count, 0);
    std::vector<std::uint32_t> fill(in_first_.begin(), in_first_.end() - 1);
    a = 0;
    each_arc([&](std::uint32_t, std::uint32_t target) { in_ids_[fill[target]++] = a++; });
  }
  /// Calls f(arc) for the arcs out of (into) `node`, in id order, without allocating.
  template <typename F>
  void for_each_out(std::uint32_t node, F f) const {
    for (std::uint32_t a = out_stated_[node]; a < out_stated_[node + 1]; ++a) f(a);
    for (std::uint32_t a = out_implied_[node]; a < out_implied_[node + 1]; ++a) f(a);
  }
  template <typename F>
  void for_each_in(std::uint32_t node, F f) const {
    for (std::uint32_t k = in_first_[node]; k < in_first_[node + 1]; ++k) f(in_ids_[k]);
  }
  /// As for_each_out/in, stopping (and returning false) when f returns false.
  template <typename F>
  bool each_out_until(std::uint32_t node, F f) const {
    for (std::uint32_t a = out_stated_[node]; a < out_stated_[node + 1]; ++a) {
      if (!f(a)) return false;
    }
    for (std::uint32_t a = out_implied_[node]; a < out_implied_[node + 1]; ++a) {
      if (!f(a)) return false;
    }
    return true;
  }
  template <typename F>
  bool each_in_until(std::uint32_t node, F f) const {
    for (std::uint32_t k = in_first_[node]; k < in_first_[node + 1]; ++k) {
      if (!f(in_ids_[k])) return false;
    }
    return true;
  }
  std::uint32_t out_degree(std::uint32_t node) const {
    return out_stated_[node + 1] - out_stated_[node] + out_implied_[node + 1] - out_implied_[node];
  }
  std::uint32_t in_degree(std::uint32_t node) const { return in_first_[node + 1] - in_first_[node]; }
  /// The in-arcs of `node` are positions [in_begin, in_end) of one list; in_id(k) is the
  /// arc at position k (for tables kept beside that list, such as InArcIndex).
  std::uint32_t in_begin(std::uint32_t node) const { return in_first_[node]; }
  std::uint32_t in_end(std::uint32_t node) const { return in_first_[node + 1]; }
  std::uint32_t in_id(std::uint32_t k) const { return in_ids_[k]; }
  std::size_t in_size() const { return in_ids_.size(); }
  /// The arcs out of (into) `node`, in id order.
  template <typename Id>
  std::vector<Id> out(std::uint32_t node) const {
    std::vector<Id> ids;
    for (std::uint32_t a = out_stated_[node]; a < out_stated_[node + 1]; ++a) ids.push_back(Id{a});
    for (std::uint32_t a = out_implied_[node]; a < out_implied_[node + 1]; ++a) ids.push_back(Id{a});
    return ids;
  }
  template <typename Id>
  std::vector<Id> in(std::uint32_t node) const {
    std::vector<Id> ids;
    for (std::uint32_t k = in_first_[node]; k < in_first_[node + 1]; ++k) ids.push_back(Id{in_ids_[k]});
    return ids;
  }

 private:
  std::vector<std::uint32_t> out_stated_;
  std::vector<std::uint32_t> out_implied_;
  std::vector<std::uint32_t> in_first_;
  std::vector<std::uint32_t> in_ids_;
};

/// A string inside one file's text (Graph::Impl::texts): `length` bytes from `offset`.
struct TextRef {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
  std::string_view in(std::string_view text) const { return text.substr(offset, length); }
};

/// A heading of a note, its strings in the note's text.
struct HeadingRecord {
  TextRef text;  // plain text of the heading
  TextRef key;   // parse::heading_key() of the heading as written, unless key_from_text
  std::uint32_t line = 0;
  std::int32_t parent = -1;
  std::uint8_t level = 1;
  // The key is parse::heading_key(text) (nearly always: it is kept only when markup makes
  // the two differ), computed when a subpath is checked.
  bool key_from_text = false;
};

/// What subpath validation needs of a note (a view); strings in the note's text.
struct NoteAnchors {
  std::span<const HeadingRecord> headings;
  std::span<const TextRef> block_ids;
  std::span<const TextRef> footnotes;
};

/// Every file's anchors, where its parse worker put them (in the worker's arena): 32
/// bytes per file, its headings in one array and its block ids then footnotes in another.
class AnchorStore {
 public:
  void resize(std::size_t files) { files_.resize(files); }
  /// File `file`'s anchors; `ids` holds its block ids, then its footnotes.
  void set(std::uint32_t file, std::span<const HeadingRecord> headings,
           std::span<const TextRef> ids, std::size_t block_ids) {
    Entry& e = files_[file];
    e.headings = headings.data();
    e.ids = ids.data();
    e.heading_count = static_cast<std::uint32_t>(headings.size());
    e.block_count = static_cast<std::uint32_t>(block_ids);
    e.footnote_count = static_cast<std::uint32_t>(ids.size() - block_ids);
  }
  NoteAnchors of(std::uint32_t file) const {
    const Entry& e = files_[file];
    return NoteAnchors{std::span(e.headings, e.heading_count), std::span(e.ids, e.block_count),
                       std::span(e.ids + e.block_count, e.footnote_count)};
  }

 private:
  struct Entry {
    const HeadingRecord* headings = nullptr;
    const TextRef* ids = nullptr;
    std::uint32_t heading_count = 0;
    std::uint32_t block_count = 0;
    std::uint32_t footnote_count = 0;
  };
  std::vector<Entry> files_;
};

/// The load's diagnostics, compact: a 32-byte record each, with its file and message in one
/// text (a file is written once for a run of diagnostics in it) and its code interned.
/// Strings are repaired to valid UTF-8 as they come in.
class DiagnosticStore {
 public:
  void push_back(const Diagnostic& d);
  /// Appends all of `list` and frees it.
  void append(std::vector<Diagnostic>& list);
  /// Appends all of `other` and frees it.
  void append(DiagnosticStore&& other);
  std::size_t size() const noexcept { return records_.size(); }
  Diagnostic operator[](std::size_t i) const;
  Severity severity(std::size_t i) const { return records_[i].severity; }
  /// Sorts by diagnostic_less, then severity: diagnostics that still compare equal are
  /// alike in every field, so the order never depends on the input's.
  void sort();

 private:
  struct Record {
    std::uint64_t message_at = 0;  // in text_
    std::uint32_t message_length = 0;
    std::uint32_t file = 0;  // index into files_
    std::uint32_t line = 0;
    std::uint32_t col = 0;
    std::uint16_t code = 0;  // index into codes_
    Severity severity = Severity::Warning;
  };
  struct FileText {
    std::uint64_t at = 0;
    std::uint32_t length = 0;
  };
  std::string_view text(std::uint64_t at, std::uint32_t length) const {
    return std::string_view(text_).substr(at, length);
  }
  std::string_view file(const Record& r) const {
    return text(files_[r.file].at, files_[r.file].length);
  }
  std::string text_;
  std::vector<Record> records_;
  std::vector<FileText> files_;
  std::vector<std::string> codes_;
};

/// Equal names get one id; names live (at stable addresses) as long as the interner.
class Interner {
 public:
  std::uint32_t id(std::string_view name);
  /// The id of a name already interned.
  std::optional<std::uint32_t> find(std::string_view name) const {
    const auto it = ids_.find(name);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  std::string_view name(std::uint32_t id) const { return names_[id]; }
  std::size_t size() const noexcept { return names_.size(); }

 private:
  std::deque<std::string> storage_;
  std::vector<std::string_view> names_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

/// One node, compact: its strings live in the index (a file's path), in its file's text
/// (aliases, tags, external links, through its file's node strings) or in ghosts.
struct NodeRecord {
  std::uint32_t ref = 0;      // index file, or (a ghost) index into Impl::ghosts
  std::uint32_t type = 0;     // Impl::types id
  std::uint32_t aliases = 0;  // how many of its file's node strings are aliases,
  std::uint32_t tags = 0;     // then tags (external links follow)
  std::uint16_t title_at = 0; // where the file name starts in the path (capped)
  NodeKind kind = NodeKind::Note;
  /// The index file of a note or attachment.
  std::uint32_t file() const { return kind == NodeKind::Ghost ? kNone : ref; }
};

/// One edge, compact (52 bytes). Its strings are in the text of the file it is written in
/// (its source; an implied edge's is in its extra): `display` and `subpath`
/// as positions inside `raw` (where they nearly always are); what does not fit (an implied
/// edge's chain, candidates, properties, an embed size, a display or subpath spelled
/// differently from the raw text) is in the edge's EdgeExtra.
struct EdgeRecord {
  std::uint32_t source = 0;  // also the note it is written in, unless implied
  std::uint32_t target = 0;
  std::uint32_t relationship = 0;  // the relationship it is a statement of
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  TextRef raw;
  std::uint16_t display_at = 0;  // display: raw.substr(display_at, display_length)
  std::uint16_t display_length = 0;
  std::uint16_t subpath_at = 0;  // "#..." subpath: raw.substr(subpath_at, subpath_length);
  std::uint16_t subpath_length = 0;  // 0: no subpath
  std::uint32_t section = 0;   // heading index + 1 in the file's anchors; 0: none
  std::uint32_t relation = 0;  // Impl::relations id
  std::uint32_t extra = kNone; // index into Impl::edge_extras
  Origin origin = Origin::Body;
  Via via = Via::None;
  SubpathStatus subpath_status = SubpathStatus::None;
  std::uint8_t flags = 0;  // kImplied | kEmbed | kAmbiguous, and the Inference in bits 4-5
  static constexpr std::uint8_t kImplied = 1, kEmbed = 2, kAmbiguous = 4;
  bool implied() const { return (flags & kImplied) != 0; }
  bool embed() const { return (flags & kEmbed) != 0; }
  bool ambiguous() const { return (flags & kAmbiguous) != 0; }
  Inference inference() const { return static_cast<Inference>(flags >> 4); }
};

/// The edges in id order, kept in the segments resolution made them in (one per file, in
/// its parse worker's arena, then one for implied edges): no record is copied to join the
/// others, so none is ever held twice. An edge is found from its id through a table of the
/// segment at every 64th id.
class EdgeStore {
 public:
  /// Appends a segment (memory that outlives the store): its edges take the next ids.
  void append(std::span<EdgeRecord> segment) {
    if (segment.empty()) return;
    open_ = false;
    add_segment(segment);
  }
  /// Appends one edge (to a last segment, owned by the store, kept open for single edges).
  void push_back(const EdgeRecord& e) {
    if (!open_) {
      owned_.emplace_back();
      add_segment({});
      open_ = true;
    }
    owned_.back().push_back(e);
    segments_.back() = owned_.back();
    note_ids(segments_.size() - 1, size_, size_ + 1);
    ++size_;
  }
  std::size_t size() const noexcept { return size_; }
  const EdgeRecord& operator[](std::size_t i) const { return at(i); }
  EdgeRecord& operator[](std::size_t i) { return const_cast<EdgeRecord&>(at(i)); }
  /// Calls f(edge) for every edge, in id order.
  template <typename F>
  void for_each(F f) const {
    for (const auto& segment : segments_) {
      for (const EdgeRecord& e : segment) f(e);
    }
  }
  /// Calls f(first id, edges) for every segment, in id order: the edges of one source
  /// (a file's, or all of them after a reorder) are always inside one segment.
  template <typename F>
  void for_each_segment(F f) {
    for (std::size_t k = 0; k < segments_.size(); ++k) f(first_[k], segments_[k]);
  }
  /// Every edge in one vector, for the rare reorder of all of them; the store is left empty.
  std::vector<EdgeRecord> take_all() {
    std::vector<EdgeRecord> all;
    all.reserve(size_);
    for (const auto& segment : segments_) all.insert(all.end(), segment.begin(), segment.end());
    *this = EdgeStore{};
    return all;
  }
  /// Appends a segment the store keeps.
  void append(std::vector<EdgeRecord>&& segment) {
    if (segment.empty()) return;
    owned_.push_back(std::move(segment));
    append(std::span<EdgeRecord>(owned_.back()));
  }

 private:
  static constexpr std::size_t kStride = 64;
  void add_segment(std::span<EdgeRecord> segment) {
    const std::size_t n = segment.size();
    first_.push_back(static_cast<std::uint32_t>(size_));
    segments_.push_back(segment);
    note_ids(segments_.size() - 1, size_, size_ + n);
    size_ += n;
  }
  // Records the segment of each multiple of kStride among ids [from, to).
  void note_ids(std::size_t segment, std::size_t from, std::size_t to) {
    for (std::size_t id = (from + kStride - 1) / kStride * kStride; id < to; id += kStride) {
      lookup_.push_back(static_cast<std::uint32_t>(segment));
    }
  }
  const EdgeRecord& at(std::size_t i) const {
    // The segment holding id i is at or after the one holding the stride's first id.
    std::size_t s = lookup_[i / kStride];
    std::size_t hi = i / kStride + 1 < lookup_.size() ? lookup_[i / kStride + 1] + 1 : first_.size();
    // The last segment in [s, hi) that starts at or before i.
    while (hi - s > 1) {
      const std::size_t mid = s + (hi - s) / 2;
      if (first_[mid] <= i) {
        s = mid;
      } else {
        hi = mid;
      }
    }
    return segments_[s][i - first_[s]];
  }
  std::vector<std::span<EdgeRecord>> segments_;
  std::deque<std::vector<EdgeRecord>> owned_;  // segments the store keeps itself
  std::vector<std::uint32_t> first_;   // first id of each segment
  std::vector<std::uint32_t> lookup_;  // segment holding id k * kStride
  std::size_t size_ = 0;
  bool open_ = false;
};

/// What a few edges carry beyond their record.
struct EdgeExtra {
  std::uint32_t file = kNone;  // an implied edge: the node its first statement is written in
  std::vector<EdgeId> implied_from;
  std::vector<std::string_view> candidates;  // node ids (paths in the index)
  PropertyList properties;   // cells in the note's NoteValues
  std::uint32_t width = 0;   // 0: none
  std::uint32_t height = 0;  // 0: none
  std::optional<std::string> display;  // when not inside the raw text
  std::optional<std::string> subpath;  // likewise
};

/// The stored property values of one note: its own properties (the first `node_count`
/// cells), then those of its links, then the children of both (base/value_cells.hpp).
struct NoteValues {
  std::span<const detail::ValueCell> cells;  // in its parse worker's arena
  std::uint32_t node_count = 0;
};

/// A node for an unresolved target.
struct Ghost {
  std::string id;     // "ghost:" + key
  std::string title;  // the target as first written, without ".md"
};

/// Nodes by type, for the query engine's scans and label tests: built on first use (a
/// graph that is never queried never pays for it), 2 bytes per node for the compact type
/// (types beyond 65,535 read the node record) and 4 per node for the lists.
struct TypeIndex {
  static constexpr std::uint16_t kWide = 0xFFFF;
  std::vector<std::uint16_t> type_of;  // by node; kWide: see NodeRecord::type
  std::vector<std::uint32_t> first;    // by type: where its nodes start in `nodes` (+1 entry)
  std::vector<std::uint32_t> nodes;    // ids, grouped by type, in id order within one
  std::span<const std::uint32_t> of(std::uint32_t type) const {
    if (type + 1 >= first.size()) return {};
    return std::span<const std::uint32_t>(nodes).subspan(first[type], first[type + 1] - first[type]);
  }
};

/// Relationships by relation, for the query engine's relationship scans and its planner's
/// counts: built on first use, 4 bytes per relationship.
struct RelationIndex {
  static constexpr std::uint32_t kMixed = 0xFFFFFFFFu;
  std::vector<std::uint32_t> first;  // by relation: where its relationships start (+1 entry)
  std::vector<std::uint32_t> ids;    // grouped by relation, in id order within one
  /// By relation: the one type all its sources (targets) have, or kMixed.
  std::vector<std::uint32_t> source_type;
  std::vector<std::uint32_t> target_type;
  std::span<const std::uint32_t> of(std::uint32_t relation) const {
    if (relation + 1 >= first.size()) return {};
    return std::span<const std::uint32_t>(ids).subspan(first[relation], first[relation + 1] - first[relation]);
  }
};

/// Beside each in-arc of relationship_arcs (by position, see ArcIndex::in_begin), the
/// relationship's relation and source: an expansion against the arrows filters by relation
/// and reaches the other node without reading scattered relationship records. Built on
/// first query, 8 bytes per relationship.
struct InArcIndex {
  std::vector<std::uint32_t> relation;
  std::vector<std::uint32_t> source;
};

struct Graph::Impl {
  LoadOptions options;  // effective: every optional filled
  Schema schema;
  std::vector<ViewSpec> views;
  std::vector<NodeRecord> nodes;
  EdgeStore edges;
  std::vector<EdgeExtra> edge_extras;
  // Where the notes' texts and records live: one arena per parse worker.
  std::vector<util::Arena> arenas;
  std::vector<std::string_view> texts;  // per index file: the strings its node and edges keep
  // Per index file, in its parse worker's arena: a note's aliases, tags and external links,
  // and its property values and its links'.
  std::vector<std::span<const std::string_view>> node_strings;
  std::vector<NoteValues> values;
  std::vector<Ghost> ghosts;
  Interner types;
  Interner relations;
  ArcIndex edge_arcs;  // one arc per edge (statement)
  // Relationships: one compact record each (24 bytes). A relationship of one statement (the
  // common case) holds that edge's id itself; one of several holds where its statements
  // start in relationship_statements. Properties live in a side table, only for the
  // relationships that have any.
  struct RelationshipRecord {
    std::uint32_t source = 0;
    std::uint32_t target = 0;
    std::uint32_t relation = 0;
    EdgeId statements{};            // the only statement, or an offset (count > 1)
    std::uint32_t count = 0;        // statements; kImpliedBit set when implied
    std::uint32_t properties = kNone;  // index into relationship_properties
    static constexpr std::uint32_t kImpliedBit = 0x80000000u;
    bool implied() const { return (count & kImpliedBit) != 0; }
    std::uint32_t size() const { return count & ~kImpliedBit; }
  };
  std::vector<RelationshipRecord> relationships;
  std::vector<EdgeId> relationship_statements;
  // A relationship's properties: the first statement's cells, then the keys the others add
  // (copies of the top cells; children stay where their notes keep them).
  std::vector<std::vector<detail::ValueCell>> relationship_properties;
  ArcIndex relationship_arcs;  // one arc per relationship: what traversals walk
  DiagnosticStore diagnostics;
  double seconds = 0.0;

  std::unique_ptr<resolve::NameIndex> index;
  std::vector<NodeId> file_node;       // NameIndex file -> node
  AnchorStore anchors;                 // per NameIndex file
  mutable std::once_flag type_index_once;
  mutable std::unique_ptr<TypeIndex> type_index_;
  mutable std::once_flag relation_index_once;
  mutable std::unique_ptr<RelationIndex> relation_index_;
  mutable std::once_flag in_arc_index_once;
  mutable std::unique_ptr<InArcIndex> in_arc_index_;
  mutable std::once_flag property_keys_once;
  mutable std::vector<std::string_view> property_keys_;
  mutable std::once_flag titles_once;
  mutable bool titles_unique_ = false;

  /// The type of a node, read from the compact table once it exists.
  const TypeIndex& type_index() const;
  const RelationIndex& relation_index() const;
  const InArcIndex& in_arc_index() const;
  /// Every property key of a node or relationship, sorted, once (a query's hints).
  const std::vector<std::string_view>& property_keys() const;
  /// Whether no two nodes share a title (then grouping by a title groups by the node).
  bool titles_unique() const;
  std::uint32_t type_of(const TypeIndex& by_type, std::uint32_t node) const {
    const std::uint16_t t = by_type.type_of[node];
    return t == TypeIndex::kWide ? nodes[node].type : t;
  }

  std::string_view id_of(std::uint32_t node) const;
  Node node_view(std::uint32_t node) const;
  Edge edge_view(std::uint32_t edge) const;
  std::string_view relation_name(const EdgeRecord& e) const { return relations.name(e.relation); }
  /// The node an edge is written in.
  std::uint32_t file_of(const EdgeRecord& e) const {
    return e.implied() ? edge_extras[e.extra].file : e.source;
  }
  PropertyList edge_properties(const EdgeRecord& e) const {
    if (e.extra == kNone) return {};
    return edge_extras[e.extra].properties;
  }
  /// The text of an index file (empty for a file without one).
  std::string_view text_of_file(std::uint32_t file) const {
    return file < texts.size() ? std::string_view(texts[file]) : std::string_view();
  }
};

// The sizes the memory figures rest on (README, "At scale").
static_assert(sizeof(EdgeRecord) == 52, "an edge record is 52 bytes");
static_assert(sizeof(Graph::Impl::RelationshipRecord) == 24, "a relationship record is 24 bytes");
static_assert(sizeof(TextRef) == 8 && sizeof(HeadingRecord) == 28, "text references stay small");

/// The graph's private state, for libkg's layers above the graph (traversals).
struct GraphAccess {
  static const Graph::Impl& impl(const Graph& g) { return *g.impl_; }
};

/// Folds the edges into relationships (see kg::Relationship) and indexes them by node.
void fold_relationships(Graph::Impl& impl);

/// The heading keys of the note last checked (those not kept are computed from their
/// text), so that a run of subpath checks against one note computes them once.
struct HeadingKeys {
  std::uint32_t file = kNone;
  std::vector<std::string> keys;  // by heading
  // Hashed, so a note of n headings (or block ids, footnotes) and n links to them checks
  // in linear time: heading key -> headings, folded block ids, folded footnote ids.
  std::unordered_multimap<std::string_view, int> headings;
  std::unordered_set<std::string> blocks;
  std::unordered_set<std::string> footnotes;
  std::vector<char> marked;  // by heading: a candidate of the chain's previous step
  std::unordered_map<std::string, SubpathStatus> chains;  // A#B#C already walked
};

/// Subpath status of `subpath` (without '#') in index file `file`, whose anchors and text
/// are given; `cache` holds its heading keys for the next check.
SubpathStatus check_subpath(const NoteAnchors& anchors, std::string_view text,
                            std::string_view subpath, std::uint32_t file, HeadingKeys& cache);

}  // namespace kg
