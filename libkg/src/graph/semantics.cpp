// Schema semantics over the stated graph: relation names, node types, warnings, and the
// implied edges of inverse, symmetric and transitive relations.
#include "graph/semantics.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

namespace kg::semantics {

RelationChoice relation_of(const Schema& schema, const parse::Link& link) {
  if (link.embed) return {"embeds", false};
  if (!link.relation.empty()) {
    if (const RelationSpec* spec = schema.relation(link.relation)) return {spec->name, false};
    return {link.relation, !schema.relations().empty()};
  }
  if (link.origin == Origin::Table && !link.column.empty()) {
    if (const RelationSpec* spec = schema.relation(link.column)) return {spec->name, false};
  }
  return {"links_to", false};
}

std::string note_type(const Schema& schema, const parse::ParsedNote& note, const std::string& path,
                      std::vector<Diagnostic>& diags) {
  const bool typed_schema = !schema.types().empty();
  if (!note.type.empty()) {
    if (const TypeSpec* spec = schema.type(note.type)) return spec->name;
    if (typed_schema && util::normalise_relation(note.type) != "note") {
      std::string known;
      for (const auto& t : schema.types()) known += (known.empty() ? "" : ", ") + t.name;
      diags.push_back(Diagnostic{Severity::Warning, "unknown-type", path, note.type_line, 1,
                                 "type '" + note.type + "' is not in kg.yaml (types: " + known +
                                     ")"});
    }
    return note.type;
  }
  std::string by_rule = schema.type_for(path, note.tags);
  if (!by_rule.empty()) return by_rule;
  if (typed_schema) {
    diags.push_back(Diagnostic{Severity::Warning, "missing-type", path, 1, 1,
                               "note has no type: no `type:` in its front matter and no tag or "
                               "folder rule of kg.yaml applies (write `type: note` to mean it)"});
  }
  return "note";
}

namespace {

std::string type_list(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : "|") + t;
  return out;
}

}  // namespace

void validate(const Graph::Impl& impl, const std::vector<AliasSite>& alias_sites,
              bool aliases_resolve, std::vector<Diagnostic>& diags) {
  const Schema& schema = impl.schema;
  const auto& nodes = impl.nodes;
  for (const Edge& e : impl.edges) {
    if (e.implied) continue;
    const RelationSpec* spec = schema.relation(e.relation);
    if (spec == nullptr || spec->name != e.relation) continue;
    const Node& source = nodes[static_cast<std::size_t>(e.source)];
    const Node& target = nodes[static_cast<std::size_t>(e.target)];
    if (!schema.allows(spec->domain, source.type)) {
      diags.push_back(Diagnostic{Severity::Warning, "domain-violation", source.id, e.line, e.col,
                                 e.raw + ": '" + spec->name + "' goes from " +
                                     type_list(spec->domain) + ", but " + source.title + " is a " +
                                     source.type});
    }
    if (target.kind != NodeKind::Ghost && !schema.allows(spec->range, target.type)) {
      diags.push_back(Diagnostic{Severity::Warning, "range-violation", source.id, e.line, e.col,
                                 e.raw + ": '" + spec->name + "' goes to " +
                                     type_list(spec->range) + ", but " + target.title + " is a " +
                                     target.type});
    }
  }
  if (!aliases_resolve) return;
  // An alias that is another note's title never resolves (names win); an alias two notes
  // share makes every link through it ambiguous.
  std::map<std::string, NodeId> by_title;
  for (const Node& n : nodes) {
    if (n.kind == NodeKind::Note) by_title.emplace(util::fold(n.title), static_cast<NodeId>(&n - nodes.data()));
  }
  std::map<std::string, NodeId> first_alias;
  for (const AliasSite& site : alias_sites) {
    const Node& note = nodes[static_cast<std::size_t>(site.node)];
    const std::string own = util::fold(note.title);
    std::set<std::string> seen;
    for (const auto& alias : note.aliases) {
      const std::string key = util::fold(alias);
      if (key == own || !seen.insert(key).second) continue;
      if (const auto t = by_title.find(key); t != by_title.end() && t->second != site.node) {
        const Node& other = nodes[static_cast<std::size_t>(t->second)];
        diags.push_back(Diagnostic{Severity::Warning, "alias-collision", note.id, site.line, 1,
                                   "alias '" + alias + "' is the title of " + other.id +
                                       ", so [[" + alias + "]] reaches that note, not this one"});
        continue;
      }
      const auto [it, fresh] = first_alias.emplace(key, site.node);
      if (!fresh) {
        const Node& other = nodes[static_cast<std::size_t>(it->second)];
        diags.push_back(Diagnostic{Severity::Warning, "alias-collision", note.id, site.line, 1,
                                   "alias '" + alias + "' is also an alias of " + other.id +
                                       ", so [[" + alias + "]] is ambiguous"});
      }
    }
  }
}

namespace {

// Implied edges are built in a scratch list whose indices continue after the stated edges,
// then sorted; `from` entries are remapped once the final order is known.
struct Draft {
  NodeId source{};
  NodeId target{};
  std::string_view relation;
  Inference inference = Inference::None;
  std::vector<std::size_t> from;  // indices into stated + drafts
};

constexpr std::size_t kMaxImplied = 2'000'000;

}  // namespace

