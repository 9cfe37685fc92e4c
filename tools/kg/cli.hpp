// kg, the command-line tool: what its command files share. The arguments, opening the vault
// (vault.cpp), and text output (output.cpp).
#pragma once

#include <kg/kg.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kg::cli {

/// Exit codes: 0 ok, 1 the command ran and found problems, 2 usage or input error.
constexpr int kOk = 0;
constexpr int kProblems = 1;
constexpr int kUsage = 2;

/// A command line kg cannot act on; main prints it and exits 2.
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
  LoadOptions load;
  std::vector<std::string> positional;
};

// vault.cpp

/// Loads the vault, with a progress line on stderr when it is a terminal.
Graph load(const Args& args);

// output.cpp

/// True when standard output is a terminal and NO_COLOR is not set.
bool color_enabled();
/// `text` in an SGR colour (e.g. "31" red) when `on`.
std::string paint(std::string_view text, const char* sgr, bool on);
/// `text` with control bytes (below 0x20, and DEL) written as \xNN, so a note's bytes cannot
/// drive the terminal.
std::string printable(std::string_view text);

// The commands, one file per group: cmd_summary.cpp (stats, check), cmd_links.cpp
// (resolve, links, backlinks), cmd_export.cpp (export).
int cmd_stats(const Args& args);
int cmd_check(const Args& args);
int cmd_resolve(const Args& args);
int cmd_edges(const Args& args, bool outgoing);
int cmd_export(const Args& args);

}  // namespace kg::cli
