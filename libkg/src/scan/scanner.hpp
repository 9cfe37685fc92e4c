// scan: the files of a vault, in a deterministic order, with what could not be read.
#pragma once

#include <kg/diagnostic.hpp>
#include <kg/filesystem.hpp>

#include <string>
#include <vector>

namespace kg::scan {

struct ScannedFile {
  std::string path;       ///< Vault-relative path as listed (through symlinks), '/' separated.
  std::string read_path;  ///< Where to read it (differs for a symlinked file).
  bool is_note = false;   ///< A `.md` file; everything else is an attachment.
};

struct ScanOptions {
  unsigned max_depth = 256;
  std::vector<std::string> ignore;  ///< Extra patterns after `.kgignore`.
};

struct ScanResult {
  std::vector<ScannedFile> files;  ///< Sorted by path (bytes).
  std::vector<Diagnostic> diagnostics;
};

/// Walks the vault: skips dot-entries and ignored paths, follows symlinks only when their
/// target stays inside the vault and is not already part of the walk, and reports
/// everything it skips. Never throws for anything found inside the vault.
ScanResult scan_vault(FileSystem& fs, const ScanOptions& options);

/// True for a Markdown note path (`.md`, any case).
bool is_note_path(std::string_view path) noexcept;

}  // namespace kg::scan
