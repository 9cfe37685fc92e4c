// Fuzz target: front matter. The fences are found, the YAML between them read into
// properties, aliases, tags, type and links; any input gives diagnostics, never a crash.
#include "parse/frontmatter.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kg::parse::ParseLimits limits;
  (void)kg::parse::find_frontmatter(text, limits);
  kg::parse::ParsedNote note;
  kg::parse::read_frontmatter(text, 2, "fuzz.md", limits, note);
  kg::parse::ParseLimits own_reader = limits;
  own_reader.yaml_cpp_only = true;
  kg::parse::ParsedNote again;
  kg::parse::read_frontmatter(text, 2, "fuzz.md", own_reader, again);
  (void)kg::parse::typed_value(text);
  return 0;
}
