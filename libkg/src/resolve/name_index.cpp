#include "resolve/name_index.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"

#include <algorithm>

namespace kg::resolve {

namespace {

// FNV-1a, then a final mix so that the low bits (the slot) depend on every byte.
std::uint64_t hash_of(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

}  // namespace

void FlatMultiMap::build(std::vector<std::pair<std::string, std::uint32_t>> pairs) {
  // Group by key, keeping each key's values in the order they were added.
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t keys = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i == 0 || pairs[i].first != pairs[i - 1].first) {
      ++keys;
      bytes += pairs[i].first.size();
    }
  }
  std::size_t capacity = 16;
  while (capacity < keys * 2) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  const std::size_t filter_bits = capacity * 4;  // 8 bits per key at the table's fullest
  filter_.assign(filter_bits / 64, 0);
  filter_mask_ = filter_bits - 1;
  values_.clear();
  values_.reserve(pairs.size() + keys);
  keys_.clear();
  keys_.reserve(bytes);
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j].first == pairs[i].first) ++j;
    const std::string& key = pairs[i].first;
    if (!key.empty()) {
      const std::uint64_t h = hash_of(key);
      Slot slot;
      slot.hash = static_cast<std::uint32_t>(h >> 32);
      slot.key = static_cast<std::uint32_t>(keys_.size());
      slot.length = static_cast<std::uint32_t>(key.size());
      slot.first = static_cast<std::uint32_t>(values_.size());
      keys_ += key;
      values_.push_back(static_cast<std::uint32_t>(j - i));
      for (std::size_t k = i; k < j; ++k) values_.push_back(pairs[k].second);
      const std::size_t bit = (h >> 40) & filter_mask_;
      filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
      std::size_t at = h & mask_;
      while (slots_[at].length != 0) at = (at + 1) & mask_;
      slots_[at] = slot;
    }
    i = j;
  }
}

const FlatMultiMap::Slot* FlatMultiMap::slot_of(std::string_view key) const {
  if (slots_.empty() || key.empty()) return nullptr;
  const std::uint64_t h = hash_of(key);
  const std::size_t bit = (h >> 40) & filter_mask_;
  if ((filter_[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return nullptr;
  const auto hash = static_cast<std::uint32_t>(h >> 32);
  for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
    const Slot& s = slots_[at];
    if (s.length == 0) return nullptr;
    if (s.hash == hash && std::string_view(keys_).substr(s.key, s.length) == key) return &s;
  }
}

std::span<const std::uint32_t> FlatMultiMap::find(std::string_view key) const {
  const Slot* s = slot_of(key);
  if (s == nullptr) return {};
  return std::span<const std::uint32_t>(values_).subspan(s->first + 1, values_[s->first]);
}

NameIndex::NameIndex(std::vector<FileEntry> files, std::vector<std::string> folded,
                     std::span<const std::span<const std::string_view>> aliases) {
  std::size_t bytes = 0;
  for (const auto& f : files) bytes += f.path.size();
  paths_.reserve(bytes);  // exact: the views below stay valid
  files_.resize(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileEntry& entry = files[i];
    IndexedFile& f = files_[i];
    const std::size_t at = paths_.size();
    paths_.append(entry.path);
    f.path = std::string_view(paths_).substr(at, entry.path.size());
    f.is_note = entry.is_note;
    if (!entry.nfc_if_different.empty()) {
      nfc_.push_back(std::move(entry.nfc_if_different));
      f.nfc_at = static_cast<std::uint32_t>(nfc_.size());
    }
    entry = FileEntry{};
  }
  std::vector<FileEntry>().swap(files);
  std::vector<std::pair<std::string, std::uint32_t>> paths;
  std::vector<std::pair<std::string, std::uint32_t>> names;
  std::vector<std::pair<std::string, std::uint32_t>> alias_keys;
  paths.reserve(files_.size());
  names.reserve(files_.size());
  std::size_t alias_count = 0;
  for (const auto& list : aliases) alias_count += list.size();
  alias_keys.reserve(alias_count);
  alias_file_.reserve(alias_count);
  alias_text_.reserve(alias_count);
  for (std::uint32_t i = 0; i < files_.size(); ++i) {
    names.emplace_back(std::string(util::file_name(folded[i])), i);
    paths.emplace_back(std::move(folded[i]), i);
    if (i < aliases.size()) {
      for (const auto alias : aliases[i]) {
        alias_keys.emplace_back(util::fold(alias), static_cast<std::uint32_t>(alias_file_.size()));
        alias_file_.push_back(i);
        alias_text_.push_back(alias);
      }
    }
  }
  std::vector<std::string>().swap(folded);
  by_name_.build(std::move(names));
  by_alias_.build(std::move(alias_keys));
  // The folded paths are kept once, as the path table's keys.
  by_path_.build(std::move(paths));
  by_path_.for_each([&](std::string_view key, std::span<const std::uint32_t> ids) {
    for (const auto f : ids) files_[f].folded = key;
  });
}

std::vector<NameIndex::AliasHit> NameIndex::by_alias(std::string_view folded) const {
  std::vector<AliasHit> out;
  for (const auto a : by_alias_.find(folded)) out.push_back({alias_file_[a], alias_text_[a]});
  return out;
}

}  // namespace kg::resolve
