#include <kg/diagnostic.hpp>
#include <kg/error.hpp>
#include <kg/version.hpp>

#include <tuple>

namespace kg {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

bool diagnostic_less(const Diagnostic& a, const Diagnostic& b) noexcept {
  return std::tie(a.file, a.line, a.col, a.code, a.message) <
         std::tie(b.file, b.line, b.col, b.code, b.message);
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string(".") : d.file;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.col > 0) out += ':' + std::to_string(d.col);
  }
  out += ": ";
  out += to_string(d.severity);
  out += ": ";
  out += d.code;
  out += ": ";
  out += d.message;
  return out;
}

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::VaultNotFound: return "vault-not-found";
    case ErrorCode::Io: return "io";
    case ErrorCode::NoteNotFound: return "note-not-found";
    case ErrorCode::OutputInsideVault: return "output-inside-vault";
    case ErrorCode::NoteAmbiguous: return "note-ambiguous";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::BudgetExceeded: return "budget-exceeded";
    case ErrorCode::InvalidQuery: return "invalid-query";
    case ErrorCode::RendererMissing: return "renderer-missing";
  }
  return "unknown";
}

const char* version() noexcept { return KG_VERSION_STRING; }

}  // namespace kg
