// Fuzz target: a vault made from the input, through every writer, each output re-read by a
// checker of its format here in process: JSON and Cytoscape JSON parsed (nlohmann), GraphML
// checked as well-formed XML 1.0, CSV read as RFC 4180 with one field count, DOT and Cypher
// scanned for strings that stay closed, Mermaid labels for quotes that stay escaped.
//
// The input is split at NUL bytes: kg.yaml, then notes, each named by its first line.
#include <kg/kg.hpp>

#include "support/memory_vault.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void finding(const char* what, std::string_view output) {
  std::fprintf(stderr, "writers: %s\n%.*s\n", what, static_cast<int>(std::min<std::size_t>(output.size(), 2000)),
               output.data());
  std::abort();
}

// XML 1.0 well-formedness, enough for what a writer can get wrong: every tag closed in order,
// attribute values quoted, `<` and `&` only as markup or entities, only characters XML 1.0
// allows.
bool well_formed_xml(std::string_view x) {
  std::vector<std::string> open;
  std::size_t i = 0;
  const auto valid_char = [](unsigned char c) { return c >= 0x20 || c == '\t' || c == '\n' || c == '\r'; };
  while (i < x.size()) {
    const char c = x[i];
    if (!valid_char(static_cast<unsigned char>(c))) return false;
    if (c == '&') {
      const auto end = x.find(';', i);
      if (end == std::string_view::npos || end - i > 10) return false;
      i = end + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    if (x.compare(i, 5, "<?xml") == 0) {
      const auto end = x.find("?>", i);
      if (end == std::string_view::npos) return false;
      i = end + 2;
      continue;
    }
    const bool closing = i + 1 < x.size() && x[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < x.size() && x[j] != ' ' && x[j] != '>' && x[j] != '/' && x[j] != '\n') ++j;
    const std::string name(x.substr(name_start, j - name_start));
    if (name.empty()) return false;
    // Attributes: name="value" with no '<' inside the value.
    bool self_closing = false;
    while (j < x.size() && x[j] != '>') {
      if (x[j] == '"') {
        const auto end = x.find('"', j + 1);
        if (end == std::string_view::npos || x.substr(j + 1, end - j - 1).find('<') != std::string_view::npos) return false;
        j = end + 1;
        continue;
      }
      if (x[j] == '/') self_closing = true;
      ++j;
    }
    if (j == x.size()) return false;
    if (closing) {
      if (open.empty() || open.back() != name) return false;
      open.pop_back();
    } else if (!self_closing) {
      open.push_back(name);
    }
    i = j + 1;
  }
  return open.empty();
}

// RFC 4180 records; false when a quoted field never closes or a quote sits inside a bare one.
bool csv_records(std::string_view text, std::vector<std::size_t>& fields) {
  std::size_t i = 0;
  std::size_t count = 1;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) return false;
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n') return false;
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\n') {
      if (text[i] == '"') return false;
      ++i;
    }
    if (i < text.size() && text[i] == ',') {
      ++count;
      ++i;
    } else if (i < text.size()) {
      fields.push_back(count);
      count = 1;
      ++i;
    }
  }
  return true;
}

// Double-quoted DOT strings: closed on the line they open, no raw control characters.
bool dot_strings_closed(std::string_view dot) {
  bool in = false;
  for (std::size_t i = 0; i < dot.size(); ++i) {
    const auto c = static_cast<unsigned char>(dot[i]);
    if (in && c == '\\') {
      ++i;
      continue;
    }
    if (c == '"') in = !in;
    if (c == '\n' && in) return false;
    if (c < 0x20 && c != '\n') return false;
  }
  return !in;
}

// Cypher: single-quoted strings (backslash escapes), backticked names and `//` comments all
// close where they should.
bool cypher_closed(std::string_view s) {
  char in = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in == '\'' && c == '\\') {
      ++i;
      continue;
    }
    if (in != 0) {
      if (c == in) {
        if (in == '`' && i + 1 < s.size() && s[i + 1] == '`') {
          ++i;
          continue;
        }
        in = 0;
      }
      continue;
    }
    if (c == '\'' || c == '`') in = c;
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      const auto end = s.find('\n', i);
      if (end == std::string_view::npos) return false;
      i = end;
    }
  }
  return in == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files;
  std::size_t start = 0;
  for (int part = 0; part < 5 && start <= input.size(); ++part) {
    auto end = input.find('\0', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view text = input.substr(start, end - start);
    if (part == 0) {
      files["kg.yaml"] = std::string(text);
    } else {
      std::string name(text.substr(0, std::min<std::size_t>(text.find('\n'), 60)));
      for (char& c : name) {
        if (c == '/' || c == '\0') c = '_';
      }
      // Appended piece by piece: GCC 12 warns, wrongly, on "literal" + std::string chains.
      std::string path = "notes/";
      path += name.empty() ? std::to_string(part) : name;
      path += ".md";
      files[path] = std::string(text);
    }
    start = end + 1;
  }
  kg::LoadOptions load;
  load.threads = 1;
  const kg::Graph g = kg::Graph::load(std::make_unique<kg::test::MemoryVault>(std::move(files)), load);
  const kg::Subgraph all = kg::filtered_graph(g);

  std::ostringstream json;
  kg::io::write_json(g, json);
  const auto doc = nlohmann::json::parse(json.str(), nullptr, false);
  if (doc.is_discarded() || doc["nodes"].size() != g.node_count()) finding("JSON does not parse back", json.str());
  std::ostringstream cy;
  kg::io::write_cytoscape(g, all, cy);
  const auto cyd = nlohmann::json::parse(cy.str(), nullptr, false);
  if (cyd.is_discarded() || cyd["elements"]["edges"].size() != g.relationship_count()) {
    finding("Cytoscape JSON does not parse back", cy.str());
  }
  std::ostringstream graphml;
  kg::io::write_graphml(g, graphml);
  if (!well_formed_xml(graphml.str())) finding("GraphML is not well-formed", graphml.str());
  for (const bool nodes : {true, false}) {
    std::ostringstream csv;
    nodes ? kg::io::write_neo4j_nodes(g, all, csv) : kg::io::write_neo4j_relationships(g, all, csv);
    std::vector<std::size_t> fields;
    if (!csv_records(csv.str(), fields) || fields.size() != 1 + (nodes ? g.node_count() : g.relationship_count())) {
      finding("CSV does not read back", csv.str());
    }
    for (const std::size_t f : fields) {
      if (f != fields.front()) finding("a CSV record has another field count", csv.str());
    }
  }
  for (const auto dialect : {kg::io::CypherDialect::Neo4j, kg::io::CypherDialect::Kuzu}) {
    std::ostringstream script;
    kg::io::CypherOptions options;
    options.dialect = dialect;
    kg::io::write_cypher(g, all, script, options);
    if (!cypher_closed(script.str())) finding("a Cypher string or name does not close", script.str());
  }
  const std::string dot = kg::io::dot(g);
  if (!dot_strings_closed(dot)) finding("a DOT string does not close", dot);
  kg::io::MermaidOptions mermaid;
  mermaid.force = true;
  const std::string chart = kg::io::mermaid(g, mermaid);
  std::istringstream lines(chart);
  for (std::string line; std::getline(lines, line);) {
    if (std::count(line.begin(), line.end(), '"') % 2 != 0) finding("a Mermaid label does not close", chart);
  }
  return 0;
}
