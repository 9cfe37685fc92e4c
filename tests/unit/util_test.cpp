// util/, scan/ignore_rules and parse/link_syntax in isolation.
#include "parse/body.hpp"
#include "parse/link_syntax.hpp"
#include "scan/ignore_rules.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Utf8, RepairsInvalidBytesAndNul) {
  std::string s("ok \xff\xfe x\0y \xe2\x82", 12);
  EXPECT_FALSE(kg::util::is_valid_utf8(s));
  EXPECT_EQ(kg::util::first_invalid_utf8(s), 3u);
  EXPECT_EQ(kg::util::repair_utf8(s), 5u);
  EXPECT_TRUE(kg::util::is_valid_utf8(s));
  EXPECT_EQ(s, "ok \xEF\xBF\xBD\xEF\xBF\xBD x\xEF\xBF\xBDy \xEF\xBF\xBD\xEF\xBF\xBD");
}

// The scan skips ASCII eight bytes at a time; a bad byte or NUL at any offset, in any
// alignment and before or after multi-byte characters, must still be found where it is.
TEST(Utf8, FindsTheFirstBadByteAtEveryOffset) {
  const std::string pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac"};
  const std::string bad[] = {std::string(1, '\0'), "\xff", "\xc3", "\xed\xa0\x80"};
  for (std::size_t length = 0; length < 40; ++length) {
    for (std::size_t piece = 0; piece < 3; ++piece) {
      std::string good;
      for (std::size_t k = 0; k < length; ++k) good += k % 5 == 4 ? pieces[piece] : "x";
      EXPECT_EQ(kg::util::first_invalid_utf8(good), std::string::npos) << length;
      EXPECT_TRUE(kg::util::is_valid_utf8(good)) << length;
      for (const auto& b : bad) {
        const std::string text = good + b + "tail text after it";
        EXPECT_EQ(kg::util::first_invalid_utf8(text), good.size()) << length;
        EXPECT_EQ(kg::util::is_valid_utf8(text), b[0] == '\0') << length;  // NUL is valid UTF-8
      }
    }
  }
}

TEST(Utf8, RejectsOverlongsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(kg::util::is_valid_utf8("\xc0\xaf"));
  EXPECT_FALSE(kg::util::is_valid_utf8("\xed\xa0\x80"));
  EXPECT_FALSE(kg::util::is_valid_utf8("\xf4\x90\x80\x80"));
  EXPECT_TRUE(kg::util::is_valid_utf8("caf\xc3\xa9 \xf0\x9f\x93\x9a"));
}

TEST(Unicode, FoldJoinsCaseAndNormalForms) {
  EXPECT_EQ(kg::util::fold("Caf\xc3\xa9"), kg::util::fold("CAFE\xcc\x81"));
  EXPECT_EQ(kg::util::fold("Stra\xc3\x9f" "e"), "strasse");
  EXPECT_EQ(kg::util::fold("Note.MD"), "note.md");
}

TEST(Text, NormalisesRelations) {
  EXPECT_EQ(kg::util::normalise_relation("Headquarters City"), "headquarters_city");
  EXPECT_EQ(kg::util::normalise_relation("**subject-to**"), "subject_to");
  EXPECT_EQ(kg::util::normalise_relation("  part  of "), "part_of");
}

TEST(Text, JoinsPathsWithoutLeavingTheRoot) {
  std::string out;
  EXPECT_TRUE(kg::util::join_lexically("a/b", "../c/./d", out));
  EXPECT_EQ(out, "a/c/d");
  EXPECT_FALSE(kg::util::join_lexically("a", "../../x", out));
  EXPECT_TRUE(kg::util::has_uri_scheme("https://x"));
  EXPECT_FALSE(kg::util::has_uri_scheme("C:/x"));
  EXPECT_EQ(kg::util::percent_decode("My%20Note%2"), "My Note%2");
}

TEST(IgnoreRules, FollowsGitignore) {
  kg::scan::IgnoreRules rules;
  rules.add_file("# comment\n*.tmp\ndrafts/\n/top.md\n!keep.tmp\narchive/**/old.md\n");
  EXPECT_TRUE(rules.ignored("a/b/x.tmp", false));
  EXPECT_FALSE(rules.ignored("a/keep.tmp", false));
  EXPECT_TRUE(rules.ignored("x/drafts", true));
  EXPECT_FALSE(rules.ignored("x/drafts", false));
  EXPECT_TRUE(rules.ignored("top.md", false));
  EXPECT_FALSE(rules.ignored("sub/top.md", false));
  EXPECT_TRUE(rules.ignored("archive/old.md", false));
  EXPECT_TRUE(rules.ignored("archive/2024/q1/old.md", false));
}

TEST(IgnoreRules, GlobIsNotExponential) {
  EXPECT_FALSE(kg::scan::glob_match("*a*a*a*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
  EXPECT_TRUE(kg::scan::glob_match("[a-c]?.md", "bx.md"));
}

TEST(LinkSyntax, SplitsTargetSubpathAndDisplay) {
  const auto p = kg::parse::split_wiki_inner(" Note #A # B \\| shown ");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->target, "Note");
  EXPECT_EQ(p->subpath, "A#B");
  EXPECT_EQ(p->display, "shown");
  EXPECT_FALSE(kg::parse::split_wiki_inner("|x").has_value());
  const auto m = kg::parse::split_markdown_destination("My%20Note.md#Some%20Heading");
  EXPECT_EQ(m.target, "My Note.md");
  EXPECT_EQ(m.subpath, "Some Heading");
}

TEST(LinkSyntax, FindsWikilinksInText) {
  const auto found = kg::parse::find_wikilinks("a [[X]] b ![[Y|1]] \\[[no]] [[[page] d]]");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].parts.target, "X");
  EXPECT_TRUE(found[1].embed);
  EXPECT_EQ(found[2].parts.target, "[page] d");
}

TEST(Tags, NeedOneNonDigitAndStopAtPunctuation) {
  EXPECT_EQ(kg::parse::tag_at("#a/b-c_d, x", 0), "a/b-c_d");
  EXPECT_EQ(kg::parse::tag_at("#1984", 0), "");
  EXPECT_EQ(kg::parse::tag_at("#7invalid", 0), "7invalid");
  EXPECT_EQ(kg::parse::tag_at("#\xe4\xb8\xad\xe6\x96\x87/sub", 0), "\xe4\xb8\xad\xe6\x96\x87/sub");
  EXPECT_EQ(kg::parse::tag_at("# heading", 0), "");
}

}  // namespace

TEST(Utf8, CodePointsDecodeAnyInput) {
  EXPECT_EQ(kg::util::code_points("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"),
            (std::u32string{U'a', U'\u00E9', U'\u4E2D', U'\U0001F600'}));
  // A byte that starts no well-formed sequence stands for itself.
  EXPECT_EQ(kg::util::code_points("\xC3x\xFF"), (std::u32string{0xC3, U'x', 0xFF}));
  EXPECT_EQ(kg::util::utf16_length("a\xF0\x9F\x98\x80"), 3u);
}
