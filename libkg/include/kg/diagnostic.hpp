// kg: problems found in a vault's notes.
//
// A problem in a note never throws. It becomes a Diagnostic and the ingest goes on with the
// rest of the vault. Codes are stable kebab-case strings (for example `unresolved-link`,
// `frontmatter-parse`); tests and tools match on the code, never on the message.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace kg {

enum class Severity : std::uint8_t { Info, Warning, Error };

/// "info", "warning" or "error".
KG_API std::string_view to_string(Severity severity) noexcept;

struct Diagnostic {
  Severity severity = Severity::Warning;
  std::string code;     ///< Stable identifier, e.g. "unresolved-link".
  std::string file;     ///< Vault-relative path with '/' separators; empty for the vault itself.
  std::uint32_t line = 0;  ///< 1-based line in the file (front matter included); 0 if none.
  std::uint32_t col = 0;   ///< 1-based byte column; 0 if none.
  std::string message;  ///< One human sentence, valid UTF-8.

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Deterministic order: file, line, column, code, message.
KG_API bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) noexcept;

/// `file:line:col: severity: code: message`, the format `kg check` prints.
KG_API std::string format_diagnostic(const Diagnostic& d);

}  // namespace kg
