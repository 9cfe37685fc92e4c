// kg: pictures of DOT diagrams, drawn in process by Graphviz's library (libgvc): SVG for
// the web and for notes, PNG for slides. The layout engine is the one the document's
// `layout` attribute names (kg::io::dot sets it), else `dot`.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::io {

enum class ImageFormat : std::uint8_t { Svg, Png };

/// Lays out and draws a DOT document. Graphviz keeps global state, so calls from several
/// threads take turns. Throws kg::Error: RendererMissing when Graphviz's layout or render
/// plugins are not installed (the message says what to install), InvalidArgument with
/// Graphviz's own message when it rejects the document.
KG_API std::string render(std::string_view dot, ImageFormat format);

}  // namespace kg::io
