// The shape of one link: splitting `target#sub|display` and markdown destinations.
#pragma once

#include "parse/parsed_note.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kg::parse {

struct LinkParts {
  std::string target;
  std::string subpath;
  bool has_subpath = false;
  std::string display;
};

/// Splits the text between `[[` and `]]`. The display starts at the first '|' (or `\|`, the
/// table form); the target ends at the first '#'. Returns nullopt when both target and
/// subpath are empty (`[[]]`, `[[|x]]`, `[[#]]`), which is not a link.
std::optional<LinkParts> split_wiki_inner(std::string_view inner);

/// Splits a markdown destination (already without <>): percent-decodes, splits at '#'.
LinkParts split_markdown_destination(std::string_view dest);

/// A link as a user types it on the command line: `[[...]]`, `![[...]]`, `[text](dest)`,
/// `![alt](dest)`, or a bare target taken as `[[target]]`. Returns nullopt for an empty link.
std::optional<Link> parse_link_text(std::string_view text);

/// Finds the wikilinks in one line-free or multi-line string (front-matter values): no code,
/// tags or markdown links there. Positions are byte offsets into `text`.
struct WikiMatch {
  std::size_t begin = 0;  ///< Offset of '[' (or '!' for embeds).
  std::size_t end = 0;    ///< One past the closing "]]".
  bool embed = false;
  LinkParts parts;
};
enum class WikiReject : std::uint8_t { Empty, TooLong };

/// A wikilink whose "[[" starts at `open`, given the first "]]" after it on the same line at
/// `close`. Nullopt, with the reason in `reject`, when it is empty or longer than
/// `max_link_bytes`.
std::optional<WikiMatch> match_wikilink(std::string_view text, std::size_t open,
                                        std::size_t close, std::size_t max_link_bytes,
                                        WikiReject* reject = nullptr);

/// True when a link points outside the vault: a markdown destination with a URI scheme
/// (`https:`, `mailto:`), or a wikilink target that is a `scheme://` URL. A colon alone does
/// not make a wikilink external: `[[Re:Zero]]` and `[[Python:]]` are note names.
bool is_external(const Link& link) noexcept;

/// An embed's size, as Obsidian reads it from the text after the last '|': `300` (width)
/// or `300x200`. Moves it from `link.display` into `link.width`/`link.height`; a display
/// that is not a size is kept. Only embeds have a size.
void take_embed_size(Link& link);

/// True when text[i] is preceded by an odd number of backslashes.
bool is_escaped(std::string_view text, std::size_t i) noexcept;

std::vector<WikiMatch> find_wikilinks(std::string_view text, std::size_t max_link_bytes = 4096);

}  // namespace kg::parse
