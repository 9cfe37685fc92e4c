// kg.yaml reader. The walk follows the documented shape only (top level -> section -> entry
// -> field -> list item), so its cost is bounded by the document's size whatever aliases the
// YAML holds.
#include "config/vault_config.hpp"

#include "util/text.hpp"
#include "util/utf8.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>

namespace kg::config {

namespace {

class Reader {
 public:
  Reader(const std::string& file, std::vector<Diagnostic>& diags) : file_(file), diags_(diags) {}

  VaultConfig read(const YAML::Node& root);

 private:
  std::uint32_t line(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return m.is_null() ? 1 : static_cast<std::uint32_t>(m.line) + 1;
  }
  std::uint32_t col(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return m.is_null() ? 1 : static_cast<std::uint32_t>(m.column) + 1;
  }
  void warn(const YAML::Node& at, std::string code, std::string message) {
    diags_.push_back(Diagnostic{Severity::Warning, std::move(code), file_, line(at), col(at),
                                util::valid_utf8(message)});
  }
  void unknown_key(const YAML::Node& key, std::string_view where,
                   std::initializer_list<std::string_view> known) {
    std::string list;
    for (const auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    warn(key, "config-unknown-key",
         "unknown key '" + key.Scalar() + "'" + std::string(where) + " (known: " + list +
             "); ignored");
  }

  std::optional<bool> boolean(const YAML::Node& key, const YAML::Node& value);
  std::optional<std::uint64_t> number(const YAML::Node& key, const YAML::Node& value);
  std::optional<std::string> scalar(const YAML::Node& key, const YAML::Node& value);
  /// A list of scalars; a scalar is split on '|' and ',' (`domain: company|chip`).
  std::vector<std::string> names(const YAML::Node& key, const YAML::Node& value);

  void read_limits(const YAML::Node& node, VaultConfig& out);
  void read_types(const YAML::Node& node, std::vector<TypeSpec>& out,
                  std::vector<YAML::Node>& at);
  void read_relations(const YAML::Node& node, std::vector<RelationSpec>& out,
                      std::vector<YAML::Node>& at);
  void read_views(const YAML::Node& node, std::vector<ViewSpec>& out);

  const std::string& file_;
  std::vector<Diagnostic>& diags_;
};

std::optional<bool> Reader::boolean(const YAML::Node& key, const YAML::Node& value) {
  if (value.IsScalar()) {
    const std::string v = util::normalise_relation(value.Scalar());
    if (v == "true" || v == "yes" || v == "on") return true;
    if (v == "false" || v == "no" || v == "off") return false;
  }
  warn(value.IsNull() ? key : value, "config-invalid",
       "'" + key.Scalar() + "' needs true or false; ignored");
  return std::nullopt;
}

std::optional<std::uint64_t> Reader::number(const YAML::Node& key, const YAML::Node& value) {
  if (value.IsScalar()) {
    const std::string& v = value.Scalar();
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && end == v.data() + v.size() && n > 0) return n;
  }
  warn(value.IsNull() ? key : value, "config-invalid",
       "'" + key.Scalar() + "' needs a positive whole number; ignored");
  return std::nullopt;
}

std::optional<std::string> Reader::scalar(const YAML::Node& key, const YAML::Node& value) {
  if (value.IsScalar()) return util::valid_utf8(value.Scalar());
  if (value.IsNull()) return std::string();
  warn(value, "config-invalid", "'" + key.Scalar() + "' needs a single value; ignored");
  return std::nullopt;
}

std::vector<std::string> Reader::names(const YAML::Node& key, const YAML::Node& value) {
  std::vector<std::string> out;
  const auto split = [&](const std::string& text) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '|' || text[i] == ',') {
        const std::string_view part = util::trim(std::string_view(text).substr(start, i - start));
        if (!part.empty()) out.push_back(util::valid_utf8(part));
        start = i + 1;
      }
    }
  };
  if (value.IsNull()) return out;
  if (value.IsScalar()) {
    split(value.Scalar());
    return out;
  }
  if (value.IsSequence()) {
    for (const auto& item : value) {
      if (item.IsScalar()) {
        out.push_back(util::valid_utf8(item.Scalar()));
      } else {
        warn(item, "config-invalid", "'" + key.Scalar() + "' holds a non-text item; ignored");
      }
    }
    return out;
  }
  warn(value, "config-invalid", "'" + key.Scalar() + "' needs a list of names; ignored");
  return out;
}

void Reader::read_limits(const YAML::Node& node, VaultConfig& out) {
  if (!node.IsMap()) {
    warn(node, "config-invalid", "'limits' needs a map; ignored");
    return;
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key == "max_note_bytes") {
      out.max_note_bytes = number(entry.first, entry.second);
    } else if (key == "max_frontmatter_bytes") {
      out.max_frontmatter_bytes = number(entry.first, entry.second);
    } else if (key == "max_depth") {
      if (const auto n = number(entry.first, entry.second)) {
        out.max_depth = static_cast<unsigned>(std::min<std::uint64_t>(*n, 4096));
      }
    } else {
      unknown_key(entry.first, " in 'limits'",
                  {"max_note_bytes", "max_frontmatter_bytes", "max_depth"});
    }
  }
}

