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
              bool aliases_resolve, DiagnosticStore& diags) {
  const Schema& schema = impl.schema;
  if (!schema.relations().empty()) {
    for (std::uint32_t i = 0; i < impl.edges.size(); ++i) {
      const EdgeRecord& record = impl.edges[i];
      if (record.implied()) continue;
      const std::string_view relation = impl.relation_name(record);
      const RelationSpec* spec = schema.relation(relation);
      if (spec == nullptr || spec->name != relation) continue;
      const Node source = impl.node_view(record.source);
      const Node target = impl.node_view(record.target);
      const auto raw = [&] { return std::string(impl.edge_view(i).raw); };  // for a warning only
      if (!schema.allows(spec->domain, source.type)) {
        diags.push_back(Diagnostic{Severity::Warning, "domain-violation", std::string(source.id),
                                   record.line, record.col,
                                   raw() + ": '" + spec->name + "' goes from " +
                                       type_list(spec->domain) + ", but " +
                                       std::string(source.title) + " is a " +
                                       std::string(source.type)});
      }
      if (target.kind != NodeKind::Ghost && !schema.allows(spec->range, target.type)) {
        diags.push_back(Diagnostic{Severity::Warning, "range-violation", std::string(source.id),
                                   record.line, record.col,
                                   raw() + ": '" + spec->name + "' goes to " +
                                       type_list(spec->range) + ", but " +
                                       std::string(target.title) + " is a " +
                                       std::string(target.type)});
      }
    }
  }
  if (!aliases_resolve) return;
  // An alias that is another note's title never resolves (names win); an alias two notes
  // share makes every link through it ambiguous.
  // The first note (in id order) whose title folds to `key`: the name index has every
  // note's folded file name, the title and ".md".
  const auto note_titled = [&](const std::string& key) -> std::optional<NodeId> {
    for (const auto f : impl.index->by_name(key + ".md")) {
      if (impl.index->file(f).is_note) return impl.file_node[f];
    }
    return std::nullopt;
  };
  std::map<std::string, NodeId> first_alias;
  for (const AliasSite& site : alias_sites) {
    const Node note = impl.node_view(static_cast<std::uint32_t>(site.node));
    const std::string own = util::fold(note.title);
    std::set<std::string> seen;
    for (const std::string_view alias : note.aliases) {
      const std::string key = util::fold(alias);
      if (key == own || !seen.insert(key).second) continue;
      if (const auto t = note_titled(key); t && *t != site.node) {
        const Node other = impl.node_view(static_cast<std::uint32_t>(*t));
        diags.push_back(Diagnostic{Severity::Warning, "alias-collision", std::string(note.id),
                                   site.line, 1,
                                   "alias '" + std::string(alias) + "' is the title of " +
                                       std::string(other.id) + ", so [[" + std::string(alias) +
                                       "]] reaches that note, not this one"});
        continue;
      }
      const auto [it, fresh] = first_alias.emplace(key, site.node);
      if (!fresh) {
        const Node other = impl.node_view(static_cast<std::uint32_t>(it->second));
        diags.push_back(Diagnostic{Severity::Warning, "alias-collision", std::string(note.id),
                                   site.line, 1,
                                   "alias '" + std::string(alias) + "' is also an alias of " +
                                       std::string(other.id) + ", so [[" + std::string(alias) +
                                       "]] is ambiguous"});
      }
    }
  }
}

namespace {

// Implied edges are built in a scratch list whose indices continue after the stated edges,
// then sorted; `from` entries are remapped once the final order is known.
struct Draft {
  std::uint32_t source = 0;
  std::uint32_t target = 0;
  std::uint32_t relation = 0;
  Inference inference = Inference::None;
  std::vector<std::size_t> from;  // indices into stated + drafts
};

constexpr std::size_t kMaxImplied = 2'000'000;

}  // namespace

