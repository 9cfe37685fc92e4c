#include "resolve/resolver.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <tuple>

namespace kg::resolve {
namespace {

// Exact path lookup, case-insensitive with the exact spelling preferred. `folded` is
// fold(path), when the caller has it already. `suffix` is appended to both (".md"), so that
// callers need not build the longer strings for the common single hit.
std::optional<std::uint32_t> exact(const NameIndex& index, std::string_view path,
                                   std::string_view folded, std::string_view suffix = {}) {
  std::span<const std::uint32_t> hits;
  if (suffix.empty()) {
    hits = index.by_path(folded);
  } else {
    thread_local std::string key;
    key.assign(folded);
    key += suffix;
    hits = index.by_path(key);
  }
  if (hits.empty()) return std::nullopt;
  if (hits.size() == 1) return hits.front();
  const std::string written = util::nfc(std::string(path) + std::string(suffix));
  for (const auto i : hits) {
    if (index.nfc(i) == written) return i;
  }
  return hits.front();  // files are sorted: codepoint order
}

std::optional<std::uint32_t> exact(const NameIndex& index, std::string_view path) {
  return exact(index, path, util::fold(path));
}

// exact_or_md with the folded path computed once.
std::optional<std::uint32_t> exact_or_md(const NameIndex& index, std::string_view path,
                                         std::string_view folded) {
  if (auto hit = exact(index, path, folded)) return hit;
  if (auto hit = exact(index, path, folded, ".md")) {
    if (index.file(*hit).is_note) return hit;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> exact_or_md(const NameIndex& index, std::string_view path) {
  return exact_or_md(index, path, util::fold(path));
}

// Obsidian's candidate order (MetadataCache.getLinkpathDest): first the files whose folded
// path starts with the source's folded folder, as a plain string prefix (so the source's whole
// subtree, and also a sibling folder whose name begins with the same letters), then the rest;
// within each group the shortest path in UTF-16 units. Obsidian leaves equal lengths in load
// order; kg breaks them by exact spelling, then codepoint order, so the answer is stable.
Outcome pick(const NameIndex& index, std::vector<std::uint32_t> candidates, std::string_view source,
             const std::vector<std::string>& exact_forms, Via via) {
  Outcome out;
  out.via = via;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (candidates.size() == 1) {
    out.file = candidates.front();
    return out;
  }
  const std::string folder = util::fold(util::parent_path(source));
  const auto key = [&](std::uint32_t i) {
    const IndexedFile& f = index.file(i);
    const bool below = f.folded.compare(0, folder.size(), folder) == 0;
    bool exact_case = false;
    for (const auto& form : exact_forms) {
      if (const std::string_view nfc = index.nfc(i);
          nfc.size() >= form.size() && nfc.substr(nfc.size() - form.size()) == form) {
        exact_case = true;
      }
    }
    return std::make_tuple(!below, util::utf16_length(f.path), !exact_case,
                           std::string_view(f.path));
  };
  const auto best = std::min_element(candidates.begin(), candidates.end(),
                                     [&](auto a, auto b) { return key(a) < key(b); });
  out.file = *best;
  out.ambiguous = true;
  out.candidates = std::move(candidates);  // file order is path order
  return out;
}

// Applies the leading "./" and "../" segments of `target` to `folder`, as Obsidian does: each
// "../" takes the parent, and the parent of the root is the root. The rest of the target is
// kept as written ("..", inside a name, is text). Returns false when a "../" was clamped.
bool apply_relative(std::string_view folder, std::string_view target, std::string& out) {
  std::string base(folder);
  bool inside = true;
  for (;;) {
    if (target.rfind("./", 0) == 0) {
      target.remove_prefix(2);
    } else if (target.rfind("../", 0) == 0) {
      target.remove_prefix(3);
      if (base.empty()) {
        inside = false;
      } else {
        base = std::string(util::parent_path(base));
      }
    } else {
      break;
    }
  }
  out = base.empty() ? std::string(target) : base + "/" + std::string(target);
  return inside;
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
    if (auto self = exact(index, source)) {
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
    out.above_root = !apply_relative(folder, target, joined);
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
    if (auto hit = exact_or_md(index, target.substr(1))) {
      out.file = hit;
      out.via = Via::Path;
    } else {
      out.reason = Reason::NotFound;
    }
    return out;
  }
  // Markdown destinations are relative to the note first, as URLs are.
  if (markdown && !folder.empty()) {
    std::string joined;
    const bool inside = util::join_lexically(folder, target, joined);
    if (auto hit = exact_or_md(index, joined)) {
      out.file = hit;
      out.via = Via::Relative;
      out.above_root = !inside;
      return out;
    }
  }
  // Rule 4: exact path from the root. ".." inside a name is text here, as in Obsidian.
  const std::string& normal = target;
  const std::string folded = util::fold(normal);
  if (auto hit = exact_or_md(index, normal, folded)) {
    out.file = hit;
    out.via = Via::Path;
    return out;
  }
  // Rule 5: the files named like T's last component whose folded path ends with T (or T.md),
  // a plain string suffix as in Obsidian: [[eep/y]] finds deep/y.md.
  std::vector<std::uint32_t> literal;
  if (util::has_extension(normal)) {
    for (const auto i : index.by_name(util::file_name(folded))) {
      if (std::string_view(index.file(i).folded).ends_with(folded)) literal.push_back(i);
    }
  }
  std::vector<std::uint32_t> notes;
  if (literal.empty()) {
    thread_local std::string folded_md;
    folded_md.assign(folded);
    folded_md += ".md";
    // A target without '/' is the whole file name the lookup matched, so only the kind
    // of file is left to check.
    const bool name_only = folded_md.find('/') == std::string::npos;
    for (const auto i : index.by_name(util::file_name(folded_md))) {
      const IndexedFile& f = index.file(i);
      if (f.is_note && (name_only || std::string_view(f.folded).ends_with(folded_md))) {
        notes.push_back(i);
      }
    }
  }
  // The exact spelling only breaks ties, so it is normalised only when there is a choice.
  if (literal.size() == 1 || (literal.empty() && notes.size() == 1)) {
    out.file = literal.empty() ? notes.front() : literal.front();
    out.via = Via::Name;
    return out;
  }
  const std::string written = util::nfc(normal);
  if (!literal.empty()) {
    return pick(index, std::move(literal), source, {written}, Via::Name);
  }
  if (!notes.empty()) {
    return pick(index, std::move(notes), source, {written + ".md"}, Via::Name);
  }
  // Rule 7: aliases.
  if (options.aliases) {
    const auto hits = index.by_alias(folded);
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
        const std::string folder_key = util::fold(folder);
        const auto rank = [&](std::uint32_t i) {
          const IndexedFile& f = index.file(i);
          return std::make_pair(f.folded.compare(0, folder_key.size(), folder_key) != 0,
                                util::utf16_length(f.path));
        };
        if (rank(*o.file) == rank(*e.file)) o.file = e.file;
      }
      return o;
    }
  }
  out.reason = Reason::NotFound;
  return out;
}

}  // namespace kg::resolve
