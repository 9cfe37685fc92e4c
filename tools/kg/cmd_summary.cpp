// kg stats and kg check: what the vault holds and what is wrong with it.
#include "cli.hpp"

#include <cstdio>
#include <iostream>

namespace kg::cli {
namespace {

std::string diagnostic_counts(std::size_t errors, std::size_t warnings, std::size_t infos) {
  return plural(errors, "error") + ", " + plural(warnings, "warning") + ", " +
         plural(infos, "info");
}

}  // namespace

int cmd_stats(const Args& args) {
  const Graph& graph = load(args);
  const Stats s = graph.stats();
  if (args.json) {
    std::cout << io::stats_json(s, 2) << '\n';
    return kOk;
  }
  const auto row = [](const std::string& label, const std::string& value) {
    std::cout << pad(label, 22) << ' ' << value << '\n';
  };
  row("notes", std::to_string(s.notes));
  row("attachments", std::to_string(s.attachments));
  row("ghosts", std::to_string(s.ghosts));
  row("edges", std::to_string(s.edges) + " (" + std::to_string(s.implied_edges) + " implied)");
  row("relationships",
      std::to_string(s.relationships) + " (" + std::to_string(s.implied_relationships) + " implied)");
  row("links resolved", std::to_string(s.links_resolved));
  row("links unresolved", std::to_string(s.links_unresolved));
  row("links ambiguous", std::to_string(s.links_ambiguous));
  row("links via alias", std::to_string(s.links_via_alias));
  row("embeds", std::to_string(s.embeds));
  row("external links", std::to_string(s.external_links));
  row("tags", std::to_string(s.tags));
  std::string types;
  for (const auto& [t, n] : s.types) {
    types += (types.empty() ? "" : ", ") + printable(t) + " " + std::to_string(n);
  }
  row("types", types);
  std::string relations;
  for (const auto& [r, n] : s.relations) {
    relations += (relations.empty() ? "" : ", ") + printable(r) + " " + std::to_string(n);
  }
  row("relations", relations);
  row("diagnostics", diagnostic_counts(s.errors, s.warnings, s.infos));
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", s.seconds);
  row("seconds", seconds);
  return kOk;
}

int cmd_check(const Args& args) {
  const Graph& graph = load(args);
  const std::vector<Diagnostic> diags = graph.diagnostics();
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const auto& d : diags) {
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
  }
  if (args.json) {
    std::cout << io::diagnostics_json(diags, 2) << '\n';
  } else {
    const bool color = color_enabled();
    for (const auto& d : diags) {
      std::string line = printable(format_diagnostic(d));
      if (color) {
        const std::string sev(to_string(d.severity));
        const char* code = d.severity == Severity::Error     ? "31"
                           : d.severity == Severity::Warning ? "33"
                                                             : "36";
        const auto at = line.find(": " + sev + ":");
        if (at != std::string::npos) line.replace(at + 2, sev.size(), paint(sev, code, true));
      }
      std::cout << line << '\n';
    }
    if (!args.quiet) {
      std::cerr << plural(graph.stats().notes, "note") << " checked: "
                << diagnostic_counts(errors, warnings, diags.size() - errors - warnings) << '\n';
    }
  }
  if (errors > 0 || (args.strict && warnings > 0)) return kProblems;
  return kOk;
}

}  // namespace kg::cli
