// The parse floor: the least work any engine must do to read a vault with yaml-cpp and
// cmark-gfm. kg's ingest time is judged against it (DESIGN.md section 9).
#pragma once

#include <cstddef>
#include <filesystem>

namespace kg::bench {

struct FloorResult {
  std::size_t files = 0;        // *.md files found and read
  std::size_t bytes = 0;        // their total size
  std::size_t yaml_ok = 0;      // front matters YAML::Load accepted
  std::size_t yaml_errors = 0;  // front matters it threw on
  std::size_t md_nodes = 0;     // cmark nodes in all bodies (one per CMARK_EVENT_ENTER)
  double seconds = 0.0;         // wall time of the whole run: listing, reading and parsing
};

// Lists every *.md file under root (dot-directories skipped, symlinks not followed, sorted),
// then with `threads` workers (0 means hardware concurrency) reads each file, loads its front
// matter with YAML::Load and parses its body with cmark-gfm (SOURCEPOS | VALIDATE_UTF8, table
// extension only), walking the tree once. Files without front matter count in neither yaml
// field. Throws std::filesystem::filesystem_error if root cannot be listed and
// std::runtime_error if a listed file cannot be read.
FloorResult parse_floor(const std::filesystem::path& root, unsigned threads);

}  // namespace kg::bench
