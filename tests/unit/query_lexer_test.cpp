// The openCypher lexer: every token kind, literals decoded as openCypher reads them, places
// for error carets, and the errors the TCK names.
#include "query/lexer.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace {

using kg::query::lex;
using kg::query::TokenKind;

std::vector<std::string> texts(const kg::query::Lexed& l) {
  std::vector<std::string> out;
  for (const auto& t : l.tokens) out.push_back(t.kind == TokenKind::End ? "<end>" : t.text);
  return out;
}

TEST(QueryLexer, SplitsAPatternQueryIntoTokens) {
  const auto l = lex("MATCH (a:Company {name: 'Alibaba'})-[r:supplier|partner*1..3]->(b)\n"
                     "WHERE a.since >= 2020 AND b.name =~ 'N.*' RETURN b, count(*) AS n");
  ASSERT_TRUE(l.ok) << l.error.message;
  EXPECT_EQ(texts(l), (std::vector<std::string>{
                          "MATCH", "(", "a", ":", "Company", "{", "name", ":", "Alibaba", "}", ")",
                          "-", "[", "r", ":", "supplier", "|", "partner", "*", "1", "..", "3",
                          "]", "-", ">", "(", "b", ")", "WHERE", "a", ".", "since", ">=", "2020",
                          "AND", "b", ".", "name", "=~", "N.*", "RETURN", "b", ",", "count", "(",
                          "*", ")", "AS", "n", "<end>"}));
  EXPECT_TRUE(kg::query::is_keyword(l.tokens[0], "match"));
  EXPECT_FALSE(kg::query::is_keyword(l.tokens[2], "match"));
  // Places: WHERE starts line 2, column 1; a string token starts at its quote.
  EXPECT_EQ(l.tokens[28].line, 2u);
  EXPECT_EQ(l.tokens[28].column, 1u);
  EXPECT_EQ(l.tokens[8].kind, TokenKind::String);
  EXPECT_EQ(l.tokens[8].column, 25u);
}

TEST(QueryLexer, DecodesNumbersAsOpenCypherDoes) {
  const auto l = lex("1 0x1F 0o17 1.5 .5 1e3 2.5E-2 9223372036854775807");
  ASSERT_TRUE(l.ok) << l.error.message;
  EXPECT_EQ(l.tokens[0].integer, 1);
  EXPECT_EQ(l.tokens[1].integer, 31);
  EXPECT_EQ(l.tokens[2].integer, 15);
  EXPECT_EQ(l.tokens[3].kind, TokenKind::Float);
  EXPECT_DOUBLE_EQ(l.tokens[3].number, 1.5);
  EXPECT_DOUBLE_EQ(l.tokens[4].number, 0.5);
  EXPECT_DOUBLE_EQ(l.tokens[5].number, 1000.0);
  EXPECT_DOUBLE_EQ(l.tokens[6].number, 0.025);
  EXPECT_EQ(l.tokens[7].integer, std::numeric_limits<std::int64_t>::max());
  // 2^63 only as the operand of a unary minus: the lexer keeps it as the minimum.
  const auto min = lex("-9223372036854775808");
  ASSERT_TRUE(min.ok);
  EXPECT_EQ(min.tokens[1].integer, std::numeric_limits<std::int64_t>::min());
  const auto over = lex("RETURN 9223372036854775809");
  ASSERT_FALSE(over.ok);
  EXPECT_NE(over.error.message.find("IntegerOverflow"), std::string::npos);
  EXPECT_EQ(over.error.column, 8u);
  EXPECT_FALSE(lex("RETURN 1e400").ok);
  EXPECT_FALSE(lex("RETURN 12abc").ok);
  EXPECT_FALSE(lex("RETURN 0x").ok);
  EXPECT_FALSE(lex("RETURN 0o8").ok);
}

TEST(QueryLexer, DecodesStringsNamesAndParameters) {
  const auto l = lex("'it\\'s' \"a\\tb\\n\" '\\u00e9\\U0001F600' `odd name` `back``tick` $p $`q r` $0");
  ASSERT_TRUE(l.ok) << l.error.message;
  EXPECT_EQ(l.tokens[0].text, "it's");
  EXPECT_EQ(l.tokens[1].text, "a\tb\n");
  EXPECT_EQ(l.tokens[2].text, "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(l.tokens[3].kind, TokenKind::Identifier);
  EXPECT_TRUE(l.tokens[3].quoted);
  EXPECT_EQ(l.tokens[3].text, "odd name");
  EXPECT_EQ(l.tokens[4].text, "back`tick");
  EXPECT_EQ(l.tokens[5].kind, TokenKind::Parameter);
  EXPECT_EQ(l.tokens[5].text, "p");
  EXPECT_EQ(l.tokens[6].text, "q r");
  EXPECT_EQ(l.tokens[7].text, "0");
  EXPECT_FALSE(kg::query::is_keyword(lex("`MATCH`").tokens[0], "MATCH"));  // quoted: a name
}

TEST(QueryLexer, SkipsCommentsAndReportsErrorsWithTheirPlace) {
  const auto l = lex("RETURN 1 // a comment\n/* a\nblock */ , 2");
  ASSERT_TRUE(l.ok);
  EXPECT_EQ(texts(l), (std::vector<std::string>{"RETURN", "1", ",", "2", "<end>"}));
  EXPECT_EQ(l.tokens[2].line, 3u);
  const auto unclosed = lex("RETURN 'abc");
  ASSERT_FALSE(unclosed.ok);
  EXPECT_EQ(unclosed.error.column, 8u);
  const auto surrogate = lex("RETURN '\\uD800'");
  ASSERT_FALSE(surrogate.ok);
  EXPECT_NE(surrogate.error.message.find("InvalidUnicodeLiteral"), std::string::npos);
  EXPECT_FALSE(lex("RETURN '\\q'").ok);
  EXPECT_FALSE(lex("RETURN 1 /* never closed").ok);
  const auto odd = lex("RETURN \xC3\xA9t\xC3\xA9 # 1");  // columns count code points
  ASSERT_FALSE(odd.ok);
  EXPECT_EQ(odd.error.column, 12u);
  EXPECT_FALSE(lex("RETURN '\xff'").ok);  // not UTF-8
}

}  // namespace
