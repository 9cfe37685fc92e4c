// kg: the command-line tool. A thin layer over libkg: it parses arguments, calls the
// library, and prints. Exit codes: 0 ok, 1 the command found problems, 2 usage or input error.
#include <kg/kg.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int kOk = 0;
constexpr int kProblems = 1;
constexpr int kUsage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Args {
  std::string command;
  std::filesystem::path vault = ".";
  bool json = false;
  bool quiet = false;
  bool strict = false;
  bool help = false;
  std::optional<std::string> from;
  std::string format;
  std::optional<std::filesystem::path> output;
  kg::LoadOptions load;
  std::vector<std::string> positional;
};

constexpr const char* kMainHelp = R"(kg - a knowledge graph of a folder of Markdown notes

Usage: kg [--vault DIR] COMMAND [OPTIONS] [ARGS]

Commands:
  stats                 counts of notes, attachments, ghosts, edges, links, tags, types
  check [--strict]      broken, ambiguous and malformed links and front matter
  resolve LINK...       how each link resolves, rule by rule
  links NOTE            outgoing edges of a note, with relation and provenance
  backlinks NOTE        incoming edges of a note
  export --format json  the whole graph as a node-link JSON document

Options for every command:
  --vault DIR           the vault to read (default: the current directory)
  --json                print one JSON document instead of text
  --quiet               print results only, no summaries
  --threads N           parser threads (default: one per core)
  --profile P           kg (default: aliases resolve links) or obsidian (they do not)
  --max-note-bytes N    skip notes larger than N bytes (default: 4194304)
  --no-implied          leave out implied edges (inverse, symmetric, transitive)
  --no-config           do not read the vault's kg.yaml (schema and settings)
  --help                help for a command: kg check --help
  --version             print kg's version

Settings: flags win over the vault's kg.yaml, which wins over the defaults.

Examples:
  kg --vault notes stats
  kg --vault notes check --strict
  kg --vault notes resolve '[[BABA]]' --from Qwen
  kg --vault notes export --format json -o graph.json
)";

const std::map<std::string, std::string>& command_help() {
  static const std::map<std::string, std::string> help = {
      {"stats", R"(kg stats - counts of what the vault holds

Usage: kg [--vault DIR] stats [--json]

  --json   one JSON object: notes, attachments, ghosts, edges, implied_edges, links,
           tags, types, relations, diagnostics, seconds

Example: kg --vault notes stats
)"},
      {"check", R"(kg check - report problems as file:line:col: severity: code: message

Usage: kg [--vault DIR] check [--strict] [--json]

  --strict   exit 1 on warnings too (unresolved or ambiguous links, missing headings,
             alias collisions, and with a kg.yaml schema: unknown relations or types,
             missing types, domain and range violations)
  --json     {"diagnostics": [...], "errors": n, "warnings": n, "infos": n}
  Exit code: 0 clean, 1 errors (or warnings with --strict), 2 usage error.

Example: kg --vault notes check --strict
)"},
      {"resolve", R"(kg resolve - how links resolve (target, rule, ambiguity, subpath)

Usage: kg [--vault DIR] resolve [--from NOTE] LINK...

  LINK         as written in a note: '[[Note#Heading|text]]', '![[img.png]]',
               '[text](Note.md)', or a bare target read as [[target]]
  --from NOTE  resolve as if written in NOTE (default: a note at the vault root)
  --json       {"results": [{"link", "from", "status", "target", "via", ...}]}
  Exit code: 0 when every link resolves, 1 otherwise.

Example: kg --vault notes resolve --from Qwen '[[BABA]]' '[[Alibaba#Related]]'
)"},
      {"links", R"(kg links - outgoing edges of a note

Usage: kg [--vault DIR] links NOTE [--json]

  NOTE     a path, file name, title, alias or [[link]]
  --json   {"node": {...}, "edges": [...]}, each edge as in the JSON export

Example: kg --vault notes links Alibaba
)"},
      {"backlinks", R"(kg backlinks - incoming edges of a note

Usage: kg [--vault DIR] backlinks NOTE [--json]

  NOTE     a path, file name, title, alias or [[link]]
  --json   {"node": {...}, "edges": [...]}, each edge as in the JSON export

Example: kg --vault notes backlinks NVIDIA
)"},
      {"export", R"(kg export - write the graph for other tools

Usage: kg [--vault DIR] export --format json [-o FILE]

  --format json   the node-link document (nodes, edges with provenance)
  -o FILE         write to FILE instead of standard output (never inside the vault;
                  '-' is standard output)

Example: kg --vault notes export --format json -o graph.json
)"},
  };
  return help;
}

