// The openCypher parser, expressions: precedence and associativity as openCypher defines
// them, every expression form, and errors with a caret where the query goes wrong.
#include "query/parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using kg::query::Expr;

// The tree as an S-expression, to compare whole shapes.
std::string show(const Expr* e) {
  if (e == nullptr) return "_";
  std::string out;
  const auto all = [&](std::size_t from = 0) {
    for (std::size_t i = from; i < e->operands.size(); ++i) {
      out += ' ';
      out += show(e->operands[i].get());
    }
  };
  switch (e->kind) {
    case Expr::Kind::Null: return "null";
    case Expr::Kind::Bool: return e->boolean ? "true" : "false";
    case Expr::Kind::Int: return std::to_string(e->integer);
    case Expr::Kind::Float: return "f" + std::to_string(e->number);
    case Expr::Kind::String: return "'" + e->name + "'";
    case Expr::Kind::Parameter: return "$" + e->name;
    case Expr::Kind::Variable: return e->name;
    case Expr::Kind::Property: return "(. " + show(e->operands[0].get()) + " " + e->name + ")";
    case Expr::Kind::List: out = "(list"; all(); return out + ")";
    case Expr::Kind::Map:
      out = "(map";
      for (std::size_t i = 0; i < e->keys.size(); ++i) out += " " + e->keys[i] + ":" + show(e->operands[i].get());
      return out + ")";
    case Expr::Kind::Call:
      out = "(" + e->name + (e->distinct ? " distinct" : "") + (e->star ? " *" : "");
      all();
      return out + ")";
    case Expr::Kind::Unary:
    case Expr::Kind::Binary: out = "(" + e->name; all(); return out + ")";
    case Expr::Kind::Compare:
      out = "(cmp " + show(e->operands[0].get());
      for (std::size_t i = 0; i < e->keys.size(); ++i) out += " " + e->keys[i] + " " + show(e->operands[i + 1].get());
      return out + ")";
    case Expr::Kind::IsNull: return std::string(e->negated ? "(notnull " : "(isnull ") + show(e->operands[0].get()) + ")";
    case Expr::Kind::Index: out = "(index"; all(); return out + ")";
    case Expr::Kind::Slice: out = "(slice"; all(); return out + ")";
    case Expr::Kind::Case: out = std::string("(case") + (e->has_subject ? "*" : ""); all(); return out + ")";
    case Expr::Kind::Comprehension: out = "(for " + e->name; all(); return out + ")";
    case Expr::Kind::Quantifier: out = "(" + e->name + " " + e->keys[0]; all(); return out + ")";
    case Expr::Kind::Labels:
      out = "(labels " + show(e->operands[0].get());
      for (const auto& k : e->keys) out += " " + k;
      return out + ")";
  }
  return "?";
}

std::string parse(const std::string& text) {
  const auto p = kg::query::parse_expression(text);
  if (!p.ok) return "error: " + p.error.message;
  return show(p.expr.get());
}