void add_implied_edges(Graph::Impl& impl, DiagnosticStore& diags) {
  const Schema& schema = impl.schema;
  if (schema.relations().empty()) return;
  const std::size_t stated = impl.edges.size();
  const auto is_note = [&](std::uint32_t n) { return impl.nodes[n].kind == NodeKind::Note; };
  std::vector<Draft> drafts;
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;
  std::set<Key> present;
  std::vector<std::size_t> base;  // stated edges that take part
  for (std::size_t i = 0; i < stated; ++i) {
    const EdgeRecord& e = impl.edges[i];
    present.emplace(e.source, e.target, e.relation);
    if (e.embed() || !is_note(e.source) || !is_note(e.target) || e.source == e.target) continue;
    const RelationSpec* spec = schema.relation(impl.relation_name(e));
    if (spec != nullptr && spec->name == impl.relation_name(e)) base.push_back(i);
  }
  bool capped = false;
  const auto edge_at = [&](std::size_t i) -> Key {
    if (i < stated) return {impl.edges[i].source, impl.edges[i].target, impl.edges[i].relation};
    const Draft& d = drafts[i - stated];
    return {d.source, d.target, d.relation};
  };
  const auto add = [&](std::uint32_t s, std::uint32_t t, std::uint32_t rel, Inference how,
                       std::vector<std::size_t> from) {
    if (s == t || !present.emplace(s, t, rel).second) return;
    if (drafts.size() >= kMaxImplied) {
      capped = true;
      return;
    }
    drafts.push_back(Draft{s, t, rel, how, std::move(from)});
  };
  const auto spec_of = [&](std::uint32_t rel) { return schema.relation(impl.relations.name(rel)); };

  // 1. Symmetric mirrors and inverses of stated edges.
  for (const std::size_t i : base) {
    const auto [s, t, rel] = edge_at(i);
    const RelationSpec* spec = spec_of(rel);
    if (spec->symmetric) add(t, s, rel, Inference::Symmetric, {i});
    if (!spec->inverse.empty()) add(t, s, impl.relations.id(spec->inverse), Inference::Inverse, {i});
  }
  // 2. Transitive closure per relation, over stated and step-1 edges of that relation.
  for (const RelationSpec& spec : schema.relations()) {
    if (!spec.transitive) continue;
    const std::uint32_t rel = impl.relations.id(spec.name);
    std::map<std::uint32_t, std::vector<std::size_t>> out;  // node -> edges leaving it
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
      std::map<std::uint32_t, std::size_t> reached_by;
      std::map<std::uint32_t, std::uint32_t> parent;
      std::deque<std::uint32_t> queue{start};
      std::set<std::uint32_t> seen{start};
      while (!queue.empty()) {
        const std::uint32_t at = queue.front();
        queue.pop_front();
        const auto it = out.find(at);
        if (it == out.end()) continue;
        for (const std::size_t e : it->second) {
          const std::uint32_t next = std::get<1>(edge_at(e));
          if (!seen.insert(next).second) continue;
          reached_by[next] = e;
          parent[next] = at;
          queue.push_back(next);
          if (at == start) continue;  // a direct edge already exists
          std::vector<std::size_t> chain;
          for (std::uint32_t n = next; n != start; n = parent[n]) chain.push_back(reached_by[n]);
          std::reverse(chain.begin(), chain.end());
          add(start, next, rel, Inference::Transitive, std::move(chain));
        }
      }
    }
    // 3. Inverses of the new transitive edges.
    if (!spec.inverse.empty()) {
      const std::uint32_t inverse = impl.relations.id(spec.inverse);
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
  // Implied edges sort by relation name (not by interned id, which depends on first use).
  const auto name_of = [&](const Draft& d) { return impl.relations.name(d.relation); };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Draft& x = drafts[a];
    const Draft& y = drafts[b];
    if (x.source != y.source) return x.source < y.source;
    if (x.relation != y.relation && name_of(x) != name_of(y)) return name_of(x) < name_of(y);
    return x.target < y.target;
  });
  std::vector<std::size_t> final_index(drafts.size());
  for (std::size_t k = 0; k < order.size(); ++k) final_index[order[k]] = stated + k;
  const auto remap = [&](std::size_t i) { return i < stated ? i : final_index[i - stated]; };
  // The stated edge an implied edge ultimately comes from gives its provenance.
  const auto root_of = [&](std::size_t i) {
    while (i >= stated) i = drafts[i - stated].from.front();
    return i;
  };
  for (const std::size_t d : order) {
    const Draft& draft = drafts[d];
    const EdgeRecord origin = impl.edges[root_of(stated + d)];
    EdgeRecord e;
    e.source = draft.source;
    e.target = draft.target;
    e.relation = draft.relation;
    e.origin = origin.origin;
    e.flags = static_cast<std::uint8_t>(EdgeRecord::kImplied |
                                        static_cast<std::uint8_t>(draft.inference) << 4);
    e.line = origin.line;
    e.col = origin.col;
    e.raw = origin.raw;
    e.via = origin.via;
    e.section = origin.section;
    EdgeExtra extra;
    extra.file = impl.file_of(origin);
    for (const std::size_t f : draft.from) extra.implied_from.push_back(static_cast<EdgeId>(remap(f)));
    // What a note states about a relationship holds for its mirror and inverse too; a
    // transitive chain has no single statement to carry.
    if (draft.inference != Inference::Transitive && origin.extra != kNone) {
      extra.properties = impl.edge_extras[origin.extra].properties;
    }
    e.extra = static_cast<std::uint32_t>(impl.edge_extras.size());
    impl.edge_extras.push_back(std::move(extra));
    impl.edges.push_back(e);
  }
}

}  // namespace kg::semantics
