// lexer: openCypher query text to tokens, each with its place for error carets. Keywords are
// not told apart here (openCypher lets most of them be names too): the parser compares an
// identifier's text case-insensitively. Literals are decoded: integers (decimal, 0x, 0o) to
// int64 with overflow reported, floats to double, strings with their escapes undone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::query {

enum class TokenKind : std::uint8_t {
  Identifier,         // a name or a keyword; `text` is the name (backticks removed)
  Integer,            // `integer`
  Float,              // `number`
  String,             // `text` decoded
  Parameter,          // `$name` or `$0`; `text` is the name
  Punct,              // `text` is one of ( ) [ ] { } , . .. : | ; + - * / % ^ = <> != < > <= >= =~ += $
  End,                // after the last token
};

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  std::int64_t integer = 0;
  double number = 0.0;
  bool quoted = false;       // an identifier written in backticks (never a keyword)
  std::uint32_t offset = 0;  // byte offset in the query
  std::uint32_t end = 0;     // byte offset just after it
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in code points
};

/// A query the lexer cannot read: where, and why, in openCypher's terms where it has them
/// (`IntegerOverflow`, `InvalidUnicodeLiteral`, ...).
struct LexError {
  std::string message;
  std::uint32_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// The tokens of `query`, ending with an End token, or the first error.
struct Lexed {
  std::vector<Token> tokens;
  bool ok = true;
  LexError error;
};
Lexed lex(std::string_view query);

/// True when an identifier token spells `keyword` (ASCII, any case) and is not quoted.
bool is_keyword(const Token& token, std::string_view keyword);

}  // namespace kg::query
