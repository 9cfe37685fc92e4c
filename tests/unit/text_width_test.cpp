// The CLI's column widths (tools/kg/text_width.cpp): its table agrees with ICU on every
// assigned code point, so text tables line up with CJK, emoji and combining marks.
#include "text_width.hpp"

#include <gtest/gtest.h>

#include <unicode/uchar.h>

namespace {

// The rules text_width.hpp states, asked of ICU.
int icu_width(UChar32 c) {
  if (c == 0xAD) return 1;
  if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF)) return 0;
  const auto type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  const auto east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

TEST(TextWidth, AgreesWithIcuOnEveryAssignedCodePoint) {
  int mismatches = 0;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    const auto type = u_charType(c);
    if (type == U_UNASSIGNED || type == U_CONTROL_CHAR || type == U_SURROGATE) continue;
    if (kg::cli::char_width(static_cast<char32_t>(c)) != icu_width(c) && ++mismatches <= 10) {
      ADD_FAILURE() << "U+" << std::hex << c << ": table says "
                    << kg::cli::char_width(static_cast<char32_t>(c)) << ", ICU " << icu_width(c);
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(TextWidth, CountsColumnsOfUtf8Text) {
  using kg::cli::display_width;
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("NVIDIA H200"), 11u);
  EXPECT_EQ(display_width("中文笔记"), 8u);
  EXPECT_EQ(display_width("한국어"), 6u);
  EXPECT_EQ(display_width("ｆｕｌｌ"), 8u);
  EXPECT_EQ(display_width("\xF0\x9F\x9A\x80 launch"), 9u);  // U+1F680 ROCKET, emoji
  EXPECT_EQ(display_width("Cafe\xCC\x81"), 4u);            // e + U+0301 COMBINING ACUTE
  EXPECT_EQ(display_width("Café"), 4u);
  EXPECT_EQ(display_width("a\xE2\x80\x8D" "b"), 2u);       // U+200D ZERO WIDTH JOINER
  EXPECT_EQ(display_width("\xFF\xFE"), 2u);                // invalid bytes count one each
  EXPECT_EQ(display_width("\xE4\xB8"), 2u);                // a cut-off sequence too
  EXPECT_EQ(display_width("\xE4" "AB"), 3u);               // a lead byte without its tail
}

}  // namespace
