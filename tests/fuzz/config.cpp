// Fuzz target: kg.yaml (settings, types, relations, views). Any text gives a configuration
// and diagnostics, never an exception.
#include "config/vault_config.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<kg::Diagnostic> diagnostics;
  (void)kg::config::parse_config(text, "kg.yaml", diagnostics);
  return 0;
}