unsigned long parse_number(const std::string& flag, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const unsigned long n = std::strtoul(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || value.front() == '-') {
    throw UsageError(flag + " needs a number, not '" + value + "'");
  }
  return n;
}

Args parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const auto value = [&](const std::string& flag) -> std::string {
      if (i + 1 >= words.size()) throw UsageError(flag + " needs a value");
      return words[++i];
    };
    if (w == "--help" || w == "-h") {
      args.help = true;
    } else if (w == "--version") {
      args.command = "--version";
    } else if (w == "--vault") {
      args.vault = value(w);
    } else if (w.rfind("--vault=", 0) == 0) {
      args.vault = w.substr(8);
    } else if (w == "--json") {
      args.json = true;
    } else if (w == "--quiet" || w == "-q") {
      args.quiet = true;
    } else if (w == "--strict") {
      args.strict = true;
    } else if (w == "--from") {
      args.from = value(w);
    } else if (w == "--format") {
      args.format = value(w);
    } else if (w == "-o" || w == "--output") {
      args.output = value(w);
    } else if (w == "--threads") {
      args.load.threads = static_cast<unsigned>(parse_number(w, value(w)));
    } else if (w == "--max-note-bytes") {
      args.load.max_note_bytes = parse_number(w, value(w));
    } else if (w == "--no-implied") {
      args.load.implied = false;
    } else if (w == "--no-config") {
      args.load.read_config = false;
    } else if (w == "--profile") {
      const std::string p = value(w);
      if (p == "kg") {
        args.load.profile = kg::Profile::Kg;
      } else if (p == "obsidian") {
        args.load.profile = kg::Profile::Obsidian;
      } else {
        throw UsageError("--profile is kg or obsidian, not '" + p + "'");
      }
    } else if (w == "--") {
      for (++i; i < words.size(); ++i) args.positional.push_back(words[i]);
    } else if (w.size() > 1 && w.front() == '-' && w.rfind("-[", 0) != 0) {
      throw UsageError("unknown option '" + w + "' (see kg --help)");
    } else if (args.command.empty()) {
      args.command = w;
    } else {
      args.positional.push_back(w);
    }
  }
  return args;
}