void add_implied_edges(Graph::Impl& impl, std::vector<Diagnostic>& diags) {
  const Schema& schema = impl.schema;
  if (schema.relations().empty()) return;
  const std::size_t stated = impl.edges.size();
  const auto is_note = [&](NodeId n) {
    return impl.nodes[static_cast<std::size_t>(n)].kind == NodeKind::Note;
  };
  std::vector<Draft> drafts;
  using Key = std::tuple<NodeId, NodeId, std::string_view>;
  std::set<Key> present;
  std::vector<std::size_t> base;  // stated edges that take part
  for (std::size_t i = 0; i < stated; ++i) {
    const Edge& e = impl.edges[i];
    present.emplace(e.source, e.target, e.relation);
    if (e.embed || !is_note(e.source) || !is_note(e.target) || e.source == e.target) continue;
    const RelationSpec* spec = schema.relation(e.relation);
    if (spec != nullptr && spec->name == e.relation) base.push_back(i);
  }
  bool capped = false;
  const auto edge_at = [&](std::size_t i) -> Key {
    if (i < stated) return {impl.edges[i].source, impl.edges[i].target, impl.edges[i].relation};
    const Draft& d = drafts[i - stated];
    return {d.source, d.target, d.relation};
  };
  const auto add = [&](NodeId s, NodeId t, std::string_view rel, Inference how,
                       std::vector<std::size_t> from) {
    if (s == t || !present.emplace(s, t, rel).second) return;
    if (drafts.size() >= kMaxImplied) {
      capped = true;
      return;
    }
    drafts.push_back(Draft{s, t, rel, how, std::move(from)});
  };
  const auto spec_of = [&](std::string_view rel) { return schema.relation(rel); };

  // 1. Symmetric mirrors and inverses of stated edges.
  for (const std::size_t i : base) {
    const auto [s, t, rel] = edge_at(i);
    const RelationSpec* spec = spec_of(rel);
    if (spec->symmetric) add(t, s, rel, Inference::Symmetric, {i});
    if (!spec->inverse.empty()) add(t, s, impl.intern(spec->inverse), Inference::Inverse, {i});
  }
  // 2. Transitive closure per relation, over stated and step-1 edges of that relation.
  for (const RelationSpec& spec : schema.relations()) {
    if (!spec.transitive) continue;
    const std::string_view rel = impl.intern(spec.name);
    std::map<NodeId, std::vector<std::size_t>> out;  // node -> edges leaving it
    for (const std::size_t i : base) {
      if (std::get<2>(edge_at(i)) == rel) out[std::get<0>(edge_at(i))].push_back(i);
    }
    const std::size_t step1 = drafts.size();
    for (std::size_t d = 0; d < step1; ++d) {
      if (drafts[d].relation == rel) out[drafts[d].source].push_back(stated + d);
    }
    for (const auto& [start, first_edges] : out) {
      // Breadth-first, remembering the edge that reached each node, so each implied edge
      // points at one shortest chain of edges.
      std::map<NodeId, std::size_t> reached_by;
      std::map<NodeId, NodeId> parent;
      std::deque<NodeId> queue{start};
      std::set<NodeId> seen{start};
      while (!queue.empty()) {
        const NodeId at = queue.front();
        queue.pop_front();
        const auto it = out.find(at);
        if (it == out.end()) continue;
        for (const std::size_t e : it->second) {
          const NodeId next = std::get<1>(edge_at(e));
          if (!seen.insert(next).second) continue;
          reached_by[next] = e;
          parent[next] = at;
          queue.push_back(next);
          if (at == start) continue;  // a direct edge already exists
          std::vector<std::size_t> chain;
          for (NodeId n = next; n != start; n = parent[n]) chain.push_back(reached_by[n]);
          std::reverse(chain.begin(), chain.end());
          add(start, next, rel, Inference::Transitive, std::move(chain));
        }
      }
    }
    // 3. Inverses of the new transitive edges.
    if (!spec.inverse.empty()) {
      const std::string_view inverse = impl.intern(spec.inverse);
      for (std::size_t d = step1; d < drafts.size(); ++d) {
        if (drafts[d].relation != rel || drafts[d].inference != Inference::Transitive) continue;
        add(drafts[d].target, drafts[d].source, inverse, Inference::Inverse, {stated + d});
      }
    }
  }
  if (capped) {
    diags.push_back(Diagnostic{Severity::Warning, "implied-edges-capped", "kg.yaml", 0, 0,
                               "more than " + std::to_string(kMaxImplied) +
                                   " implied edges; the rest are left out"});
  }

  // Final order of implied edges, and the remapping of their `from` pointers.
  std::vector<std::size_t> order(drafts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(drafts[a].source, drafts[a].relation, drafts[a].target) <
           std::tie(drafts[b].source, drafts[b].relation, drafts[b].target);
  });
  std::vector<std::size_t> final_index(drafts.size());
  for (std::size_t k = 0; k < order.size(); ++k) final_index[order[k]] = stated + k;
  const auto remap = [&](std::size_t i) { return i < stated ? i : final_index[i - stated]; };
  // The stated edge an implied edge ultimately comes from gives its provenance.
  const auto root_of = [&](std::size_t i) {
    while (i >= stated) i = drafts[i - stated].from.front();
    return i;
  };
  impl.edges.reserve(stated + drafts.size());
  for (const std::size_t d : order) {
    const Draft& draft = drafts[d];
    const Edge& origin = impl.edges[root_of(stated + d)];
    Edge e;
    e.source = draft.source;
    e.target = draft.target;
    e.relation = draft.relation;
    e.origin = origin.origin;
    e.implied = true;
    e.inference = draft.inference;
    for (const std::size_t f : draft.from) e.implied_from.push_back(static_cast<EdgeId>(remap(f)));
    e.file = origin.file;
    e.line = origin.line;
    e.col = origin.col;
    e.raw = origin.raw;
    e.via = origin.via;
    e.section = origin.section;
    // What a note states about a relationship holds for its mirror and inverse too; a
    // transitive chain has no single statement to carry.
    if (draft.inference != Inference::Transitive) e.properties = origin.properties;
    impl.edges.push_back(std::move(e));
  }
}

}  // namespace kg::semantics
