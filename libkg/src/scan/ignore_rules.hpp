// `.kgignore`: gitignore patterns that keep files out of the graph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::scan {

class IgnoreRules {
 public:
  /// Adds the patterns of a .kgignore file (one per line; '#' comments; '!' re-includes).
  void add_file(std::string_view text);
  /// Adds one pattern.
  void add(std::string_view pattern);
  /// True when the last pattern matching `path` (vault-relative) excludes it.
  bool ignored(std::string_view path, bool is_dir) const;
  bool empty() const noexcept { return rules_.empty(); }

 private:
  struct Rule {
    std::string glob;
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;  // contains a '/' before its end: matched against the whole path
  };
  std::vector<Rule> rules_;
};

/// gitignore glob match: '*' and '?' stop at '/', '**' crosses folders, [a-z] classes.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace kg::scan
