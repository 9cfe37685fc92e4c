// index: every file of the vault by case-folded path, file name and alias, built once so
// resolution never touches the file system. Each of the three is a flat open-addressing
// table over one string arena and one value array: a lookup hashes the key once and
// usually touches one slot and one key, where a node-based map took two cache misses.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kg::resolve {

/// A file as the index is given it.
struct FileEntry {
  std::string path;              ///< Vault-relative path as on disk (valid UTF-8).
  std::string nfc_if_different;  ///< NFC form of path when it differs (rare), else empty.
  bool is_note = false;
};

/// A file as the index keeps it: 40 bytes, its strings in the index's tables.
struct IndexedFile {
  std::string_view path;    ///< Vault-relative path as on disk (valid UTF-8): the node id.
  std::string_view folded;  ///< fold(path), kept once, in the index's table of paths.
  std::uint32_t nfc_at = 0;  ///< 1 + index of its NFC form in the index when it differs; 0: same
  bool is_note = false;
};

/// Keys (strings) to lists of 32-bit values, built once from (key, value) pairs. A key's
/// values keep the order in which they were added.
class FlatMultiMap {
 public:
  /// Builds the map from (key, value) pairs (the keys are copied; empty keys are left out).
  void build(std::span<const std::pair<std::string_view, std::uint32_t>> pairs);
  std::span<const std::uint32_t> find(std::string_view key) const;
  /// Calls f(key, values) for every key, with the stored key (it lives as long as the map).
  template <typename F>
  void for_each(F f) const {
    for (const Slot& s : slots_) {
      if (s.length == 0) continue;
      f(std::string_view(keys_).substr(s.key, s.length),
        std::span<const std::uint32_t>(values_).subspan(s.first + 1, values_[s.first]));
    }
  }

 private:
  // 16 bytes; a key's values are values_[first + 1, first + 1 + values_[first]).
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t key = 0;     // offset into keys_
    std::uint32_t length = 0;  // 0: empty slot (keys are never empty)
    std::uint32_t first = 0;   // offset into values_
  };
  const Slot* slot_of(std::string_view key) const;
  std::string keys_;
  std::vector<std::uint32_t> values_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  // One bit per 8 keys' worth of hash space, set for every key: most lookups of a vault are
  // misses (a bare name is first tried as a path from the root), and a clear bit answers
  // one from a table small enough to stay in cache.
  std::vector<std::uint64_t> filter_;
  std::size_t filter_mask_ = 0;
};

class NameIndex {
 public:
  /// `files` are sorted by path, `folded[i]` is fold(files[i].path), and `aliases[i]` are
  /// the aliases of files[i] (notes only), which must outlive the index.
  /// Takes the entries' paths into one text, freeing each entry's as it goes.
  NameIndex(std::vector<FileEntry> files, std::vector<std::string> folded,
            std::span<const std::span<const std::string_view>> aliases);

  const std::vector<IndexedFile>& files() const noexcept { return files_; }
  const IndexedFile& file(std::uint32_t i) const { return files_[i]; }
  /// NFC form of file i's path, for exact-spelling comparisons.
  std::string_view nfc(std::uint32_t i) const {
    return files_[i].nfc_at == 0 ? files_[i].path : std::string_view(nfc_[files_[i].nfc_at - 1]);
  }

  /// Files whose folded path equals `folded` (case variants of one path).
  std::span<const std::uint32_t> by_path(std::string_view folded) const { return by_path_.find(folded); }
  /// Files whose folded file name equals `folded_name`.
  std::span<const std::uint32_t> by_name(std::string_view folded_name) const {
    return by_name_.find(folded_name);
  }
  /// Calls f(files) for each folded path that several files share (case or Unicode-form
  /// variants of one path), the files in path order.
  template <typename F>
  void for_each_shared_path(F f) const {
    by_path_.for_each([&](std::string_view, std::span<const std::uint32_t> files) {
      if (files.size() > 1) f(files);
    });
  }
  /// Notes with an alias whose fold equals `folded_alias`, with the alias as written.
  struct AliasHit {
    std::uint32_t file;
    std::string_view alias;
  };
  std::vector<AliasHit> by_alias(std::string_view folded_alias) const;

 private:
  std::string paths_;  // every path, in file order
  std::vector<IndexedFile> files_;
  std::vector<std::string> nfc_;
  FlatMultiMap by_path_;
  FlatMultiMap by_name_;
  FlatMultiMap by_alias_;  // values index alias_file_ / alias_text_
  std::vector<std::uint32_t> alias_file_;
  std::vector<std::string_view> alias_text_;
};

}  // namespace kg::resolve
