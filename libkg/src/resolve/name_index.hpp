// index: every file of the vault by case-folded path, file name and alias, built once so
// resolution never touches the file system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::resolve {

struct IndexedFile {
  std::string path;    ///< Vault-relative path as on disk (valid UTF-8): the node id.
  std::string nfc;     ///< NFC form of path, for exact-spelling comparisons.
  std::string folded;  ///< fold(path).
  std::string_view folder() const;
  bool is_note = false;
};

class NameIndex {
 public:
  /// `files` are sorted by path. `aliases[i]` are the aliases of files[i] (notes only).
  NameIndex(std::vector<IndexedFile> files, const std::vector<std::vector<std::string>>& aliases);

  const std::vector<IndexedFile>& files() const noexcept { return files_; }
  const IndexedFile& file(std::uint32_t i) const { return files_[i]; }

  /// Files whose folded path equals `folded` (case variants of one path).
  const std::vector<std::uint32_t>& by_path(const std::string& folded) const;
  /// Files whose folded file name equals `folded_name`.
  const std::vector<std::uint32_t>& by_name(const std::string& folded_name) const;
  /// Notes with an alias whose fold equals `folded_alias`, with the alias as written.
  struct AliasHit {
    std::uint32_t file;
    std::string alias;
  };
  const std::vector<AliasHit>& by_alias(const std::string& folded_alias) const;

 private:
  std::vector<IndexedFile> files_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_path_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;
  std::unordered_map<std::string, std::vector<AliasHit>> by_alias_;
};

}  // namespace kg::resolve
