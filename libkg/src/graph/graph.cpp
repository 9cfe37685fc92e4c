#include "graph/graph_impl.hpp"
#include "parse/link_syntax.hpp"
#include "resolve/resolver.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_set>

namespace kg {

Graph::Graph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

const TypeIndex& Graph::Impl::type_index() const {
  std::call_once(type_index_once, [this] {
    auto built = std::make_unique<TypeIndex>();
    built->type_of.resize(nodes.size());
    built->first.assign(types.size() + 1, 0);
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      const std::uint32_t t = nodes[n].type;
      built->type_of[n] = t < TypeIndex::kWide ? static_cast<std::uint16_t>(t) : TypeIndex::kWide;
      ++built->first[t + 1];
    }
    for (std::size_t t = 0; t < types.size(); ++t) built->first[t + 1] += built->first[t];
    built->nodes.resize(nodes.size());
    std::vector<std::uint32_t> fill(built->first.begin(), built->first.end() - 1);
    for (std::uint32_t n = 0; n < nodes.size(); ++n) built->nodes[fill[nodes[n].type]++] = n;
    type_index_ = std::move(built);
  });
  return *type_index_;
}

const RelationIndex& Graph::Impl::relation_index() const {
  std::call_once(relation_index_once, [this] {
    auto built = std::make_unique<RelationIndex>();
    built->first.assign(relations.size() + 1, 0);
    for (const RelationshipRecord& r : relationships) ++built->first[r.relation + 1];
    for (std::size_t k = 0; k < relations.size(); ++k) built->first[k + 1] += built->first[k];
    built->ids.resize(relationships.size());
    std::vector<std::uint32_t> fill(built->first.begin(), built->first.end() - 1);
    for (std::uint32_t r = 0; r < relationships.size(); ++r) built->ids[fill[relationships[r].relation]++] = r;
    constexpr std::uint32_t kNotYet = RelationIndex::kMixed - 1;
    built->source_type.assign(relations.size(), kNotYet);
    built->target_type.assign(relations.size(), kNotYet);
    const auto note = [](std::uint32_t& seen, std::uint32_t type) {
      if (seen == kNotYet) {
        seen = type;
      } else if (seen != type) {
        seen = RelationIndex::kMixed;
      }
    };
    for (const RelationshipRecord& r : relationships) {
      note(built->source_type[r.relation], nodes[r.source].type);
      note(built->target_type[r.relation], nodes[r.target].type);
    }
    relation_index_ = std::move(built);
  });
  return *relation_index_;
}

const std::vector<std::string_view>& Graph::Impl::property_keys() const {
  std::call_once(property_keys_once, [this] {
    std::unordered_set<std::string_view> keys;
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
      if (nodes[n].kind == NodeKind::Ghost) continue;
      for (const auto [key, value] : PropertyList(values[nodes[n].ref].cells.data(), values[nodes[n].ref].node_count)) {
        keys.insert(key);
      }
    }
    for (const auto& cells : relationship_properties) {
      for (const auto [key, value] : PropertyList(cells.data(), cells.size())) keys.insert(key);
    }
    property_keys_.assign(keys.begin(), keys.end());
    std::sort(property_keys_.begin(), property_keys_.end());
  });
  return property_keys_;
}

bool Graph::Impl::titles_unique() const {
  std::call_once(titles_once, [this] {
    std::unordered_set<std::string_view> seen;
    seen.reserve(nodes.size());
    titles_unique_ = true;
    for (std::uint32_t n = 0; n < nodes.size() && titles_unique_; ++n) {
      titles_unique_ = seen.insert(node_view(n).title).second;
    }
  });
  return titles_unique_;
}

const InArcIndex& Graph::Impl::in_arc_index() const {
  std::call_once(in_arc_index_once, [this] {
    auto built = std::make_unique<InArcIndex>();
    const std::size_t n = relationship_arcs.in_size();
    built->relation.resize(n);
    built->source.resize(n);
    for (std::uint32_t k = 0; k < n; ++k) {
      const RelationshipRecord& r = relationships[relationship_arcs.in_id(k)];
      built->relation[k] = r.relation;
      built->source[k] = r.source;
    }
    in_arc_index_ = std::move(built);
  });
  return *in_arc_index_;
}
Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;
Graph::~Graph() = default;

