// The parser's output for one note: a pure value computed from the note's bytes alone.
#pragma once

#include <kg/diagnostic.hpp>
#include <kg/types.hpp>
#include <kg/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace kg::parse {

enum class LinkKind : std::uint8_t { Wiki, Markdown };

/// One link as written, before resolution.
struct Link {
  LinkKind kind = LinkKind::Wiki;
  bool embed = false;
  std::string raw;         ///< Exact source text, e.g. "![[a.png|100]]".
  std::string target;      ///< Link path: trimmed; markdown destinations percent-decoded.
  std::string subpath;     ///< After the first '#', without it: "Heading", "A#B" or "^id".
  bool has_subpath = false;
  std::string display;     ///< Text after '|' (wikilinks) or the bracketed text (markdown).
  std::uint32_t width = 0;   ///< An embed's `|W` or `|WxH` size (0: none); not in `display`.
  std::uint32_t height = 0;
  std::uint32_t line = 0;  ///< 1-based, in the whole file.
  std::uint32_t col = 0;   ///< 1-based byte column.
  Origin origin = Origin::Body;
  std::string relation;    ///< Normalised relation; empty means links_to / embeds.
  int section = -1;        ///< Index of the heading the link stands under, or -1.
  std::string column;      ///< Table links: the header of the link's column.
  Properties properties;   ///< Edge properties stated in front matter.
};

struct Heading {
  int level = 1;
  std::string text;  ///< Plain text of the heading.
  std::string key;   ///< heading_key() of the heading as written.
  std::uint32_t line = 0;
  int parent = -1;   ///< Index of the enclosing heading, or -1.
};

struct ParsedNote {
  bool has_frontmatter = false;
  Properties properties;
  std::vector<std::string> aliases;
  std::uint32_t aliases_line = 0;  ///< Line of the `aliases` key (0 when absent).
  std::vector<std::string> tags;
  std::string type;
  std::uint32_t type_line = 0;     ///< Line of the `type` key (0 when absent).
  std::vector<Heading> headings;
  std::vector<std::string> block_ids;
  std::vector<std::string> footnotes;  ///< Ids of the footnote definitions (`[^id]: ...`).
  std::vector<Link> links;
  std::vector<std::string> external_links;
  std::vector<Diagnostic> diagnostics;
};

/// Bounds that keep hostile notes cheap (research/reliability.md, section C).
struct ParseLimits {
  std::uint64_t max_frontmatter_bytes = 64u << 10;
  std::uint32_t max_frontmatter_lines = 2000;
  int max_yaml_depth = 64;
  std::uint32_t max_yaml_nodes = 10000;
  std::size_t max_link_bytes = 4096;
  std::size_t max_links = 100000;
  /// Read every body with kg's simple block reader instead of cmark-gfm, as kg does for a
  /// note that blows cmark's budget. Tests set it to hold the two readers to one answer.
  bool markdown_fallback_only = false;
  /// Read every front matter with yaml-cpp, also the simple ones kg reads itself
  /// (parse/simple_yaml.hpp). Tests set it to hold the two readers to one answer.
  bool yaml_cpp_only = false;
};

/// Heading comparison key, as Obsidian's `stripHeading` makes it: the characters
/// ``!"#$%&()*+,.:;<=>?@^`{|}~/[]\`` and line breaks become spaces, whitespace runs collapse
/// to one space, the ends are trimmed, and case is folded.
std::string heading_key(std::string_view text);

}  // namespace kg::parse
