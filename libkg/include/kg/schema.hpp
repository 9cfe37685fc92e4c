// kg: the vault's schema of node types and relations (the `types:` and `relations:` of
// `kg.yaml`, DESIGN section 5).
//
// A relation is read "source relation target": `supplier: "[[NVIDIA]]"` in Alibaba's note
// states Alibaba -supplier-> NVIDIA. Relation phrases are normalised (lower case; spaces,
// dashes and slashes to '_') and then looked up among relation names and synonyms.
#pragma once

#include <kg/export.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct TypeSpec {
  std::string name;
  std::string description;
  std::string parent;               ///< A broader type; a value of this type also counts as it.
  std::vector<std::string> tags;    ///< A note with one of these tags (or a nested tag) has it.
  std::vector<std::string> folders; ///< A note under one of these folders has it.
};

struct RelationSpec {
  std::string name;
  std::string description;
  std::vector<std::string> synonyms;  ///< Normalised phrases that mean this relation.
  std::string inverse;                ///< Relation of the reverse edge; empty when none.
  bool symmetric = false;             ///< A -r-> B implies B -r-> A.
  bool transitive = false;            ///< A -r-> B -r-> C implies A -r-> C.
  std::vector<std::string> domain;    ///< Allowed source types; empty allows any.
  std::vector<std::string> range;     ///< Allowed target types; empty allows any.
};

/// A problem in a schema definition, pointing at the type or relation it concerns.
struct SchemaProblem {
  bool is_type = false;
  std::size_t index = 0;  ///< Into the specs handed to Schema::build.
  std::string message;
};

class KG_API Schema {
 public:
  Schema() = default;

  /// Builds a schema. Inverse relations named but not defined are added (with domain and
  /// range swapped); declared inverses are paired both ways. Conflicts (a name defined twice,
  /// a synonym of two relations, inverses that disagree, unknown types in a domain, range or
  /// parent, a parent cycle) are reported in `problems` and the later definition loses.
  static Schema build(std::vector<TypeSpec> types, std::vector<RelationSpec> relations,
                      std::vector<SchemaProblem>* problems = nullptr);

  bool empty() const noexcept { return types_.empty() && relations_.empty(); }
  const std::vector<TypeSpec>& types() const noexcept { return types_; }
  const std::vector<RelationSpec>& relations() const noexcept { return relations_; }

  /// The relation a phrase names (its name or a synonym, after normalisation), or nullptr.
  const RelationSpec* relation(std::string_view phrase) const;
  /// The type with this name (after normalisation), or nullptr.
  const TypeSpec* type(std::string_view name) const;
  /// True when `type` is `ancestor` or lies below it through `parent`.
  bool is_a(std::string_view type, std::string_view ancestor) const;
  /// True when `type` satisfies a domain or range list (an empty list allows all).
  bool allows(const std::vector<std::string>& allowed, std::string_view type) const;
  /// The type the tag and folder rules give a note: a tag rule first (schema order), then
  /// the longest matching folder. Empty when no rule applies.
  std::string type_for(std::string_view path, const std::vector<std::string>& tags) const;

 private:
  std::vector<TypeSpec> types_;
  std::vector<RelationSpec> relations_;
  std::map<std::string, std::size_t, std::less<>> relation_index_;  // name or synonym -> index
  std::map<std::string, std::size_t, std::less<>> type_index_;
};

}  // namespace kg
