// Small text helpers shared by the parser, the resolver and the writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::util {

/// Without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s) noexcept;
/// Without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT).
std::string_view trim_space(std::string_view s) noexcept;

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept;
bool ends_with_icase(std::string_view s, std::string_view suffix) noexcept;
std::string ascii_lower(std::string_view s);

/// A relation name as kg stores it: lower case, runs of spaces, dashes and underscores
/// become one '_', and emphasis markers and surrounding punctuation are dropped.
/// "Headquarters City" -> "headquarters_city".
std::string normalise_relation(std::string_view phrase);

/// %XX decoding; invalid escapes are kept literally. The result is repaired to valid UTF-8.
std::string percent_decode(std::string_view s);

/// True when `s` starts with a URI scheme such as `https:` or `mailto:` (not a drive letter).
bool has_uri_scheme(std::string_view s) noexcept;
/// True when `s` starts with a scheme followed by `//` (`https://x`, `zotero://select`): the
/// only wikilink targets that are URLs. `Re:Zero` and `Python:` are note names.
bool is_url(std::string_view s) noexcept;

/// Splits on '/', dropping nothing.
std::vector<std::string_view> split_path(std::string_view path);

/// The folder part of a vault path ("a/b/c.md" -> "a/b", "c.md" -> "").
std::string_view parent_path(std::string_view path) noexcept;
/// The last component ("a/b/c.md" -> "c.md").
std::string_view file_name(std::string_view path) noexcept;
/// True when the last component has an extension (a '.' that is not its first character).
bool has_extension(std::string_view path) noexcept;

/// Joins `base` and a relative path lexically, resolving "." and "..". The parent of the
/// vault root is the root, as in Obsidian: returns false when a ".." was clamped there.
bool join_lexically(std::string_view base, std::string_view rel, std::string& out);

/// Line starts of `text`: offsets of the first byte of each line ('\n' ends a line).
std::vector<std::uint32_t> line_starts(std::string_view text);

/// Optimal string alignment distances (Levenshtein plus swaps of neighbours, the usual
/// typos) from `a` to `b` and to the closest prefix of `b`; limit + 1 stands for anything
/// beyond `limit`.
struct Distances {
  std::size_t whole;
  std::size_t prefix;
};
Distances edit_distances(const std::u32string& a, const std::u32string& b, std::size_t limit);

}  // namespace kg::util
