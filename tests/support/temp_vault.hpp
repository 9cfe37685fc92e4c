// A vault written by a test into a fresh temporary folder, removed afterwards.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kg::test {

class TempVault {
 public:
  TempVault();
  ~TempVault();
  TempVault(const TempVault&) = delete;
  TempVault& operator=(const TempVault&) = delete;

  const std::filesystem::path& root() const noexcept { return root_; }
  /// Writes `content` to the vault-relative `path`, creating folders.
  void write(std::string_view path, std::string_view content) const;
  std::filesystem::path path(std::string_view rel) const { return root_ / std::string(rel); }

 private:
  std::filesystem::path root_;
};

}  // namespace kg::test
