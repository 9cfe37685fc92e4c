// Unicode identity for names: NFC normalisation and full case folding (ICU); case mapping.
#pragma once

#include <string>
#include <string_view>

namespace kg::util {

/// NFC form of valid UTF-8 text. ASCII text is returned as is without calling ICU.
std::string nfc(std::string_view s);

/// The comparison key of a name: NFC, then Unicode full case folding, so `Café` (NFD or NFC),
/// `CAFÉ` and `café` share one key. ASCII text takes a fast path.
std::string fold(std::string_view s);

/// Unicode lower and upper case (locale independent), as openCypher's toLower and toUpper.
std::string lower(std::string_view s);
std::string upper(std::string_view s);

}  // namespace kg::util