std::uint32_t Interner::id(std::string_view name) {
  if (const auto it = ids_.find(name); it != ids_.end()) return it->second;
  const std::string_view stored = storage_.emplace_back(name);
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

void DiagnosticStore::push_back(const Diagnostic& d) {
  const auto append = [&](std::string_view s) {
    const std::uint64_t at = text_.size();
    if (util::first_invalid_utf8(s) == std::string_view::npos) {
      text_.append(s);
    } else {
      std::string repaired(s);
      util::repair_utf8(repaired);
      text_.append(repaired);
    }
    return std::pair{at, static_cast<std::uint32_t>(std::min<std::uint64_t>(text_.size() - at, 0xFFFFFFFFu))};
  };
  Record r;
  // A file is written once for a run of diagnostics in it.
  if (files_.empty() || file(records_.back()) != d.file) {
    const auto [at, length] = append(d.file);
    if (!files_.empty() && file(records_.back()) == text(at, length)) {
      text_.resize(at);  // the same file once repaired
    } else {
      files_.push_back({at, length});
    }
  }
  r.file = static_cast<std::uint32_t>(files_.size() - 1);
  std::tie(r.message_at, r.message_length) = append(d.message);
  r.line = d.line;
  r.col = d.col;
  r.severity = d.severity;
  std::size_t code = 0;
  while (code < codes_.size() && codes_[code] != d.code) ++code;
  if (code == codes_.size()) codes_.push_back(d.code);
  r.code = static_cast<std::uint16_t>(std::min<std::size_t>(code, 0xFFFF));
  records_.push_back(r);
}

void DiagnosticStore::append(std::vector<Diagnostic>& list) {
  for (const Diagnostic& d : list) push_back(d);
  std::vector<Diagnostic>().swap(list);
}

void DiagnosticStore::append(DiagnosticStore&& other) {
  if (records_.empty()) {
    *this = std::move(other);
    return;
  }
  const std::uint64_t text_base = text_.size();
  const auto file_base = static_cast<std::uint32_t>(files_.size());
  text_ += other.text_;
  for (FileText f : other.files_) {
    f.at += text_base;
    files_.push_back(f);
  }
  std::vector<std::uint16_t> code_of(other.codes_.size());
  for (std::size_t c = 0; c < other.codes_.size(); ++c) {
    std::size_t mine = 0;
    while (mine < codes_.size() && codes_[mine] != other.codes_[c]) ++mine;
    if (mine == codes_.size()) codes_.push_back(other.codes_[c]);
    code_of[c] = static_cast<std::uint16_t>(std::min<std::size_t>(mine, 0xFFFF));
  }
  records_.reserve(records_.size() + other.records_.size());
  for (Record r : other.records_) {
    r.message_at += text_base;
    r.file += file_base;
    r.code = code_of[r.code];
    records_.push_back(r);
  }
  other = DiagnosticStore{};
}

Diagnostic DiagnosticStore::operator[](std::size_t i) const {
  const Record& r = records_[i];
  return Diagnostic{r.severity, codes_[r.code], std::string(file(r)), r.line, r.col,
                    std::string(text(r.message_at, r.message_length))};
}

void DiagnosticStore::sort() {
  std::sort(records_.begin(), records_.end(), [&](const Record& a, const Record& b) {
    if (a.file != b.file) {
      const std::string_view fa = file(a);
      const std::string_view fb = file(b);
      if (fa != fb) return fa < fb;
    }
    if (a.line != b.line) return a.line < b.line;
    if (a.col != b.col) return a.col < b.col;
    if (a.code != b.code && codes_[a.code] != codes_[b.code]) return codes_[a.code] < codes_[b.code];
    const std::string_view ma = text(a.message_at, a.message_length);
    const std::string_view mb = text(b.message_at, b.message_length);
    if (ma != mb) return ma < mb;
    return a.severity < b.severity;
  });
}

std::string_view Graph::Impl::id_of(std::uint32_t node) const {
  const NodeRecord& r = nodes[node];
  return r.kind != NodeKind::Ghost ? std::string_view(index->file(r.ref).path)
                                   : std::string_view(ghosts[r.ref].id);
}

Node Graph::Impl::node_view(std::uint32_t i) const {
  const NodeRecord& r = nodes[i];
  Node n;
  n.kind = r.kind;
  n.type = types.name(r.type);
  n.id = id_of(i);
  if (r.kind == NodeKind::Ghost) {
    n.title = ghosts[r.ref].title;
    return n;
  }
  // The file name starts at title_at, unless the path is longer than it can say.
  n.title = r.title_at < 0xFFFF ? n.id.substr(r.title_at) : util::file_name(n.id);
  if (r.kind == NodeKind::Note && n.title.size() > 3) n.title.remove_suffix(3);
  const std::span<const std::string_view> strings(node_strings[r.ref]);
  n.aliases = strings.subspan(0, r.aliases);
  n.tags = strings.subspan(r.aliases, r.tags);
  n.external_links = strings.subspan(r.aliases + r.tags);
  n.properties = PropertyList(values[r.ref].cells.data(), values[r.ref].node_count);
  return n;
}

Edge Graph::Impl::edge_view(std::uint32_t i) const {
  const EdgeRecord& r = edges[i];
  Edge e;
  e.source = static_cast<NodeId>(r.source);
  e.target = static_cast<NodeId>(r.target);
  e.relation = relations.name(r.relation);
  e.origin = r.origin;
  e.implied = r.implied();
  e.embed = r.embed();
  e.inference = r.inference();
  e.file = static_cast<NodeId>(file_of(r));
  e.line = r.line;
  e.col = r.col;
  const std::uint32_t file = nodes[file_of(r)].file();
  const std::string_view text = text_of_file(file);
  e.raw = r.raw.in(text);
  e.display = e.raw.substr(r.display_at, r.display_length);
  if (r.subpath_length > 0) e.subpath = e.raw.substr(r.subpath_at, r.subpath_length);
  e.subpath_status = r.subpath_status;
  e.via = r.via;
  e.ambiguous = r.ambiguous();
  if (r.section > 0) e.section = anchors.of(file).headings[r.section - 1].text.in(text);
  if (r.extra != kNone) {
    const EdgeExtra& x = edge_extras[r.extra];
    e.implied_from = x.implied_from;
    e.candidates = x.candidates;
    e.properties = x.properties;
    if (x.width > 0) e.width = x.width;
    if (x.height > 0) e.height = x.height;
    if (x.display) e.display = *x.display;
    if (x.subpath) e.subpath = *x.subpath;
  }
  return e;
}

std::size_t Graph::node_count() const noexcept { return impl_->nodes.size(); }
std::size_t Graph::edge_count() const noexcept { return impl_->edges.size(); }

Node Graph::node(NodeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->nodes.size()) throw Error(ErrorCode::InvalidArgument, "no such node id");
  return impl_->node_view(static_cast<std::uint32_t>(i));
}

