#include "util/unicode.hpp"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace kg::util {
namespace {

bool is_ascii(std::string_view s) noexcept {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

icu::UnicodeString to_nfc(std::string_view s) {
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) return text;
  icu::UnicodeString normal = nfc->normalize(text, status);
  if (U_FAILURE(status)) return text;
  return normal;
}

}  // namespace

std::string nfc(std::string_view s) {
  if (is_ascii(s)) return std::string(s);
  std::string out;
  to_nfc(s).toUTF8String(out);
  return out;
}

std::string fold(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString text = to_nfc(s);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  // Folding can denormalise (e.g. U+0390); normalise once more so keys are canonical.
  std::string folded;
  text.toUTF8String(folded);
  std::string out;
  to_nfc(folded).toUTF8String(out);
  return out;
}

namespace {

std::string change_case(std::string_view s, bool to_upper) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (to_upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!to_upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (to_upper) {
    text.toUpper(icu::Locale::getRoot());
  } else {
    text.toLower(icu::Locale::getRoot());
  }
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

std::string lower(std::string_view s) { return change_case(s, false); }
std::string upper(std::string_view s) { return change_case(s, true); }

}  // namespace kg::util
