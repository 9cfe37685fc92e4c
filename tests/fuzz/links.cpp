// Fuzz target: link syntax. Wikilinks found in a text, a link's text split into target,
// subpath and display, Markdown destinations, embed sizes.
#include "parse/link_syntax.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& match : kg::parse::find_wikilinks(text)) (void)match;
  if (auto link = kg::parse::parse_link_text(text)) {
    (void)kg::parse::is_external(*link);
    kg::parse::take_embed_size(*link);
  }
  (void)kg::parse::split_wiki_inner(text);
  (void)kg::parse::split_markdown_destination(text);
  return 0;
}