Edge Graph::edge(EdgeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->edges.size()) throw Error(ErrorCode::InvalidArgument, "no such edge id");
  return impl_->edge_view(static_cast<std::uint32_t>(i));
}

std::vector<EdgeId> Graph::out_edges(NodeId id) const {
  (void)node(id);
  return impl_->edge_arcs.out<EdgeId>(static_cast<std::uint32_t>(id));
}

std::vector<EdgeId> Graph::in_edges(NodeId id) const {
  (void)node(id);
  return impl_->edge_arcs.in<EdgeId>(static_cast<std::uint32_t>(id));
}

std::optional<NodeId> Graph::find(std::string_view id) const {
  // Nodes are numbered in id order, so an id is found by binary search, with no map that
  // would hold every id a second time.
  std::uint32_t lo = 0;
  auto hi = static_cast<std::uint32_t>(impl_->nodes.size());
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (impl_->id_of(mid) < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == impl_->nodes.size() || impl_->id_of(lo) != id) return std::nullopt;
  return static_cast<NodeId>(lo);
}

Resolution Graph::resolve(std::string_view link_text, std::string_view from) const {
  Resolution r;
  r.link = std::string(link_text);
  std::string source;
  if (!from.empty()) {
    const NodeId from_node = lookup(from);
    source = std::string(node(from_node).id);
    if (node(from_node).kind == NodeKind::Ghost) {
      throw Error(ErrorCode::NoteNotFound, "cannot resolve from a missing note: " + source);
    }
  }
  r.from = source;
  const auto link = parse::parse_link_text(link_text);
  if (!link) {
    r.reason = "empty";
    return r;
  }
  if (link->has_subpath) r.subpath = "#" + link->subpath;
  const std::string& target = link->target;
  if (parse::is_external(*link)) {
    r.reason = "external";
    return r;
  }
  resolve::ResolveOptions options;
  options.aliases = impl_->options.resolve_aliases.value_or(true);
  const resolve::Outcome outcome = resolve::resolve_target(
      *impl_->index, target, source, link->kind == parse::LinkKind::Markdown, options);
  r.via = outcome.via;
  r.above_root = outcome.above_root;
  if (!outcome.file) {
    r.reason = "not-found";
    if (link->has_subpath) r.subpath_status = SubpathStatus::Unchecked;
    return r;
  }
  r.resolved = true;
  r.target = impl_->index->file(*outcome.file).path;
  r.ambiguous = outcome.ambiguous;
  for (const auto c : outcome.candidates) r.candidates.emplace_back(impl_->index->file(c).path);
  if (link->has_subpath) {
    HeadingKeys keys;
    r.subpath_status = impl_->index->file(*outcome.file).is_note
                           ? check_subpath(impl_->anchors.of(*outcome.file),
                                           impl_->texts[*outcome.file], link->subpath,
                                           *outcome.file, keys)
                           : SubpathStatus::Unchecked;
  }
  return r;
}

