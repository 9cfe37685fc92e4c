#include "resolve/name_index.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"

namespace kg::resolve {

std::string_view IndexedFile::folder() const { return util::parent_path(path); }

NameIndex::NameIndex(std::vector<IndexedFile> files,
                     const std::vector<std::vector<std::string>>& aliases)
    : files_(std::move(files)) {
  by_path_.reserve(files_.size());
  by_name_.reserve(files_.size());
  for (std::uint32_t i = 0; i < files_.size(); ++i) {
    const IndexedFile& f = files_[i];
    by_path_[f.folded].push_back(i);
    by_name_[std::string(util::file_name(f.folded))].push_back(i);
    if (i < aliases.size()) {
      for (const auto& alias : aliases[i]) by_alias_[util::fold(alias)].push_back({i, alias});
    }
  }
}

namespace {
template <typename T>
const std::vector<T>& lookup(const std::unordered_map<std::string, std::vector<T>>& map,
                             const std::string& key) {
  static const std::vector<T> kNone;
  const auto it = map.find(key);
  return it == map.end() ? kNone : it->second;
}
}  // namespace

const std::vector<std::uint32_t>& NameIndex::by_path(const std::string& folded) const {
  return lookup(by_path_, folded);
}
const std::vector<std::uint32_t>& NameIndex::by_name(const std::string& folded_name) const {
  return lookup(by_name_, folded_name);
}
const std::vector<NameIndex::AliasHit>& NameIndex::by_alias(const std::string& folded) const {
  return lookup(by_alias_, folded);
}

}  // namespace kg::resolve
