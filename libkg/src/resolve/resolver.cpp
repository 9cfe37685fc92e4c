#include "resolve/resolver.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <tuple>

namespace kg::resolve {
namespace {

// Exact path lookup, case-insensitive with the exact spelling preferred. `folded` is
// fold(path), when the caller has it already.
std::optional<std::uint32_t> exact(const NameIndex& index, const std::string& path,
                                   const std::string& folded) {
  const auto& hits = index.by_path(folded);
  if (hits.empty()) return std::nullopt;
  const std::string written = util::nfc(path);
  for (const auto i : hits) {
    if (index.file(i).nfc == written) return i;
  }
  return hits.front();  // files are sorted: codepoint order
}

std::optional<std::uint32_t> exact(const NameIndex& index, const std::string& path) {
  return exact(index, path, util::fold(path));
}

// exact_or_md with the folded path computed once.
std::optional<std::uint32_t> exact_or_md(const NameIndex& index, const std::string& path,
                                         const std::string& folded) {
  if (auto hit = exact(index, path, folded)) return hit;
  if (auto hit = exact(index, path + ".md", folded + ".md")) {
    if (index.file(*hit).is_note) return hit;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> exact_or_md(const NameIndex& index, const std::string& path) {
  if (auto hit = exact(index, path)) return hit;
  if (auto hit = exact(index, path + ".md")) {
    if (index.file(*hit).is_note) return hit;
  }
  return std::nullopt;
}

// True when `path` ends with "/" + suffix or equals it, comparing folded forms.
bool ends_with_components(std::string_view folded_path, std::string_view folded_suffix) {
  if (folded_path.size() < folded_suffix.size()) return false;
  if (folded_path.substr(folded_path.size() - folded_suffix.size()) != folded_suffix) return false;
  return folded_path.size() == folded_suffix.size() ||
         folded_path[folded_path.size() - folded_suffix.size() - 1] == '/';
}

Outcome pick(const NameIndex& index, std::vector<std::uint32_t> candidates, std::string_view source,
             const std::vector<std::string>& exact_forms, Via via) {
  Outcome out;
  out.via = via;
  const std::string_view own_folder = util::parent_path(source);
  const auto key = [&](std::uint32_t i) {
    const IndexedFile& f = index.file(i);
    const bool own = f.folder() == own_folder;
    bool exact_case = false;
    for (const auto& form : exact_forms) {
      if (f.nfc.size() >= form.size() &&
          std::string_view(f.nfc).substr(f.nfc.size() - form.size()) == form) {
        exact_case = true;
      }
    }
    return std::make_tuple(!own, util::codepoint_count(f.path), !exact_case,
                           std::string_view(f.path));
  };
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const auto best = std::min_element(candidates.begin(), candidates.end(),
                                     [&](auto a, auto b) { return key(a) < key(b); });
  out.file = *best;
  if (candidates.size() > 1) {
    out.ambiguous = true;
    out.candidates = std::move(candidates);  // file order is path order
  }
  return out;
}

}  // namespace

std::string ghost_key(std::string_view target) {
  std::string key = util::fold(target);
  if (util::ends_with_icase(key, ".md") && key.size() > 3) key.resize(key.size() - 3);
  return key;
}

Outcome resolve_target(const NameIndex& index, std::string_view raw_target,
                       std::string_view source, bool markdown, const ResolveOptions& options) {
  Outcome out;
  std::string target(raw_target);
  std::replace(target.begin(), target.end(), '\\', '/');

  // Rule 1: the note itself.
  if (target.empty()) {
    if (auto self = exact(index, std::string(source))) {
      out.file = self;
      out.via = Via::Self;
    } else {
      out.reason = Reason::NotFound;
    }
    return out;
  }
  const std::string_view folder = util::parent_path(source);
  // Rule 2: relative to the source's folder, exact, no fallback.
  if (target.rfind("./", 0) == 0 || target.rfind("../", 0) == 0) {
    std::string joined;
    if (!util::join_lexically(folder, target, joined)) {
      out.reason = Reason::EscapesVault;
      return out;
    }
    if (auto hit = exact_or_md(index, joined)) {
      out.file = hit;
      out.via = Via::Relative;
    } else {
      out.reason = Reason::NotFound;
    }
    return out;
  }
  // Rule 3: from the vault root, exact, no fallback.
  if (target.front() == '/') {
    std::string joined;
    if (!util::join_lexically("", target, joined)) {
      out.reason = Reason::EscapesVault;
      return out;
    }
    if (auto hit = exact_or_md(index, joined)) {
      out.file = hit;
      out.via = Via::Path;
    } else {
      out.reason = Reason::NotFound;
    }
    return out;
  }
  // A path with ".." segments never leaves the root, whatever rule reads it.
  std::string normal;
  if (!util::join_lexically("", target, normal)) {
    out.reason = Reason::EscapesVault;
    return out;
  }
  // Markdown destinations are relative to the note first, as in CommonMark.
  if (markdown && !folder.empty()) {
    std::string joined;
    if (!util::join_lexically(folder, target, joined)) {
      out.reason = Reason::EscapesVault;
      return out;
    }
    if (auto hit = exact_or_md(index, joined)) {
      out.file = hit;
      out.via = Via::Relative;
      return out;
    }
  }
  // Rule 4: exact path from the root.
  const std::string folded = util::fold(normal);
  if (auto hit = exact_or_md(index, normal, folded)) {
    out.file = hit;
    out.via = Via::Path;
    return out;
  }
  // Rule 5: every file whose path ends with /T (attachments and explicit names) or /T.md.
  const std::string folded_md = folded + ".md";
  std::vector<std::uint32_t> literal;
  if (util::has_extension(normal)) {
    for (const auto i : index.by_name(std::string(util::file_name(folded)))) {
      if (ends_with_components(index.file(i).folded, folded)) literal.push_back(i);
    }
  }
  std::vector<std::uint32_t> notes;
  if (literal.empty()) {
    for (const auto i : index.by_name(std::string(util::file_name(folded_md)))) {
      if (index.file(i).is_note && ends_with_components(index.file(i).folded, folded_md)) {
        notes.push_back(i);
      }
    }
  }
  const std::string written = util::nfc(normal);
  if (!literal.empty()) {
    return pick(index, std::move(literal), source, {"/" + written, written}, Via::Name);
  }
  if (!notes.empty()) {
    return pick(index, std::move(notes), source, {"/" + written + ".md", written + ".md"},
                Via::Name);
  }
  // Rule 7: aliases.
  if (options.aliases) {
    const auto& hits = index.by_alias(folded);
    if (!hits.empty()) {
      std::vector<std::uint32_t> files;
      std::vector<std::uint32_t> exact_case;
      for (const auto& hit : hits) {
        files.push_back(hit.file);
        if (util::nfc(hit.alias) == written) exact_case.push_back(hit.file);
      }
      // Exact alias spelling decides between otherwise equal candidates.
      Outcome o = pick(index, files, source, {}, Via::Alias);
      if (o.ambiguous && !exact_case.empty()) {
        const Outcome e = pick(index, exact_case, source, {}, Via::Alias);
        const auto& f = index.file(*o.file);
        const auto& g = index.file(*e.file);
        if ((f.folder() == util::parent_path(source)) == (g.folder() == util::parent_path(source)) &&
            util::codepoint_count(f.path) == util::codepoint_count(g.path)) {
          o.file = e.file;
        }
      }
      return o;
    }
  }
  out.reason = Reason::NotFound;
  return out;
}

}  // namespace kg::resolve