void Reader::read_types(const YAML::Node& node, std::vector<TypeSpec>& out,
                        std::vector<YAML::Node>& at) {
  if (!node.IsMap()) {
    warn(node, "config-invalid", "'types' needs a map of type names; ignored");
    return;
  }
  for (const auto& entry : node) {
    TypeSpec t;
    t.name = util::valid_utf8(entry.first.Scalar());
    const YAML::Node& body = entry.second;
    if (body.IsMap()) {
      for (const auto& field : body) {
        const std::string key = field.first.Scalar();
        if (key == "description") {
          t.description = scalar(field.first, field.second).value_or("");
        } else if (key == "parent") {
          t.parent = scalar(field.first, field.second).value_or("");
        } else if (key == "tags") {
          t.tags = names(field.first, field.second);
        } else if (key == "folders") {
          t.folders = names(field.first, field.second);
        } else {
          unknown_key(field.first, " in type '" + t.name + "'",
                      {"description", "parent", "tags", "folders"});
        }
      }
    } else if (!body.IsNull()) {
      warn(body, "config-invalid", "type '" + t.name + "' needs a map of fields; taken as empty");
    }
    out.push_back(std::move(t));
    at.push_back(entry.first);
  }
}

void Reader::read_relations(const YAML::Node& node, std::vector<RelationSpec>& out,
                            std::vector<YAML::Node>& at) {
  if (!node.IsMap()) {
    warn(node, "config-invalid", "'relations' needs a map of relation names; ignored");
    return;
  }
  for (const auto& entry : node) {
    RelationSpec r;
    r.name = util::valid_utf8(entry.first.Scalar());
    const YAML::Node& body = entry.second;
    if (body.IsMap()) {
      for (const auto& field : body) {
        const std::string key = field.first.Scalar();
        if (key == "description") {
          r.description = scalar(field.first, field.second).value_or("");
        } else if (key == "synonyms") {
          r.synonyms = names(field.first, field.second);
        } else if (key == "inverse") {
          r.inverse = scalar(field.first, field.second).value_or("");
        } else if (key == "symmetric") {
          r.symmetric = boolean(field.first, field.second).value_or(false);
        } else if (key == "transitive") {
          r.transitive = boolean(field.first, field.second).value_or(false);
        } else if (key == "domain") {
          r.domain = names(field.first, field.second);
        } else if (key == "range") {
          r.range = names(field.first, field.second);
        } else {
          unknown_key(field.first, " in relation '" + r.name + "'",
                      {"description", "synonyms", "inverse", "symmetric", "transitive", "domain",
                       "range"});
        }
      }
    } else if (!body.IsNull()) {
      warn(body, "config-invalid",
           "relation '" + r.name + "' needs a map of fields; taken as empty");
    }
    out.push_back(std::move(r));
    at.push_back(entry.first);
  }
}

void Reader::read_views(const YAML::Node& node, std::vector<ViewSpec>& out) {
  if (!node.IsMap()) {
    warn(node, "config-invalid", "'views' needs a map of view names; ignored");
    return;
  }
  for (const auto& entry : node) {
    ViewSpec v;
    v.name = util::valid_utf8(entry.first.Scalar());
    v.line = line(entry.first);
    const YAML::Node& body = entry.second;
    if (!body.IsMap()) {
      if (!body.IsNull()) warn(body, "config-invalid", "view '" + v.name + "' needs a map of fields; taken as empty");
      out.push_back(std::move(v));
      continue;
    }
    for (const auto& field : body) {
      const std::string key = field.first.Scalar();
      const YAML::Node& value = field.second;
      const auto text = [&] { return scalar(field.first, value).value_or(""); };
      const auto one_of = [&](std::initializer_list<std::string_view> allowed) {
        std::string t = text();
        for (const auto a : allowed) {
          if (t == a) return t;
        }
        if (!t.empty()) warn(value, "config-invalid", "'" + key + "' in view '" + v.name + "' cannot be '" + t + "'; ignored");
        return std::string();
      };
      if (key == "description") {
        v.description = text();
      } else if (key == "focus") {
        // Note names hold commas and bars, so a single focus is taken whole.
        if (value.IsScalar()) {
          v.focus.push_back(util::valid_utf8(value.Scalar()));
        } else {
          v.focus = names(field.first, value);
        }
      } else if (key == "depth") {
        if (value.IsScalar() && value.Scalar() == "0") {
          v.depth = 0;
        } else if (const auto n = number(field.first, value)) {
          v.depth = static_cast<std::uint32_t>(std::min<std::uint64_t>(*n, 1000));
        }
      } else if (key == "direction") {
        v.direction = one_of({"out", "in", "both"});
      } else if (key == "relations") {
        v.relations = names(field.first, value);
      } else if (key == "types") {
        v.types = names(field.first, value);
      } else if (key == "as_of") {
        v.as_of = text();
      } else if (key == "implied") {
        v.implied = boolean(field.first, value).value_or(true);
      } else if (key == "ghosts") {
        v.ghosts = boolean(field.first, value).value_or(true);
      } else if (key == "max_nodes") {
        if (value.IsScalar() && value.Scalar() == "0") {
          v.max_nodes = 0;
        } else if (const auto n = number(field.first, value)) {
          v.max_nodes = static_cast<std::size_t>(*n);
        }
      } else if (key == "format") {
        v.format = one_of({"dot", "svg", "png", "mermaid", "json", "graphml", "cytoscape", "csv", "cypher"});
      } else if (key == "rankdir") {
        v.rankdir = one_of({"LR", "RL", "TB", "BT"});
      } else if (key == "layout") {
        v.layout = one_of({"dot", "sfdp", "neato", "fdp", "circo", "twopi"});
      } else if (key == "size") {
        v.size = text();
      } else if (key == "clusters") {
        v.clusters = boolean(field.first, value);
      } else if (key == "legend") {
        v.legend = boolean(field.first, value);
      } else {
        unknown_key(field.first, " in view '" + v.name + "'",
                    {"description", "focus", "depth", "direction", "relations", "types", "as_of", "implied",
                     "ghosts", "max_nodes", "format", "rankdir", "layout", "size", "clusters", "legend"});
      }
    }
    out.push_back(std::move(v));
  }
}