namespace {

struct Closeness {
  std::size_t rank = 0;      // 0 the whole name, 1 its beginning, 2 a part of it
  std::size_t distance = 0;  // edits (0 for a part)
};

// How close a folded name is to the folded query, or nullopt when it is not close: the whole
// name within a few edits beats a name whose beginning is within them, which beats a name
// that contains the query.
std::optional<Closeness> closeness(const std::u32string& query, const std::u32string& name,
                                   std::size_t limit) {
  if (query.size() >= 2) {
    const util::Distances d = util::edit_distances(query, name, limit);
    if (d.whole <= limit) return Closeness{0, d.whole};
    if (d.prefix <= limit) return Closeness{1, d.prefix};
  }
  if (query.size() >= 3 && name.find(query) != std::u32string::npos) return Closeness{2, 0};
  return std::nullopt;
}

constexpr std::size_t kMaxSuggestions = 5;

std::string single_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.append(1, '\'').append(s).append(1, '\'');
  return out;
}

}  // namespace

NoteMatch Graph::match_note(std::string_view note) const {
  NoteMatch match;
  const std::string_view text = util::trim_space(note);
  if (text.empty()) return match;
  if (auto id = find(text)) {
    match.node = id;
    return match;
  }
  const bool written_as_link = text.front() == '[' || text.front() == '!';
  // A path as the shell completes it, with or without .md.
  if (!written_as_link) {
    if (auto id = find(std::string(text) + ".md")) {
      match.node = id;
      return match;
    }
  }
  const std::string as_link =
      written_as_link ? std::string(text) : "[[" + std::string(text) + "]]";
  const Resolution r = resolve(as_link);
  if (r.target && r.ambiguous) {
    match.candidates = r.candidates;  // the resolver's, in path (codepoint) order
    return match;
  }
  if (r.target) {
    if (auto id = find(*r.target)) {
      match.node = id;
      return match;
    }
  }
  const auto link = parse::parse_link_text(as_link);
  // A missing note that links point at is a ghost node, reachable by its name.
  if (link) {
    if (auto id = find("ghost:" + resolve::ghost_key(link->target))) {
      match.node = id;
      return match;
    }
  }
  if (!link) return match;

  // Nothing matched: the closest names, as `git` suggests commands. An argument with a '/'
  // is compared with paths, anything else with titles and aliases; `.md` never counts.
  std::string_view key = link->target;
  while (key.starts_with("./")) key.remove_prefix(2);
  while (key.starts_with('/')) key.remove_prefix(1);
  if (util::ends_with_icase(key, ".md")) key.remove_suffix(3);
  const std::u32string query = util::code_points(util::fold(key));
  if (query.empty()) return match;
  const bool by_path = key.find('/') != std::string_view::npos;
  // Edits allowed grow with the query: none below 3 code points, then one per three, at most 4.
  const std::size_t limit =
      query.size() < 3 ? 0 : std::clamp<std::size_t>(query.size() / 3, 1, 4);
  const bool aliases = impl_->options.resolve_aliases.value_or(true);
  struct Scored {
    Closeness closeness;
    std::size_t length;
    std::string_view name;
    std::string_view id;
  };
  std::vector<Scored> scored;
  const auto consider = [&](std::string_view name, const Node& n) {
    const std::u32string folded = util::code_points(util::fold(name));
    if (const auto c = closeness(query, folded, limit)) {
      scored.push_back({*c, folded.size(), name, n.id});
    }
  };
  for (std::uint32_t i = 0; i < impl_->nodes.size(); ++i) {
    if (impl_->nodes[i].kind == NodeKind::Ghost) continue;
    const Node n = impl_->node_view(i);
    if (by_path) {
      std::string_view path = n.id;
      if (n.kind == NodeKind::Note && util::ends_with_icase(path, ".md")) path.remove_suffix(3);
      consider(path, n);
      continue;
    }
    consider(n.title, n);
    if (aliases) {
      for (const auto& alias : n.aliases) consider(alias, n);
    }
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return std::tie(a.closeness.rank, a.closeness.distance, a.length, a.name, a.id) <
           std::tie(b.closeness.rank, b.closeness.distance, b.length, b.name, b.id);
  });
  std::set<std::string_view> seen;  // one suggestion per node, its closest name
  for (const Scored& s : scored) {
    if (match.suggestions.size() == kMaxSuggestions) break;
    if (seen.insert(s.id).second) {
      match.suggestions.push_back({std::string(s.name), std::string(s.id)});
    }
  }
  return match;
}

