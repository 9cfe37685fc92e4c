// The operating system's file system, read-only and confined to the vault root.
#include <kg/error.hpp>
#include <kg/filesystem.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <memory>

namespace kg {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

FileKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::Regular;
  if (S_ISDIR(mode)) return FileKind::Directory;
  if (S_ISLNK(mode)) return FileKind::Symlink;
  return FileKind::Other;
}

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

class PosixFileSystem final : public FileSystem {
 public:
  explicit PosixFileSystem(std::string root) : root_(std::move(root)) {}

  std::error_code list(std::string_view dir, std::vector<DirEntry>& out) override {
    out.clear();
    const std::string full = absolute(dir);
    DIR* d = ::opendir(full.c_str());
    if (d == nullptr) return last_error();
    std::unique_ptr<DIR, int (*)(DIR*)> guard(d, ::closedir);
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      DirEntry entry;
      entry.name = std::string(name);
      switch (e->d_type) {
        case DT_REG: entry.kind = FileKind::Regular; break;
        case DT_DIR: entry.kind = FileKind::Directory; break;
        case DT_LNK: entry.kind = FileKind::Symlink; break;
        case DT_UNKNOWN: {
          struct stat st {};
          const std::string child = full + "/" + entry.name;
          entry.kind = ::lstat(child.c_str(), &st) == 0 ? kind_of(st.st_mode) : FileKind::Other;
          break;
        }
        default: entry.kind = FileKind::Other; break;
      }
      out.push_back(std::move(entry));
      errno = 0;
    }
    if (errno != 0) return last_error();
    return {};
  }

  std::error_code resolve_link(std::string_view path, LinkTarget& out) override {
    out = LinkTarget{};
    const std::string full = absolute(path);
    char buffer[PATH_MAX];
    if (::realpath(full.c_str(), buffer) == nullptr) {
      if (errno == ENOENT || errno == ENOTDIR) return {};  // dangling
      if (errno == ELOOP) return {};
      return last_error();
    }
    out.exists = true;
    const std::string_view real = buffer;
    // Inside means the root itself or below it, compared by whole components, so that
    // /vault-secret is not inside /vault.
    if (real == root_) {
      out.inside_vault = true;
    } else if (real.size() > root_.size() && real.compare(0, root_.size(), root_) == 0 &&
               (root_ == "/" || real[root_.size()] == '/')) {
      out.inside_vault = true;
      out.path = std::string(real.substr(root_ == "/" ? 1 : root_.size() + 1));
    }
    struct stat st {};
    if (::stat(buffer, &st) == 0) out.kind = kind_of(st.st_mode);
    return {};
  }

  std::error_code key(std::string_view path, FileKey& out) override {
    struct stat st {};
    if (::stat(absolute(path).c_str(), &st) != 0) return last_error();
    out.device = static_cast<std::uint64_t>(st.st_dev);
    out.inode = static_cast<std::uint64_t>(st.st_ino);
    return {};
  }

  std::error_code read(std::string_view path, std::uint64_t cap, std::string& out) override {
    out.clear();
    // O_NONBLOCK: a FIFO that slipped past the listing must not block the scan.
    // O_NOFOLLOW: the final component is never a symlink (the scanner resolves links first).
    const int fd = ::open(absolute(path).c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return last_error();
    FdCloser closer(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0) return last_error();
    if (!S_ISREG(st.st_mode)) return std::make_error_code(std::errc::not_supported);
    if (static_cast<std::uint64_t>(st.st_size) > cap) {
      return std::make_error_code(std::errc::file_too_large);
    }
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    for (;;) {
      if (got == out.size()) {
        // The file may have grown since fstat; read on, but never past cap + 1 bytes.
        if (got > cap) break;
        out.resize(std::min<std::uint64_t>(cap + 1, got + 65536));
      }
      const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        out.clear();
        return last_error();
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    if (got > cap) {
      out.clear();
      return std::make_error_code(std::errc::file_too_large);
    }
    return {};
  }

 private:
  std::string absolute(std::string_view rel) const {
    if (rel.empty()) return root_;
    std::string full = root_;
    if (full != "/") full += '/';
    full += rel;
    return full;
  }

  std::string root_;  // canonical, no trailing slash
};

}  // namespace

std::unique_ptr<FileSystem> make_posix_filesystem(const std::filesystem::path& root) {
  char buffer[PATH_MAX];
  if (::realpath(root.c_str(), buffer) == nullptr) {
    throw Error(ErrorCode::VaultNotFound, "vault not found: " + root.string());
  }
  struct stat st {};
  if (::stat(buffer, &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw Error(ErrorCode::VaultNotFound, "vault is not a directory: " + root.string());
  }
  if (::access(buffer, R_OK | X_OK) != 0) {
    throw Error(ErrorCode::VaultNotFound, "vault cannot be read: " + root.string());
  }
  return std::make_unique<PosixFileSystem>(buffer);
}

}  // namespace kg
