#include "support/temp_vault.hpp"

#include <atomic>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace kg::test {

TempVault::TempVault() {
  static std::atomic<unsigned> counter{0};
  const auto base = std::filesystem::temp_directory_path();
  for (;;) {
    root_ = base / ("kg-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    if (std::filesystem::create_directory(root_)) break;
  }
}

TempVault::~TempVault() {
  std::error_code ec;
  // Restore permissions a test may have removed, then delete everything.
  for (auto it = std::filesystem::recursive_directory_iterator(
           root_, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ec);
    }
  }
  std::filesystem::remove_all(root_, ec);
}

void TempVault::write(std::string_view rel, std::string_view content) const {
  const auto full = root_ / std::string(rel);
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + full.string());
}

}  // namespace kg::test
