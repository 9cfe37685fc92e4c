#include "support/memory_vault.hpp"

#include <functional>
#include <set>

namespace kg::test {

std::error_code MemoryVault::list(std::string_view dir, std::vector<kg::DirEntry>& out) {
  out.clear();
  const std::string prefix = dir.empty() ? std::string() : std::string(dir) + "/";
  std::set<std::string> folders;
  bool any = dir.empty();
  for (const auto& [path, content] : files_) {
    if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) continue;
    any = true;
    const std::string rest = path.substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) {
      out.push_back({rest, kg::FileKind::Regular});
    } else if (folders.insert(rest.substr(0, slash)).second) {
      out.push_back({rest.substr(0, slash), kg::FileKind::Directory});
    }
  }
  return any ? std::error_code() : std::make_error_code(std::errc::no_such_file_or_directory);
}

std::error_code MemoryVault::resolve_link(std::string_view, kg::LinkTarget&) {
  return std::make_error_code(std::errc::invalid_argument);  // a memory vault holds no symlinks
}

std::error_code MemoryVault::key(std::string_view path, kg::FileKey& out) {
  out = kg::FileKey{7, std::hash<std::string_view>{}(path)};
  return {};
}

std::error_code MemoryVault::read(std::string_view path, std::uint64_t cap, std::string& out) {
  out.clear();
  const auto it = files_.find(std::string(path));
  if (it == files_.end()) return std::make_error_code(std::errc::no_such_file_or_directory);
  if (it->second.size() > cap) return std::make_error_code(std::errc::file_too_large);
  out = it->second;
  return {};
}

}  // namespace kg::test
