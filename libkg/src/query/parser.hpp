// parser: openCypher text to the AST (ast.hpp), by recursive descent over the lexer's tokens,
// with openCypher's precedence (OR < XOR < AND < NOT < comparison < string and list
// predicates < + - < * / % < ^ < unary < postfix). Nesting deeper than a limit is an error,
// not a stack overflow. Read-only: write clauses and procedures are named as unsupported.
#pragma once

#include "query/ast.hpp"
#include "query/lexer.hpp"

#include <string>
#include <string_view>

namespace kg::query {

/// A query the parser cannot read: the message and where (for a caret).
struct SyntaxError {
  std::string message;
  Place place;
};

struct ParsedExpression {
  ExprPtr expr;  // null when !ok
  bool ok = false;
  SyntaxError error;
};

/// Parses `text` as one expression (the whole text).
ParsedExpression parse_expression(std::string_view text);

struct ParsedQuery {
  Query query;
  bool ok = false;
  SyntaxError error;
};

/// Parses a whole query: MATCH / OPTIONAL MATCH ... WHERE, UNWIND, WITH, RETURN (DISTINCT,
/// AS, *, ORDER BY, SKIP, LIMIT), UNION [ALL]; a final ';' is allowed.
ParsedQuery parse_query(std::string_view text);

/// `text` with a caret under `place`: the error's line, then spaces and '^'.
std::string caret(std::string_view text, const Place& place);

}  // namespace kg::query
