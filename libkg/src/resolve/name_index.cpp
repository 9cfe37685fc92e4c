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
  for (std::size_t i = 0; i < pairs.size(); ++i) keys += (i == 0 || pairs[i].first != pairs[i - 1].first);
  std::size_t capacity = 16;
  while (capacity < keys * 2) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  const std::size_t filter_bits = capacity * 4;  // 8 bits per key at the table's fullest
  filter_.assign(filter_bits / 64, 0);
  filter_mask_ = filter_bits - 1;
  values_.clear();
  values_.reserve(pairs.size());
  keys_.clear();
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j].first == pairs[i].first) ++j;
    const std::string& key = pairs[i].first;
    Slot slot;
    slot.hash = hash_of(key);
    slot.key = static_cast<std::uint32_t>(keys_.size());
    slot.length = static_cast<std::uint32_t>(key.size());
    slot.first = static_cast<std::uint32_t>(values_.size());
    slot.count = static_cast<std::uint32_t>(j - i);
    keys_ += key;
    for (std::size_t k = i; k < j; ++k) values_.push_back(pairs[k].second);
    const std::size_t bit = (slot.hash >> 40) & filter_mask_;
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    std::size_t at = slot.hash & mask_;
    while (slots_[at].count != 0) at = (at + 1) & mask_;
    slots_[at] = slot;
    i = j;
  }
}

std::span<const std::uint32_t> FlatMultiMap::find(std::string_view key) const {
  if (slots_.empty()) return {};
  const std::uint64_t h = hash_of(key);
  const std::size_t bit = (h >> 40) & filter_mask_;
  if ((filter_[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return {};
  for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
    const Slot& s = slots_[at];
    if (s.count == 0) return {};
    if (s.hash == h && std::string_view(keys_).substr(s.key, s.length) == key) {
      return std::span<const std::uint32_t>(values_).subspan(s.first, s.count);
    }
  }
}

NameIndex::NameIndex(std::vector<IndexedFile> files,
                     const std::vector<std::vector<std::string>>& aliases)
    : files_(std::move(files)) {
  std::vector<std::pair<std::string, std::uint32_t>> paths;
  std::vector<std::pair<std::string, std::uint32_t>> names;
  std::vector<std::pair<std::string, std::uint32_t>> alias_keys;
  paths.reserve(files_.size());
  names.reserve(files_.size());
  for (std::uint32_t i = 0; i < files_.size(); ++i) {
    const IndexedFile& f = files_[i];
    paths.emplace_back(f.folded, i);
    names.emplace_back(std::string(util::file_name(f.folded)), i);
    if (i < aliases.size()) {
      for (const auto& alias : aliases[i]) {
        alias_keys.emplace_back(util::fold(alias), static_cast<std::uint32_t>(alias_file_.size()));
        alias_file_.push_back(i);
        alias_text_.push_back(alias);
      }
    }
  }
  by_path_.build(std::move(paths));
  by_name_.build(std::move(names));
  by_alias_.build(std::move(alias_keys));
}

std::vector<NameIndex::AliasHit> NameIndex::by_alias(std::string_view folded) const {
  std::vector<AliasHit> out;
  for (const auto a : by_alias_.find(folded)) out.push_back({alias_file_[a], alias_text_[a]});
  return out;
}

}  // namespace kg::resolve