VaultConfig Reader::read(const YAML::Node& root) {
  VaultConfig out;
  if (root.IsNull() || !root.IsDefined()) return out;
  if (!root.IsMap()) {
    warn(root, "config-invalid", "kg.yaml needs a map of settings; ignored");
    return out;
  }
  std::vector<TypeSpec> types;
  std::vector<RelationSpec> relations;
  std::vector<YAML::Node> type_at;
  std::vector<YAML::Node> relation_at;
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (key == "profile") {
      const auto v = scalar(entry.first, value);
      if (v && *v == "kg") {
        out.profile = Profile::Kg;
      } else if (v && *v == "obsidian") {
        out.profile = Profile::Obsidian;
      } else if (v) {
        warn(value, "config-invalid", "profile '" + *v + "' is not kg or obsidian; ignored");
      }
    } else if (key == "aliases") {
      out.aliases = boolean(entry.first, value);
    } else if (key == "implied") {
      out.implied = boolean(entry.first, value);
    } else if (key == "ignore") {
      out.ignore = names(entry.first, value);
    } else if (key == "limits") {
      read_limits(value, out);
    } else if (key == "types") {
      read_types(value, types, type_at);
    } else if (key == "relations") {
      read_relations(value, relations, relation_at);
    } else if (key == "views") {
      read_views(value, out.views);
    } else {
      unknown_key(entry.first, "",
                  {"profile", "aliases", "implied", "ignore", "limits", "types", "relations", "views"});
    }
  }
  std::vector<SchemaProblem> problems;
  out.schema = Schema::build(std::move(types), std::move(relations), &problems);
  for (const auto& p : problems) {
    const YAML::Node& at = p.is_type ? type_at[p.index] : relation_at[p.index];
    warn(at, "schema-invalid", p.message);
  }
  return out;
}

}  // namespace

VaultConfig parse_config(std::string_view text, const std::string& file,
                         std::vector<Diagnostic>& diagnostics) {
  if (text.size() > kMaxBytes) {
    diagnostics.push_back(Diagnostic{Severity::Error, "config-too-large", file, 1, 1,
                                     "kg.yaml is larger than " + std::to_string(kMaxBytes) +
                                         " bytes; the defaults are used"});
    return {};
  }
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    Reader reader(file, diagnostics);
    return reader.read(root);
  } catch (const YAML::Exception& e) {
    const std::uint32_t line = e.mark.is_null() ? 1 : static_cast<std::uint32_t>(e.mark.line) + 1;
    const std::uint32_t col = e.mark.is_null() ? 1 : static_cast<std::uint32_t>(e.mark.column) + 1;
    diagnostics.push_back(Diagnostic{Severity::Error, "config-parse", file, line, col,
                                     "invalid YAML: " + util::valid_utf8(e.msg) +
                                         "; the defaults are used"});
  } catch (const std::bad_alloc&) {
    throw;  // the whole graph's shape depends on kg.yaml: no load without it
  } catch (const std::exception&) {
    diagnostics.push_back(Diagnostic{Severity::Error, "config-parse", file, 1, 1,
                                     "kg.yaml could not be read; the defaults are used"});
  }
  return {};
}

}  // namespace kg::config