NodeId Graph::lookup(std::string_view note) const {
  const NoteMatch match = match_note(note);
  if (match.node) return *match.node;
  const std::string_view text = util::trim_space(note);
  if (!match.candidates.empty()) {
    std::string list;
    for (const auto& c : match.candidates) list += (list.empty() ? "" : ", ") + single_quoted(c);
    throw Error(ErrorCode::NoteAmbiguous, single_quoted(text) + " matches " +
                                              std::to_string(match.candidates.size()) +
                                              " notes: " + list);
  }
  std::string message = "no note matches " + single_quoted(text);
  if (!match.suggestions.empty()) {
    std::string list;
    for (const auto& s : match.suggestions) {
      list += (list.empty() ? "" : ", ") + single_quoted(s.name) + " (" + s.id + ")";
    }
    message += "; did you mean " + list + "?";
  }
  throw Error(ErrorCode::NoteNotFound, message);
}

std::vector<Diagnostic> Graph::diagnostics() const {
  std::vector<Diagnostic> out;
  out.reserve(impl_->diagnostics.size());
  for (std::size_t i = 0; i < impl_->diagnostics.size(); ++i) out.push_back(impl_->diagnostics[i]);
  return out;
}

std::size_t Graph::diagnostic_count() const noexcept { return impl_->diagnostics.size(); }

Diagnostic Graph::diagnostic(std::size_t i) const {
  if (i >= impl_->diagnostics.size()) throw Error(ErrorCode::InvalidArgument, "no such diagnostic");
  return impl_->diagnostics[i];
}
const LoadOptions& Graph::options() const noexcept { return impl_->options; }
const Schema& Graph::schema() const noexcept { return impl_->schema; }
const std::vector<ViewSpec>& Graph::views() const noexcept { return impl_->views; }

Stats Graph::stats() const {
  Stats s;
  // Counted by interned id and by spelling first: a vault repeats a few types, relations
  // and tags many times.
  std::vector<std::size_t> types(impl_->types.size(), 0);
  std::unordered_set<std::string_view> spellings;
  for (std::uint32_t i = 0; i < impl_->nodes.size(); ++i) {
    const NodeRecord& r = impl_->nodes[i];
    switch (r.kind) {
      case NodeKind::Note: ++s.notes; break;
      case NodeKind::Attachment: ++s.attachments; break;
      case NodeKind::Ghost: ++s.ghosts; break;
    }
    ++types[r.type];
    if (r.kind != NodeKind::Note) continue;
    const Node n = impl_->node_view(i);
    spellings.insert(n.tags.begin(), n.tags.end());
    s.external_links += n.external_links.size();
  }
  for (std::uint32_t t = 0; t < types.size(); ++t) {
    if (types[t] > 0) s.types[std::string(impl_->types.name(t))] += types[t];
  }
  std::set<std::string> tags;
  for (const std::string_view t : spellings) tags.insert(util::fold(t));
  s.tags = tags.size();
  s.edges = impl_->edges.size();
  s.relationships = impl_->relationships.size();
  for (const auto& r : impl_->relationships) s.implied_relationships += r.implied() ? 1 : 0;
  std::vector<std::size_t> relations(impl_->relations.size(), 0);
  impl_->edges.for_each([&](const EdgeRecord& e) {
    ++relations[e.relation];
    if (e.implied()) {
      ++s.implied_edges;
      return;  // the link counts below are about links as written
    }
    if (e.embed()) ++s.embeds;
    if (impl_->nodes[static_cast<std::size_t>(e.target)].kind == NodeKind::Ghost) {
      ++s.links_unresolved;
    } else {
      ++s.links_resolved;
    }
    if (e.ambiguous()) ++s.links_ambiguous;
    if (e.via == Via::Alias) ++s.links_via_alias;
  });
  for (std::uint32_t r = 0; r < relations.size(); ++r) {
    if (relations[r] > 0) s.relations[std::string(impl_->relations.name(r))] += relations[r];
  }
  for (std::size_t i = 0; i < impl_->diagnostics.size(); ++i) {
    switch (impl_->diagnostics.severity(i)) {
      case Severity::Error: ++s.errors; break;
      case Severity::Warning: ++s.warnings; break;
      case Severity::Info: ++s.infos; break;
    }
  }
  s.seconds = impl_->seconds;
  return s;
}

}  // namespace kg
