// Opening the vault and reading NOTE arguments.
#include "cli.hpp"
#include "text_width.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace kg::cli {
namespace {

// What marks a folder as a vault: Obsidian's settings folder, kg's own files, Logseq's and
// Foam's. Without --vault, kg reads the current directory; when it has none of these (a
// git checkout, a home folder), kg says which folder it reads.
bool looks_like_vault(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const char* marker : {".obsidian", "kg.yaml", ".kgignore", "logseq", ".foam"}) {
    if (std::filesystem::exists(dir / marker, ec)) return true;
  }
  return false;
}

// `path` relative to `root` when it lies inside it ("" otherwise), compared lexically and
// then with symlinks resolved (a vault reached through a symlinked folder).
std::string relative_inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::error_code ec;
  const auto try_pair = [](const std::filesystem::path& r,
                           const std::filesystem::path& p) -> std::string {
    const std::filesystem::path rel = p.lexically_relative(r);
    if (rel.empty() || rel == "." || *rel.begin() == "..") return {};
    return rel.generic_string();
  };
  const auto abs_root = std::filesystem::absolute(root, ec).lexically_normal();
  const auto abs_path = std::filesystem::absolute(path, ec).lexically_normal();
  if (auto rel = try_pair(abs_root, abs_path); !rel.empty()) return rel;
  const auto real_root = std::filesystem::weakly_canonical(abs_root, ec);
  if (ec) return {};
  const auto real_path = std::filesystem::weakly_canonical(abs_path, ec);
  if (ec) return {};
  return try_pair(real_root, real_path);
}

// A NOTE argument that is a path to a file as the shell completes it, from the current
// directory (`notes/chips/NVIDIA H200.md` with --vault notes, `./notes/...`) or absolute,
// read as the vault-relative path of that file. Anything else is passed on as typed: a
// relative path that names no file here may still be a vault path or a name.
std::string vault_relative(const std::filesystem::path& vault, std::string_view text) {
  if (text.empty() || text.front() == '[' || text.front() == '!') return std::string(text);
  const std::filesystem::path typed{std::string(text)};
  std::error_code ec;
  for (const auto& p : {typed, std::filesystem::path(std::string(text) + ".md")}) {
    if (!std::filesystem::is_regular_file(p, ec)) continue;
    if (auto rel = relative_inside(vault, p); !rel.empty()) return rel;
  }
  if (typed.is_absolute()) {
    if (auto rel = relative_inside(vault, typed); !rel.empty()) return rel;
  }
  return std::string(text);
}

}  // namespace

const Graph& load(const Args& args) {
  if (!args.vault_given && !args.quiet && !looks_like_vault(args.vault)) {
    std::error_code ec;
    const auto here = std::filesystem::current_path(ec);
    std::fprintf(stderr,
                 "kg: no --vault given; reading the current directory %s, which has no "
                 ".obsidian/ or kg.yaml\n",
                 printable(ec ? std::string(".") : here.string()).c_str());
  }
  LoadOptions options = args.load;
  bool shown = false;
  // A load that runs past a second shows its progress on stderr when stderr is a terminal
  // (and --quiet is off); the line is cleared before results print.
  if (!args.quiet && ::isatty(STDERR_FILENO) == 1) {
    // KG_PROGRESS_DELAY (seconds, default 1) lets tests and impatient users see it sooner.
    double delay = 1.0;
    if (const char* env = std::getenv("KG_PROGRESS_DELAY")) delay = std::atof(env);
    options.progress = [&shown, delay](const Progress& p) {
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
  // The graph lives until the process ends: a command loads one vault, and freeing a large
  // graph piece by piece only to exit would add a tenth of the load's time.
  static const Graph* kept = nullptr;
  kept = new Graph(Graph::load(args.vault, options));
  if (shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  return *kept;
}

NodeId note_argument(const Graph& graph, const Args& args, std::string_view text) {
  const NoteMatch match = graph.match_note(vault_relative(args.vault, text));
  if (match.node) return *match.node;
  std::string typed(1, '\'');
  typed += printable(text);
  typed += '\'';
  if (!match.candidates.empty()) {
    const bool notes = std::all_of(match.candidates.begin(), match.candidates.end(),
                                   [](const std::string& c) { return c.ends_with(".md"); });
    std::string message = typed + " matches " +
                          plural(match.candidates.size(), notes ? "note" : "file") +
                          "; name one by its path:";
    for (const auto& c : match.candidates) message += "\n  " + printable(c);
    throw Error(ErrorCode::NoteAmbiguous, message);
  }
  std::string message = "no note matches " + typed;
  if (!match.suggestions.empty()) {
    message += "; did you mean";
    std::size_t width = 0;
    for (const auto& s : match.suggestions) {
      width = std::max(width, display_width(printable(s.name)));
    }
    for (const auto& s : match.suggestions) {
      message += "\n  " + pad(printable(s.name), width) + "  " + printable(s.id);
    }
  }
  throw Error(ErrorCode::NoteNotFound, message);
}

}  // namespace kg::cli
