// kg-floor DIR [--threads N]: prints the parse floor of a vault on one line.

#include <charconv>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>

#include "floor.hpp"

namespace {

constexpr int kExitFailure = 2;

int usage() {
  std::fputs("usage: kg-floor DIR [--threads N]   (N = 0 or absent: all cores)\n", stderr);
  return kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  unsigned threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--threads") {
      if (i + 1 >= argc) return usage();
      const std::string_view value = argv[++i];
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), threads);
      if (ec != std::errc{} || end != value.data() + value.size()) return usage();
    } else if (arg.starts_with("-") || !dir.empty()) {
      return usage();
    } else {
      dir = arg;
    }
  }
  if (dir.empty()) return usage();

  try {
    const kg::bench::FloorResult r = kg::bench::parse_floor(dir, threads);
    std::printf("files=%zu bytes=%zu yaml_ok=%zu yaml_errors=%zu md_nodes=%zu seconds=%.4f\n",
                r.files, r.bytes, r.yaml_ok, r.yaml_errors, r.md_nodes, r.seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kg-floor: %s\n", e.what());
    return kExitFailure;
  }
  return 0;
}
