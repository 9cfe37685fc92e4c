// kg: CSV fields as RFC 4180 writes them, safe to open in a spreadsheet.
#pragma once

#include <kg/export.hpp>

#include <string>
#include <string_view>

namespace kg::io {

/// One field: quoted when it holds a comma, a quote or a line break (quotes doubled). A
/// text a spreadsheet would read as a formula (=, +, -, @, tab or carriage return first)
/// gets a leading apostrophe, so opening the file never runs it.
KG_API std::string csv_field(std::string_view text);

}  // namespace kg::io
