// kg: library version.
#pragma once

#include <kg/export.hpp>

namespace kg {

inline constexpr int kVersionMajor = 0;
inline constexpr int kVersionMinor = 1;
inline constexpr int kVersionPatch = 0;

/// The library's version as "MAJOR.MINOR.PATCH". The string is static.
KG_API const char* version() noexcept;

}  // namespace kg
