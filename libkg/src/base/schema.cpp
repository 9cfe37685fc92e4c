// Schema: lookups of relation phrases and types, and the consistency rules of kg.yaml.
#include <kg/schema.hpp>

#include "util/text.hpp"
#include "util/unicode.hpp"

#include <algorithm>
#include <set>

namespace kg {

namespace {

void problem(std::vector<SchemaProblem>* out, bool is_type, std::size_t index, std::string msg) {
  if (out != nullptr) out->push_back(SchemaProblem{is_type, index, std::move(msg)});
}

void normalise_all(std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (auto& n : names) {
    std::string k = util::normalise_relation(n);
    if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  names = std::move(out);
}

}  // namespace

Schema Schema::build(std::vector<TypeSpec> types, std::vector<RelationSpec> relations,
                     std::vector<SchemaProblem>* problems) {
  Schema s;

  // Types: names normalised like relations, so `Export control` and `export_control` agree.
  for (std::size_t i = 0; i < types.size(); ++i) {
    TypeSpec t = std::move(types[i]);
    t.name = util::normalise_relation(t.name);
    t.parent = util::normalise_relation(t.parent);
    if (t.name.empty()) {
      problem(problems, true, i, "a type needs a name");
      continue;
    }
    if (s.type_index_.count(t.name) != 0) {
      problem(problems, true, i, "type '" + t.name + "' is defined twice; the first is kept");
      continue;
    }
    s.type_index_.emplace(t.name, s.types_.size());
    s.types_.push_back(std::move(t));
  }
  for (std::size_t i = 0; i < s.types_.size(); ++i) {
    TypeSpec& t = s.types_[i];
    if (t.parent.empty()) continue;
    if (s.type_index_.count(t.parent) == 0) {
      problem(problems, true, i, "type '" + t.name + "' has unknown parent '" + t.parent + "'");
      t.parent.clear();
      continue;
    }
    // A parent chain that comes back to the type is cut at this type.
    std::set<std::string> seen{t.name};
    for (std::string up = t.parent; !up.empty();
         up = s.types_[s.type_index_.at(up)].parent) {
      if (!seen.insert(up).second) {
        problem(problems, true, i, "type '" + t.name + "' is its own ancestor; parent dropped");
        t.parent.clear();
        break;
      }
    }
  }

  // Relations: names and synonyms share one namespace.
  std::vector<std::size_t> origin;  // relations_ index -> input index (for problems)
  for (std::size_t i = 0; i < relations.size(); ++i) {
    RelationSpec r = std::move(relations[i]);
    r.name = util::normalise_relation(r.name);
    r.inverse = util::normalise_relation(r.inverse);
    normalise_all(r.synonyms);
    normalise_all(r.domain);
    normalise_all(r.range);
    if (r.name.empty()) {
      problem(problems, false, i, "a relation needs a name");
      continue;
    }
    if (s.relation_index_.count(r.name) != 0) {
      const RelationSpec& other = s.relations_[s.relation_index_.at(r.name)];
      problem(problems, false, i,
              "relation '" + r.name + "' is already " +
                  (other.name == r.name ? "defined" : "a synonym of '" + other.name + "'") +
                  "; this definition is ignored");
      continue;
    }
    for (auto* list : {&r.domain, &r.range}) {
      std::vector<std::string> kept;
      for (auto& t : *list) {
        if (s.type_index_.count(t) == 0 && t != "note") {
          problem(problems, false, i,
                  "relation '" + r.name + "' names unknown type '" + t + "' in its " +
                      (list == &r.domain ? "domain" : "range"));
          continue;
        }
        kept.push_back(t);
      }
      *list = std::move(kept);
    }
    if (r.symmetric && !r.inverse.empty() && r.inverse != r.name) {
      problem(problems, false, i,
              "relation '" + r.name + "' is symmetric, so it is its own inverse; 'inverse: " +
                  r.inverse + "' is ignored");
      r.inverse.clear();
    }
    if (r.symmetric) r.inverse.clear();
    const std::size_t at = s.relations_.size();
    s.relation_index_.emplace(r.name, at);
    std::vector<std::string> synonyms;
    for (auto& syn : r.synonyms) {
      if (syn == r.name) continue;
      const auto [it, fresh] = s.relation_index_.emplace(syn, at);
      if (!fresh) {
        problem(problems, false, i,
                "synonym '" + syn + "' of '" + r.name + "' already names '" +
                    s.relations_[it->second].name + "'; it keeps that meaning");
        continue;
      }
      synonyms.push_back(syn);
    }
    r.synonyms = std::move(synonyms);
    s.relations_.push_back(std::move(r));
    origin.push_back(i);
  }

  // Inverses: pair both ways; add the ones only named.
  const std::size_t declared = s.relations_.size();
  for (std::size_t i = 0; i < declared; ++i) {
    if (s.relations_[i].inverse.empty()) continue;
    const std::string name = s.relations_[i].name;
    const std::string inverse = s.relations_[i].inverse;
    const auto it = s.relation_index_.find(inverse);
    if (it == s.relation_index_.end()) {
      RelationSpec added;
      added.name = inverse;
      added.inverse = name;
      added.transitive = s.relations_[i].transitive;
      added.domain = s.relations_[i].range;
      added.range = s.relations_[i].domain;
      s.relation_index_.emplace(inverse, s.relations_.size());
      s.relations_.push_back(std::move(added));
      continue;
    }
    RelationSpec& other = s.relations_[it->second];
    if (other.name != inverse) {
      problem(problems, false, origin[i],
              "inverse '" + inverse + "' of '" + name + "' is a synonym of '" + other.name +
                  "'; name the relation itself");
      s.relations_[i].inverse.clear();
      continue;
    }
    if (other.symmetric) {
      problem(problems, false, origin[i],
              "inverse '" + inverse + "' of '" + name + "' is symmetric; inverse dropped");
      s.relations_[i].inverse.clear();
      continue;
    }
    if (other.inverse.empty()) {
      other.inverse = name;
      if (other.domain.empty()) other.domain = s.relations_[i].range;
      if (other.range.empty()) other.range = s.relations_[i].domain;
      other.transitive = other.transitive || s.relations_[i].transitive;
    } else if (other.inverse != name) {
      problem(problems, false, origin[i],
              "'" + name + "' names '" + inverse + "' as its inverse, but '" + inverse +
                  "' names '" + other.inverse + "'; inverse dropped");
      s.relations_[i].inverse.clear();
    }
  }
  return s;
}

const RelationSpec* Schema::relation(std::string_view phrase) const {
  auto it = relation_index_.find(phrase);
  if (it == relation_index_.end()) {
    const std::string key = util::normalise_relation(phrase);
    it = relation_index_.find(key);
    if (it == relation_index_.end()) return nullptr;
  }
  return &relations_[it->second];
}

const TypeSpec* Schema::type(std::string_view name) const {
  auto it = type_index_.find(name);
  if (it == type_index_.end()) {
    it = type_index_.find(util::normalise_relation(name));
    if (it == type_index_.end()) return nullptr;
  }
  return &types_[it->second];
}

bool Schema::is_a(std::string_view type, std::string_view ancestor) const {
  std::string current(type);
  for (std::size_t steps = 0; steps <= types_.size() && !current.empty(); ++steps) {
    if (current == ancestor) return true;
    const auto it = type_index_.find(current);
    if (it == type_index_.end()) return false;
    current = types_[it->second].parent;
  }
  return false;
}

bool Schema::allows(const std::vector<std::string>& allowed, std::string_view type) const {
  if (allowed.empty()) return true;
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return is_a(type, a); });
}

