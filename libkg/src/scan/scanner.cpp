#include "scan/scanner.hpp"

#include "scan/ignore_rules.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <set>

namespace kg::scan {

bool is_note_path(std::string_view path) noexcept { return util::ends_with_icase(path, ".md"); }

namespace {

std::string join(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string out(dir);
  out += '/';
  out += name;
  return out;
}

class Walker {
 public:
  Walker(FileSystem& fs, const ScanOptions& options) : fs_(fs), options_(options) {}

  ScanResult run() {
    std::string ignore_text;
    if (const std::error_code ec = fs_.read(".kgignore", 1u << 20, ignore_text); !ec) {
      rules_.add_file(ignore_text);
    } else if (ec != std::errc::no_such_file_or_directory && ec != std::errc::not_supported) {
      diag(Severity::Warning, ec == std::errc::permission_denied ? "permission-denied" : "read-error", ".kgignore",
           "cannot read .kgignore (" + ec.message() + "); its patterns are not applied");
    }
    for (const auto& pattern : options_.ignore) rules_.add(pattern);

    remember("");
    walk("", 0);
    // Symlinked folders come after the real tree, so a folder reachable both ways is read
    // once, under its real path.
    while (!linked_dirs_.empty()) {
      auto pending = std::move(linked_dirs_);
      linked_dirs_.clear();
      std::sort(pending.begin(), pending.end());
      for (const auto& [path, depth] : pending) {
        LinkTarget target;
        FileKey key;
        std::error_code ec = fs_.resolve_link(path, target);
        if (!ec) ec = fs_.key(target.path, key);
        if (ec) {
          diag(Severity::Warning, "read-error", path,
               "cannot follow symbolic link to a folder (" + ec.message() + "); its notes are left out");
          continue;
        }
        if (!visited_.insert(key).second) {
          info("symlink-loop", path,
               "symbolic link to a folder already in the vault (" + target.path +
                   "); not followed again");
          continue;
        }
        walk(path, depth);
      }
    }
    // A symlinked file whose target is itself a note of the vault adds nothing.
    std::set<std::string> real_paths;
    for (const auto& f : result_.files) {
      if (f.path == f.read_path) real_paths.insert(f.path);
    }
    std::erase_if(result_.files, [&](const ScannedFile& f) {
      if (f.path != f.read_path && real_paths.count(f.read_path) > 0) {
        info("symlink-duplicate", f.path, "symbolic link to " + f.read_path + ", already read");
        return true;
      }
      return false;
    });
    std::sort(result_.files.begin(), result_.files.end(),
              [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
    return std::move(result_);
  }

 private:
  void diag(Severity severity, std::string code, const std::string& path, std::string message) {
    result_.diagnostics.push_back(Diagnostic{severity, std::move(code), util::valid_utf8(path), 0,
                                             0, util::valid_utf8(message)});
  }
  void info(std::string code, const std::string& path, std::string message) {
    diag(Severity::Info, std::move(code), path, std::move(message));
  }

  // Marks a folder as read, so a symbolic link back to it is not followed again. A folder
  // whose identity cannot be read is still read; the warning says a link to it may repeat it.
  void remember(const std::string& dir) {
    FileKey key;
    if (const std::error_code ec = fs_.key(dir, key)) {
      diag(Severity::Warning, "read-error", dir.empty() ? std::string(".") : dir,
           "cannot identify this folder (" + ec.message() + "); a symbolic link back to it may be read twice");
      return;
    }
    visited_.insert(key);
  }

  void walk(const std::string& start, unsigned start_depth) {
    std::vector<std::pair<std::string, unsigned>> stack{{start, start_depth}};
    std::vector<DirEntry> entries;
    while (!stack.empty()) {
      auto [dir, depth] = std::move(stack.back());
      stack.pop_back();
      if (const std::error_code ec = fs_.list(dir, entries)) {
        const bool denied = ec == std::errc::permission_denied;
        diag(Severity::Warning, denied ? "permission-denied" : "read-error",
             dir.empty() ? std::string(".") : dir,
             "cannot list this folder (" + ec.message() + "); its notes are left out");
        continue;
      }
      std::sort(entries.begin(), entries.end(),
                [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
      std::vector<std::string> subdirs;
      for (const auto& entry : entries) {
        // Dot-entries (.obsidian, .git, .trash, .kgignore) are never notes.
        if (entry.name.empty() || entry.name.front() == '.') continue;
        const std::string path = join(dir, entry.name);
        switch (entry.kind) {
          case FileKind::Directory:
            if (rules_.ignored(path, true)) break;
            subdirs.push_back(path);
            break;
          case FileKind::Regular:
            if (rules_.ignored(path, false)) break;
            if (dir.empty() && entry.name == "kg.yaml") break;  // the vault's configuration
            result_.files.push_back(ScannedFile{path, path, is_note_path(path)});
            break;
          case FileKind::Symlink:
            symlink(path, depth);
            break;
          case FileKind::Other:
            if (rules_.ignored(path, false)) break;
            info("not-regular-file", path, "not a regular file (FIFO, socket or device); skipped");
            break;
        }
      }
      if (depth + 1 > options_.max_depth && !subdirs.empty()) {
        diag(Severity::Warning, "max-depth", dir,
             "folders nested deeper than " + std::to_string(options_.max_depth) +
                 " levels are not read");
        continue;
      }
      for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) {
        remember(*it);
        stack.emplace_back(*it, depth + 1);
      }
    }
  }

  void symlink(const std::string& path, unsigned depth) {
    LinkTarget target;
    if (const std::error_code ec = fs_.resolve_link(path, target)) {
      diag(Severity::Warning, "read-error", path, "cannot follow symbolic link: " + ec.message());
      return;
    }
    if (!target.exists) {
      info("dangling-symlink", path, "symbolic link to nothing; skipped");
      return;
    }
    if (!target.inside_vault) {
      diag(Severity::Warning, "symlink-escapes-vault", path,
           "symbolic link leads out of the vault; not followed");
      return;
    }
    const bool is_dir = target.kind == FileKind::Directory;
    if (rules_.ignored(path, is_dir)) return;
    if (is_dir) {
      linked_dirs_.emplace_back(path, depth + 1);
    } else if (target.kind == FileKind::Regular) {
      result_.files.push_back(ScannedFile{path, target.path, is_note_path(path)});
    } else {
      info("not-regular-file", path, "symbolic link to a FIFO, socket or device; skipped");
    }
  }

  FileSystem& fs_;
  const ScanOptions& options_;
  IgnoreRules rules_;
  std::set<FileKey> visited_;
  std::vector<std::pair<std::string, unsigned>> linked_dirs_;
  ScanResult result_;
};

}  // namespace

ScanResult scan_vault(FileSystem& fs, const ScanOptions& options) {
  return Walker(fs, options).run();
}

}  // namespace kg::scan
