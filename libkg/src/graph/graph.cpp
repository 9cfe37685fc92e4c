#include "graph/graph_impl.hpp"
#include "parse/link_syntax.hpp"
#include "resolve/resolver.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"

#include <kg/error.hpp>

namespace kg {

Graph::Graph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;
Graph::~Graph() = default;

std::size_t Graph::node_count() const noexcept { return impl_->nodes.size(); }
std::size_t Graph::edge_count() const noexcept { return impl_->edges.size(); }

const Node& Graph::node(NodeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->nodes.size()) throw Error(ErrorCode::InvalidArgument, "no such node id");
  return impl_->nodes[i];
}

const Edge& Graph::edge(EdgeId id) const {
  const auto i = static_cast<std::size_t>(id);
  if (i >= impl_->edges.size()) throw Error(ErrorCode::InvalidArgument, "no such edge id");
  return impl_->edges[i];
}

std::vector<EdgeId> Graph::out_edges(NodeId id) const {
  (void)node(id);
  std::vector<EdgeId> out;
  const auto index = boost::get(boost::edge_index, impl_->bgl);
  for (auto [it, end] = boost::out_edges(static_cast<std::size_t>(id), impl_->bgl); it != end;
       ++it) {
    out.push_back(static_cast<EdgeId>(boost::get(index, *it)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<EdgeId> Graph::in_edges(NodeId id) const {
  (void)node(id);
  std::vector<EdgeId> out;
  const auto index = boost::get(boost::edge_index, impl_->bgl);
  for (auto [it, end] = boost::in_edges(static_cast<std::size_t>(id), impl_->bgl); it != end;
       ++it) {
    out.push_back(static_cast<EdgeId>(boost::get(index, *it)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<NodeId> Graph::find(std::string_view id) const {
  const auto it = impl_->by_id.find(std::string(id));
  if (it == impl_->by_id.end()) return std::nullopt;
  return it->second;
}

Resolution Graph::resolve(std::string_view link_text, std::string_view from) const {
  Resolution r;
  r.link = std::string(link_text);
  std::string source;
  if (!from.empty()) {
    const NodeId from_node = lookup(from);
    source = node(from_node).id;
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
  for (const auto c : outcome.candidates) r.candidates.push_back(impl_->index->file(c).path);
  if (link->has_subpath) {
    r.subpath_status = impl_->index->file(*outcome.file).is_note
                           ? check_subpath(impl_->anchors[*outcome.file], link->subpath)
                           : SubpathStatus::Unchecked;
  }
  return r;
}

NodeId Graph::lookup(std::string_view note) const {
  const std::string_view text = util::trim_space(note);
  if (text.empty()) throw Error(ErrorCode::NoteNotFound, "no note named ''");
  if (auto id = find(text)) return *id;
  const bool written_as_link = text.front() == '[' || text.front() == '!';
  // A path as the shell completes it, with or without .md.
  if (!written_as_link) {
    if (auto id = find(std::string(text) + ".md")) return *id;
  }
  const std::string as_link =
      written_as_link ? std::string(text) : "[[" + std::string(text) + "]]";
  const Resolution r = resolve(as_link);
  if (r.target) {
    if (auto id = find(*r.target)) return *id;
  }
  // A missing note that links point at is a ghost node, reachable by its name.
  if (const auto link = parse::parse_link_text(as_link)) {
    if (auto id = find("ghost:" + resolve::ghost_key(link->target))) return *id;
  }
  throw Error(ErrorCode::NoteNotFound, "no note matches '" + std::string(text) + "'");
}

const std::vector<Diagnostic>& Graph::diagnostics() const noexcept { return impl_->diagnostics; }
const LoadOptions& Graph::options() const noexcept { return impl_->options; }
const Schema& Graph::schema() const noexcept { return impl_->schema; }

Stats Graph::stats() const {
  Stats s;
  std::set<std::string> tags;
  for (const auto& n : impl_->nodes) {
    switch (n.kind) {
      case NodeKind::Note: ++s.notes; break;
      case NodeKind::Attachment: ++s.attachments; break;
      case NodeKind::Ghost: ++s.ghosts; break;
    }
    ++s.types[n.type];
    for (const auto& t : n.tags) tags.insert(util::fold(t));
    s.external_links += n.external_links.size();
  }
  s.tags = tags.size();
  s.edges = impl_->edges.size();
  for (const auto& e : impl_->edges) {
    ++s.relations[std::string(e.relation)];
    if (e.implied) {
      ++s.implied_edges;
      continue;  // the link counts below are about links as written
    }
    if (e.embed) ++s.embeds;
    if (impl_->nodes[static_cast<std::size_t>(e.target)].kind == NodeKind::Ghost) {
      ++s.links_unresolved;
    } else {
      ++s.links_resolved;
    }
    if (e.ambiguous) ++s.links_ambiguous;
    if (e.via == Via::Alias) ++s.links_via_alias;
  }
  for (const auto& d : impl_->diagnostics) {
    switch (d.severity) {
      case Severity::Error: ++s.errors; break;
      case Severity::Warning: ++s.warnings; break;
      case Severity::Info: ++s.infos; break;
    }
  }
  s.seconds = impl_->seconds;
  return s;
}

}  // namespace kg