std::string Schema::type_for(std::string_view path, const std::vector<std::string>& tags) const {
  // Tag rules first. When tags match a type and its subtype, the subtype wins.
  std::vector<std::string> matched;
  for (const auto& t : types_) {
    for (const auto& rule : t.tags) {
      const std::string want = util::fold(rule);
      const bool hit = std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
        const std::string have = util::fold(tag);
        return have == want || (have.size() > want.size() &&
                                have.compare(0, want.size(), want) == 0 && have[want.size()] == '/');
      });
      if (hit) {
        matched.push_back(t.name);
        break;
      }
    }
  }
  for (const auto& m : matched) {
    const bool has_subtype = std::any_of(matched.begin(), matched.end(), [&](const std::string& o) {
      return o != m && is_a(o, m);
    });
    if (!has_subtype) return m;
  }
  std::size_t best_len = 0;
  std::string best;
  for (const auto& t : types_) {
    for (std::string folder : t.folders) {
      while (!folder.empty() && folder.back() == '/') folder.pop_back();
      while (!folder.empty() && folder.front() == '/') folder.erase(0, 1);
      if (folder.empty() || folder.size() <= best_len) continue;
      if (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
          path[folder.size()] == '/') {
        best_len = folder.size();
        best = t.name;
      }
    }
  }
  return best;
}

}  // namespace kg
