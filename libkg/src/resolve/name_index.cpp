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

void FlatMultiMap::build(std::span<const std::pair<std::string_view, std::uint32_t>> pairs) {
  // One pass in input order puts each new key in its slot and chains each value after the
  // last of its key's, so a key's values keep the order they were added in; then the
  // values are laid out key by key. No sort: a hash probe per pair.
  std::size_t capacity = 16;
  while (capacity < pairs.size() * 2) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  const std::size_t filter_bits = capacity * 4;  // 8 bits per key at the table's fullest
  filter_.assign(filter_bits / 64, 0);
  filter_mask_ = filter_bits - 1;
  keys_.clear();
  values_.clear();
  constexpr std::uint32_t kEnd = 0xFFFFFFFFu;
  std::vector<std::uint32_t> next(pairs.size(), kEnd);  // the pair after this one, same key
  std::vector<std::uint32_t> last;                        // per key: its last pair so far
  std::vector<std::uint32_t> key_slot;                    // per key: its slot
  std::size_t bytes = 0;
  for (const auto& [key, value] : pairs) bytes += key.size();
  keys_.reserve(bytes);
  for (std::uint32_t i = 0; i < pairs.size(); ++i) {
    const std::string_view key = pairs[i].first;
    if (key.empty()) continue;
    const std::uint64_t h = hash_of(key);
    const auto hash = static_cast<std::uint32_t>(h >> 32);
    std::size_t at = h & mask_;
    for (; slots_[at].length != 0; at = (at + 1) & mask_) {
      const Slot& s = slots_[at];
      if (s.hash == hash && std::string_view(keys_).substr(s.key, s.length) == key) break;
    }
    Slot& s = slots_[at];
    if (s.length != 0) {
      // A key seen before: `first` holds its index among the keys until the layout below.
      next[last[s.first]] = i;
      last[s.first] = i;
      continue;
    }
    s.hash = hash;
    s.key = static_cast<std::uint32_t>(keys_.size());
    s.length = static_cast<std::uint32_t>(key.size());
    s.first = static_cast<std::uint32_t>(last.size());
    keys_ += key;
    last.push_back(i);
    key_slot.push_back(static_cast<std::uint32_t>(at));
    const std::size_t bit = (h >> 40) & filter_mask_;
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  // A pair no other pair chains to is the first of its key, and the keys were met in that
  // order: walking those pairs in input order walks the keys in order.
  std::vector<bool> chained(pairs.size(), false);
  for (const std::uint32_t n : next) {
    if (n != kEnd) chained[n] = true;
  }
  values_.reserve(pairs.size() + last.size());
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < pairs.size(); ++i) {
    if (pairs[i].first.empty() || chained[i]) continue;
    Slot& s = slots_[key_slot[k++]];
    s.first = static_cast<std::uint32_t>(values_.size());
    values_.push_back(0);
    for (std::uint32_t p = i; p != kEnd; p = next[p]) {
      values_.push_back(pairs[p].second);
      ++values_[s.first];
    }
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
  std::vector<std::pair<std::string_view, std::uint32_t>> pairs;
  pairs.reserve(files_.size());
  for (std::uint32_t i = 0; i < files_.size(); ++i) pairs.emplace_back(util::file_name(folded[i]), i);
  by_name_.build(pairs);
  pairs.clear();
  for (std::uint32_t i = 0; i < files_.size(); ++i) pairs.emplace_back(folded[i], i);
  // The folded paths are kept once, as the path table's keys.
  by_path_.build(pairs);
  std::vector<std::string>().swap(folded);
  by_path_.for_each([&](std::string_view key, std::span<const std::uint32_t> ids) {
    for (const auto f : ids) files_[f].folded = key;
  });
  std::size_t alias_count = 0;
  for (const auto& list : aliases) alias_count += list.size();
  std::vector<std::string> alias_keys;
  alias_keys.reserve(alias_count);
  alias_file_.reserve(alias_count);
  alias_text_.reserve(alias_count);
  pairs.clear();
  for (std::uint32_t i = 0; i < files_.size() && i < aliases.size(); ++i) {
    for (const auto alias : aliases[i]) {
      alias_keys.push_back(util::fold(alias));
      alias_file_.push_back(i);
      alias_text_.push_back(alias);
    }
  }
  for (std::uint32_t a = 0; a < alias_keys.size(); ++a) pairs.emplace_back(alias_keys[a], a);
  by_alias_.build(pairs);
}

std::vector<NameIndex::AliasHit> NameIndex::by_alias(std::string_view folded) const {
  std::vector<AliasHit> out;
  for (const auto a : by_alias_.find(folded)) out.push_back({alias_file_[a], alias_text_[a]});
  return out;
}

}  // namespace kg::resolve