bool color_enabled() {
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

std::string paint(const std::string& text, const char* code, bool on) {
  return on ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

// Terminal output must not let a note's bytes drive the terminal.
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// Loads the vault. A load that runs past a second shows its progress on stderr when stderr
// is a terminal (and --quiet is off); the line is cleared before results print.
kg::Graph load(const Args& args) {
  kg::LoadOptions options = args.load;
  bool shown = false;
  if (!args.quiet && ::isatty(STDERR_FILENO) == 1) {
    // KG_PROGRESS_DELAY (seconds, default 1) lets tests and impatient users see it sooner.
    double delay = 1.0;
    if (const char* env = std::getenv("KG_PROGRESS_DELAY")) delay = std::atof(env);
    options.progress = [&shown, delay](const kg::Progress& p) {
      if (p.seconds < delay) return;
      if (p.total > 0) {
        std::fprintf(stderr, "\r\033[Kkg: %.*s %zu/%zu notes", static_cast<int>(p.phase.size()),
                     p.phase.data(), p.done, p.total);
      } else {
        std::fprintf(stderr, "\r\033[Kkg: %.*s", static_cast<int>(p.phase.size()), p.phase.data());
      }
      std::fflush(stderr);
      shown = true;
    };
  }
  kg::Graph graph = kg::Graph::load(args.vault, options);
  if (shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  return graph;
}

int cmd_stats(const Args& args) {
  const kg::Graph graph = load(args);
  const kg::Stats s = graph.stats();
  if (args.json) {
    std::cout << kg::io::stats_json(s, 2) << '\n';
    return kOk;
  }
  const auto row = [](const std::string& label, const std::string& value) {
    std::printf("%-22s %s\n", label.c_str(), value.c_str());
  };
  row("notes", std::to_string(s.notes));
  row("attachments", std::to_string(s.attachments));
  row("ghosts", std::to_string(s.ghosts));
  row("edges", std::to_string(s.edges) + " (" + std::to_string(s.implied_edges) + " implied)");
  row("links resolved", std::to_string(s.links_resolved));
  row("links unresolved", std::to_string(s.links_unresolved));
  row("links ambiguous", std::to_string(s.links_ambiguous));
  row("links via alias", std::to_string(s.links_via_alias));
  row("embeds", std::to_string(s.embeds));
  row("external links", std::to_string(s.external_links));
  row("tags", std::to_string(s.tags));
  std::string types;
  for (const auto& [t, n] : s.types) types += (types.empty() ? "" : ", ") + t + " " + std::to_string(n);
  row("types", types);
  std::string relations;
  for (const auto& [r, n] : s.relations) {
    relations += (relations.empty() ? "" : ", ") + r + " " + std::to_string(n);
  }
  row("relations", relations);
  row("diagnostics", std::to_string(s.errors) + " errors, " + std::to_string(s.warnings) +
                         " warnings, " + std::to_string(s.infos) + " infos");
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", s.seconds);
  row("seconds", seconds);
  return kOk;
}

int cmd_check(const Args& args) {
  const kg::Graph graph = load(args);
  const auto& diags = graph.diagnostics();
  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const auto& d : diags) {
    errors += d.severity == kg::Severity::Error;
    warnings += d.severity == kg::Severity::Warning;
  }
  if (args.json) {
    std::cout << kg::io::diagnostics_json(diags, 2) << '\n';
  } else {
    const bool color = color_enabled();
    for (const auto& d : diags) {
      std::string line = printable(kg::format_diagnostic(d));
      if (color) {
        const std::string sev(kg::to_string(d.severity));
        const char* code = d.severity == kg::Severity::Error     ? "31"
                           : d.severity == kg::Severity::Warning ? "33"
                                                                 : "36";
        const auto at = line.find(": " + sev + ":");
        if (at != std::string::npos) line.replace(at + 2, sev.size(), paint(sev, code, true));
      }
      std::cout << line << '\n';
    }
    if (!args.quiet) {
      std::cerr << graph.stats().notes << " notes checked: " << errors << " errors, " << warnings
                << " warnings, " << (diags.size() - errors - warnings) << " infos\n";
    }
  }
  if (errors > 0 || (args.strict && warnings > 0)) return kProblems;
  return kOk;
}

int cmd_resolve(const Args& args) {
  if (args.positional.empty()) throw UsageError("resolve needs at least one LINK");
  const kg::Graph graph = load(args);
  std::vector<kg::Resolution> results;
  for (const auto& link : args.positional) results.push_back(graph.resolve(link, args.from.value_or("")));
  bool all = true;
  for (const auto& r : results) all = all && r.resolved;
  if (args.json) {
    std::cout << kg::io::resolutions_json(results, 2) << '\n';
    return all ? kOk : kProblems;
  }
  for (const auto& r : results) {
    std::string line = printable(r.link) + " -> ";
    if (r.resolved) {
      line += printable(*r.target) + "  (via " + std::string(kg::to_string(r.via)) + ")";
      if (r.ambiguous) {
        std::string list;
        for (const auto& c : r.candidates) list += (list.empty() ? "" : ", ") + printable(c);
        line += "  ambiguous: " + list;
      }
    } else {
      line += "unresolved (" + r.reason.value_or("not-found") + ")";
    }
    if (r.subpath) {
      line += "  " + printable(*r.subpath) + ": " + std::string(kg::to_string(r.subpath_status));
    }
    std::cout << line << '\n';
  }
  return all ? kOk : kProblems;
}

int cmd_edges(const Args& args, bool outgoing) {
  if (args.positional.size() != 1) {
    throw UsageError(std::string(outgoing ? "links" : "backlinks") + " needs exactly one NOTE");
  }
  const kg::Graph graph = load(args);
  const kg::NodeId node = graph.lookup(args.positional[0]);
  const std::vector<kg::EdgeId> edges = outgoing ? graph.out_edges(node) : graph.in_edges(node);
  if (args.json) {
    std::cout << kg::io::edges_json(graph, node, edges, 2) << '\n';
    return kOk;
  }
  std::vector<std::array<std::string, 4>> rows;
  for (const auto id : edges) {
    const kg::Edge& e = graph.edge(id);
    const kg::Node& other = graph.node(outgoing ? e.target : e.source);
    rows.push_back({std::string(e.relation), printable(other.id),
                    printable(graph.node(e.file).id) + ":" + std::to_string(e.line) + ":" +
                        std::to_string(e.col),
                    std::string(kg::to_string(e.origin)) +
                        (e.implied ? " (implied: " + std::string(kg::to_string(e.inference)) + ")"
                                   : "")});
  }
  std::array<std::size_t, 4> width{8, 4, 4, 6};
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < 4; ++c) width[c] = std::max(width[c], r[c].size());
  }
  if (!args.quiet) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(width[0]), "relation",
                static_cast<int>(width[1]), outgoing ? "target" : "source",
                static_cast<int>(width[2]), "at", "origin");
  }
  for (const auto& r : rows) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(width[0]), r[0].c_str(),
                static_cast<int>(width[1]), r[1].c_str(), static_cast<int>(width[2]),
                r[2].c_str(), r[3].c_str());
  }
  if (!args.quiet) {
    std::cerr << rows.size() << (outgoing ? " outgoing" : " incoming") << " edges of "
              << printable(graph.node(node).id) << '\n';
  }
  return kOk;
}

