// Opening the vault.
#include "cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace kg::cli {

Graph load(const Args& args) {
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
  Graph graph = Graph::load(args.vault, options);
  if (shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  return graph;
}

}  // namespace kg::cli
