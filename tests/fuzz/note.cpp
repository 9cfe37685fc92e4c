// Fuzz target: a whole note (front matter, Markdown body, links of every syntax, inline
// fields, tables, tags), through cmark-gfm and through kg's own block reader.
#include "parse/note_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)kg::parse::parse_note("fuzz.md", text);
  kg::parse::ParseLimits fallback;
  fallback.markdown_fallback_only = true;
  (void)kg::parse::parse_note("fuzz.md", text, fallback);
  return 0;
}
