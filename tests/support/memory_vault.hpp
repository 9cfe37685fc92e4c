// A vault that lives in memory: vault-relative paths and their contents, read through kg's
// FileSystem interface. For fuzzing and tests that build many small vaults: nothing touches
// the disk.
#pragma once

#include <kg/filesystem.hpp>

#include <map>
#include <memory>
#include <string>

namespace kg::test {

class MemoryVault final : public kg::FileSystem {
 public:
  /// Path ("notes/A.md") -> content. Folders are implied by the paths.
  explicit MemoryVault(std::map<std::string, std::string> files) : files_(std::move(files)) {}

  std::error_code list(std::string_view dir, std::vector<kg::DirEntry>& out) override;
  std::error_code resolve_link(std::string_view path, kg::LinkTarget& out) override;
  std::error_code key(std::string_view path, kg::FileKey& out) override;
  std::error_code read(std::string_view path, std::uint64_t cap, std::string& out) override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace kg::test
