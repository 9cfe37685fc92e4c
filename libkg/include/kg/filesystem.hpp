// kg: the file-system layer the scanner reads through.
//
// kg reads a vault only through this interface, so that an editor can feed it from its own
// buffers and tests can inject failures (EACCES, a file vanishing) that root cannot produce.
// Paths are vault-relative with '/' separators; "" is the root. kg never writes through it.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace kg {

enum class FileKind : std::uint8_t { Regular, Directory, Symlink, Other };

struct DirEntry {
  std::string name;  ///< One path component, bytes as on disk.
  FileKind kind = FileKind::Other;
};

/// Identity of a file or directory (device and inode for POSIX), used to break symlink loops.
struct FileKey {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  friend bool operator==(const FileKey&, const FileKey&) = default;
  friend auto operator<=>(const FileKey&, const FileKey&) = default;
};

/// Where a symlink inside the vault points.
struct LinkTarget {
  bool inside_vault = false;  ///< False when the target leaves the vault root.
  bool exists = false;        ///< False for a dangling link.
  std::string path;           ///< Vault-relative target path when inside_vault.
  FileKind kind = FileKind::Other;  ///< Kind of the final target (never Symlink).
};

class KG_API FileSystem {
 public:
  virtual ~FileSystem() = default;

  /// Lists a directory's entries (not "." or ".."), without following symlinks.
  virtual std::error_code list(std::string_view dir, std::vector<DirEntry>& out) = 0;

  /// Resolves a symlink completely and says whether its target stays inside the vault.
  virtual std::error_code resolve_link(std::string_view path, LinkTarget& out) = 0;

  /// Identity of a directory or file (symlinks followed).
  virtual std::error_code key(std::string_view path, FileKey& out) = 0;

  /// Reads a regular file into `out`. Reads at most `cap + 1` bytes: when the file is larger
  /// than `cap`, returns std::errc::file_too_large and leaves `out` empty. Never blocks on a
  /// FIFO and never follows a symlink out of the vault.
  virtual std::error_code read(std::string_view path, std::uint64_t cap, std::string& out) = 0;
};

/// The operating system's file system, rooted at `root` (resolved once, symlinks included).
/// Throws kg::Error(VaultNotFound) when the root is missing or not a directory.
KG_API std::unique_ptr<FileSystem> make_posix_filesystem(const std::filesystem::path& root);

}  // namespace kg
