#include <kg/types.hpp>

namespace kg {

std::string_view to_string(NodeKind kind) noexcept {
  switch (kind) {
    case NodeKind::Note: return "note";
    case NodeKind::Attachment: return "attachment";
    case NodeKind::Ghost: return "ghost";
  }
  return "note";
}

std::string_view to_string(Inference inference) noexcept {
  switch (inference) {
    case Inference::None: return "none";
    case Inference::Inverse: return "inverse";
    case Inference::Symmetric: return "symmetric";
    case Inference::Transitive: return "transitive";
  }
  return "none";
}

std::string_view to_string(Origin origin) noexcept {
  switch (origin) {
    case Origin::Frontmatter: return "frontmatter";
    case Origin::InlineField: return "inline_field";
    case Origin::List: return "list";
    case Origin::Table: return "table";
    case Origin::Body: return "body";
  }
  return "body";
}

std::string_view to_string(Via via) noexcept {
  switch (via) {
    case Via::None: return "none";
    case Via::Self: return "self";
    case Via::Relative: return "relative";
    case Via::Path: return "path";
    case Via::Name: return "name";
    case Via::Alias: return "alias";
  }
  return "none";
}

std::string_view to_string(SubpathStatus status) noexcept {
  switch (status) {
    case SubpathStatus::None: return "none";
    case SubpathStatus::Ok: return "ok";
    case SubpathStatus::Missing: return "missing";
    case SubpathStatus::Unchecked: return "unchecked";
  }
  return "none";
}

}  // namespace kg
