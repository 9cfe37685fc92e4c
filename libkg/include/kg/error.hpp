// kg: failed operations.
//
// Operations that cannot be carried out (an unreadable vault root, an unknown note, a bad
// argument) throw kg::Error. Its code is stable; the message is for people.
#pragma once

#include <kg/export.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace kg {

enum class ErrorCode {
  InvalidArgument,  ///< A caller passed something kg cannot use.
  VaultNotFound,    ///< The vault root does not exist or is not a directory.
  Io,               ///< The operating system refused an operation kg cannot do without.
  NoteNotFound,      ///< A NOTE argument matched no node.
  OutputInsideVault, ///< kg was asked to write inside the vault it reads.
  NoteAmbiguous,     ///< A NOTE argument matched several notes equally well.
  Cancelled,         ///< The caller cancelled a traversal (TraversalOptions::cancel).
  BudgetExceeded,    ///< A whole-graph answer or a query ran out of its bounds.
  InvalidQuery,      ///< A query kg cannot run (kg::query::QueryError says where and why).
  RendererMissing    ///< Graphviz cannot draw: its plugins are not installed.
};

/// Stable name of a code, e.g. "vault-not-found".
KG_API std::string_view to_string(ErrorCode code) noexcept;

class KG_API Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace kg
