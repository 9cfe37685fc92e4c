// Text output shared by the commands.
#include "cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace kg::cli {

bool color_enabled() {
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

std::string paint(std::string_view text, const char* sgr, bool on) {
  if (!on) return std::string(text);
  std::string out = "\033[";
  out += sgr;
  out += 'm';
  out += text;
  out += "\033[0m";
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
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

}  // namespace kg::cli