TEST(QueryParser, PrecedenceAndAssociativityAsOpenCypher) {
  EXPECT_EQ(parse("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(parse("1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(parse("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
  EXPECT_EQ(parse("-2 ^ 2"), "(^ (- 2) 2)");
  EXPECT_EQ(parse("a OR b XOR c AND NOT d"), "(OR a (XOR b (AND c (NOT d))))");
  EXPECT_EQ(parse("NOT a = b"), "(NOT (cmp a = b))");
  EXPECT_EQ(parse("1 < x <= 3 <> y"), "(cmp 1 < x <= 3 <> y)");
  EXPECT_EQ(parse("a != b"), "(cmp a <> b)");
  EXPECT_EQ(parse("x + 1 IN [1, 2] AND s STARTS WITH 'a'"), "(AND (IN (+ x 1) (list 1 2)) (STARTS WITH s 'a'))");
  EXPECT_EQ(parse("n.name =~ 'A.*' = true"), "(cmp (=~ (. n name) 'A.*') = true)");
  EXPECT_EQ(parse("a.b IS NOT NULL OR c IS NULL"), "(OR (notnull (. a b)) (isnull c))");
  EXPECT_EQ(parse("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

TEST(QueryParser, EveryExpressionForm) {
  EXPECT_EQ(parse("[1, 'two', 3.5, null, true, $p]"), "(list 1 'two' f3.500000 null true $p)");
  EXPECT_EQ(parse("{name: 'x', n: {m: []}}"), "(map name:'x' n:(map m:(list)))");
  EXPECT_EQ(parse("count(*)"), "(count *)");
  EXPECT_EQ(parse("count(DISTINCT n.name)"), "(count distinct (. n name))");
  EXPECT_EQ(parse("toLower(trim(s))"), "(toLower (trim s))");
  EXPECT_EQ(parse("date.truncate('month', d)"), "(date.truncate 'month' d)");
  EXPECT_EQ(parse("list[0][1..][..2][1..-1]"), "(slice (slice (slice (index list 0) 1 _) _ 2) 1 (- 1))");
  EXPECT_EQ(parse("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"), "(case a 1 b 2 3)");
  EXPECT_EQ(parse("CASE x WHEN 1 THEN 'one' END"), "(case* x 1 'one' _)");
  EXPECT_EQ(parse("[x IN range(1, 10) WHERE x % 2 = 0 | x * x]"),
            "(for x (range 1 10) (cmp (% x 2) = 0) (* x x))");
  EXPECT_EQ(parse("[x IN xs | x.name]"), "(for x xs _ (. x name))");
  EXPECT_EQ(parse("all(x IN xs WHERE x > 0)"), "(all x xs (cmp x > 0))");
  EXPECT_EQ(parse("none(x IN [] WHERE true)"), "(none x (list) true)");
  EXPECT_EQ(parse("n:Company:Listed AND m:chip"), "(AND (labels n Company Listed) (labels m chip))");
  EXPECT_EQ(parse("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(parse("`odd name`.`key`"), "(. odd name key)");
  EXPECT_EQ(parse("all"), "all");  // a keyword-like name used as a variable
}

TEST(QueryParser, ErrorsSayWhatAndWhere) {
  EXPECT_EQ(parse("1 +"), "error: expected an expression, found the end of the query");
  EXPECT_EQ(parse("(1 + 2"), "error: expected ')', found the end of the query");
  EXPECT_EQ(parse("[1, 2"), "error: expected ']', found the end of the query");
  EXPECT_EQ(parse("CASE END"), "error: expected WHEN, found 'END'");
  EXPECT_EQ(parse("a IS NOT b"), "error: expected NULL, found 'b'");
  EXPECT_EQ(parse("9223372036854775808"), "error: IntegerOverflow: 9223372036854775808 is too large for an integer");
  EXPECT_EQ(parse("1 2"), "error: unexpected '2' after the expression");
  const std::string text = "RETURN_ME +\n  (1 * ) + 2";
  const auto p = kg::query::parse_expression(text);
  ASSERT_FALSE(p.ok);
  EXPECT_EQ(p.error.place.line, 2u);
  EXPECT_EQ(p.error.place.column, 8u);
  EXPECT_EQ(kg::query::caret(text, p.error.place), "  (1 * ) + 2\n       ^");
  // Deep nesting is an error, not a crash.
  const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
  const auto d = kg::query::parse_expression(deep);
  ASSERT_FALSE(d.ok);
  EXPECT_NE(d.error.message.find("nests deeper than"), std::string::npos);
  const std::string deep_not = [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "NOT ";
    return s + "true";
  }();
  EXPECT_FALSE(kg::query::parse_expression(deep_not).ok);
  EXPECT_FALSE(kg::query::parse_expression(std::string(100000, '-') + "1").ok);
}

}  // namespace