bool inside(const std::filesystem::path& dir, const std::filesystem::path& path) {
  // Absolute first: weakly_canonical leaves a relative path whose first part does not exist
  // (a bare `out.json`) relative, and it would never compare as inside.
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
  const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  auto r = root.begin();
  auto t = target.begin();
  for (; r != root.end(); ++r, ++t) {
    if (t == target.end() || *r != *t) return false;
  }
  return true;
}

int cmd_export(const Args& args) {
  if (args.format != "json") {
    throw UsageError(args.format.empty() ? "export needs --format json"
                                         : "unknown export format '" + args.format +
                                               "' (this version writes json)");
  }
  const bool to_file = args.output && *args.output != "-";
  if (to_file && inside(args.vault, *args.output)) {
    throw kg::Error(kg::ErrorCode::OutputInsideVault,
                    "refusing to write " + args.output->string() + " inside the vault");
  }
  const kg::Graph graph = load(args);
  kg::io::JsonOptions options;
  options.indent = 1;
  if (to_file) {
    std::ostringstream text;
    kg::io::write_json(graph, text, options);
    std::ofstream out(*args.output, std::ios::binary | std::ios::trunc);
    out << text.str();
    if (!out) throw kg::Error(kg::ErrorCode::Io, "cannot write " + args.output->string());
  } else {
    kg::io::write_json(graph, std::cout, options);
  }
  return kOk;
}

int run(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  if (args.command == "--version") {
    std::cout << "kg " << kg::version() << '\n';
    return kOk;
  }
  if (args.command.empty() || args.command == "help") {
    std::cout << kMainHelp;
    return args.command.empty() && !args.help ? kUsage : kOk;
  }
  if (args.help) {
    const auto it = command_help().find(args.command);
    if (it == command_help().end()) throw UsageError("unknown command '" + args.command + "'");
    std::cout << it->second;
    return kOk;
  }
  if (args.command == "stats") return cmd_stats(args);
  if (args.command == "check") return cmd_check(args);
  if (args.command == "resolve") return cmd_resolve(args);
  if (args.command == "links") return cmd_edges(args, true);
  if (args.command == "backlinks") return cmd_edges(args, false);
  if (args.command == "export") return cmd_export(args);
  throw UsageError("unknown command '" + args.command + "' (see kg --help)");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kUsage;
  } catch (const kg::Error& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "kg: " << e.what() << '\n';
    return kUsage;
  }
}
