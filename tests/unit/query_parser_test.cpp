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
    case Expr::Kind::PatternPredicate:
      return "(pattern " + std::to_string(e->pattern->nodes.size()) + " nodes)";
    case Expr::Kind::Exists: return "(exists " + std::to_string(e->subquery->clauses.size()) + " clauses)";
    case Expr::Kind::PatternComprehension:
      out = "(pattern-for " + std::to_string(e->pattern->nodes.size()) + " nodes";
      all();
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
  // A parenthesis opens a pattern only when a relationship follows; else an expression.
  EXPECT_EQ(parse("(a) - (b)"), "(- a b)");
  EXPECT_EQ(parse("(a)-->(b) AND (a)<-[:t]-()"), "(AND (pattern 2 nodes) (pattern 2 nodes))");
  EXPECT_EQ(parse("NOT (a)-[:t*1..2]-(:x {k: 1})"), "(NOT (pattern 2 nodes))");
  EXPECT_EQ(parse("[(a)-->(b) WHERE b.x > 1 | b.y]"), "(pattern-for 2 nodes (cmp (. b x) > 1) (. b y))");
  EXPECT_EQ(parse("[p = (a)-->() | p]"), "(pattern-for 2 nodes _ p)");
  EXPECT_EQ(parse("[(a), (b)]"), "(list a b)");
  EXPECT_EQ(parse("exists { (a)-->(b) WHERE a.x = b.x }"), "(exists 1 clauses)");
  EXPECT_EQ(parse("EXISTS { MATCH (a)-->(b) WITH a, count(*) AS c WHERE c > 1 RETURN a }"), "(exists 3 clauses)");
  EXPECT_EQ(parse("exists(a.b)"), "(exists (. a b))");
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

namespace {

using kg::query::Clause;
using kg::query::PatternPart;
using kg::query::RelationshipPattern;

std::string show_part(const PatternPart& p) {
  std::string out;
  if (!p.path_variable.empty()) out += p.path_variable + "=";
  if (p.kind == PatternPart::Kind::Shortest) out += "shortest:";
  if (p.kind == PatternPart::Kind::AllShortest) out += "allshortest:";
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const auto& n = p.nodes[i];
    out += "(" + n.variable;
    for (const auto& l : n.labels) out += ":" + l;
    if (n.properties) {
      out += ' ';
      out += show(n.properties.get());
    }
    out += ")";
    if (i < p.relationships.size()) {
      const auto& r = p.relationships[i];
      out += r.arrow == RelationshipPattern::Arrow::Left ? "<-[" : "-[";
      out += r.variable;
      for (std::size_t k = 0; k < r.types.size(); ++k) out += (k == 0 ? ":" : "|") + r.types[k];
      if (r.variable_length) out += "*" + std::to_string(r.min_hops) + ".." + std::to_string(r.max_hops);
      if (r.properties) out += " " + show(r.properties.get());
      out += r.arrow == RelationshipPattern::Arrow::Right ? "]->" : "]-";
    }
  }
  return out;
}

std::string show_query(const std::string& text) {
  const auto p = kg::query::parse_query(text);
  if (!p.ok) return "error: " + p.error.message;
  std::string out;
  for (std::size_t q = 0; q < p.query.parts.size(); ++q) {
    if (q > 0) out += p.query.union_all[q - 1] ? " UNION ALL " : " UNION ";
    for (const Clause& c : p.query.parts[q].clauses) {
      switch (c.kind) {
        case Clause::Kind::Match:
          out += c.optional ? "[optional match" : "[match";
          for (const auto& part : c.pattern) {
            out += ' ';
            out += show_part(part);
          }
          if (c.where) out += " where " + show(c.where.get());
          break;
        case Clause::Kind::Unwind: out += "[unwind " + show(c.list.get()) + " as " + c.variable; break;
        case Clause::Kind::With:
        case Clause::Kind::Return:
          out += c.kind == Clause::Kind::With ? "[with" : "[return";
          if (c.distinct) out += " distinct";
          if (c.star) out += " *";
          for (const auto& item : c.items) out += " {" + item.text + (item.alias.empty() ? "" : " as " + item.alias) + "}";
          for (const auto& s : c.order) out += " order " + show(s.expr.get()) + (s.descending ? " desc" : "");
          if (c.skip) out += " skip " + show(c.skip.get());
          if (c.limit) out += " limit " + show(c.limit.get());
          if (c.where) out += " where " + show(c.where.get());
          break;
      }
      out += "]";
    }
  }
  return out;
}

TEST(QueryParser, ClausesAndPatterns) {
  EXPECT_EQ(show_query("MATCH (a:company {name: 'Alibaba'})-[r:supplier|partner]->(b) RETURN b.name, r"),
            "[match (a:company (map name:'Alibaba'))-[r:supplier|partner]->(b)][return {b.name} {r}]");
  EXPECT_EQ(show_query("MATCH (a)<-[:develops]-(b), (b)--(c) WHERE a.x > 1 RETURN count(*) AS n"),
            "[match (a)<-[:develops]-(b) (b)-[]-(c) where (cmp (. a x) > 1)][return {count(*) as n}]");
  EXPECT_EQ(show_query("MATCH p = (a)-[*1..3]->(b) RETURN p"), "[match p=(a)-[*1..3]->(b)][return {p}]");
  // `<-->` is either way, as `--` is.
  EXPECT_EQ(show_query("MATCH (a)<-[r]->(b)<-->(c) RETURN a"), show_query("MATCH (a)-[r]-(b)--(c) RETURN a"));
  EXPECT_EQ(show_query("MATCH (a)-[*]->(b), (a)-[*2]-(c), (a)-[*..4]-(d) RETURN *"),
            "[match (a)-[*1..-1]->(b) (a)-[*2..2]-(c) (a)-[*1..4]-(d)][return *]");
  EXPECT_EQ(show_query("MATCH p = shortestPath((a)-[*]-(b)) RETURN p"),
            "[match p=shortest:(a)-[*1..-1]-(b)][return {p}]");
  EXPECT_EQ(show_query("MATCH allShortestPaths((a)-[:x*]->(b)) RETURN 1"),
            "[match allshortest:(a)-[:x*1..-1]->(b)][return {1}]");
  EXPECT_EQ(show_query("OPTIONAL MATCH (n $props) RETURN n"), "[optional match (n $props)][return {n}]");
  EXPECT_EQ(show_query("UNWIND [1, 2] AS x WITH x * 2 AS y WHERE y > 2 RETURN DISTINCT y ORDER BY y DESC SKIP 1 LIMIT 5"),
            "[unwind (list 1 2) as x][with {x * 2 as y} where (cmp y > 2)][return distinct {y} order y desc skip 1 limit 5]");
  EXPECT_EQ(show_query("RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a;"),
            "[return {1 as a}] UNION ALL [return {2 as a}] UNION [return {3 as a}]");
  EXPECT_EQ(show_query("WITH *, 1 AS one RETURN one ORDER BY one ASC, one DESCENDING"),
            "[with * {1 as one}][return {one} order one order one desc]");
  EXPECT_EQ(show_query("RETURN toUpper( 'a' )  ,  [1,2][0]"), "[return {toUpper( 'a' )} {[1,2][0]}]");
}

TEST(QueryParser, QueryErrorsAndReadOnly) {
  EXPECT_EQ(show_query("CREATE (n)"), "error: CREATE is not supported: kg queries read the vault and never change it");
  EXPECT_EQ(show_query("MATCH (n) DETACH DELETE n"), "error: DETACH is not supported: kg queries read the vault and never change it");
  EXPECT_EQ(show_query("MATCH (n) SET n.x = 1"), "error: SET is not supported: kg queries read the vault and never change it");
  EXPECT_EQ(show_query("CALL db.labels()"), "error: CALL is not supported: kg queries read the vault and never change it");
  EXPECT_EQ(show_query("MATCH (n)"), "error: expected a clause or RETURN, found the end of the query");
  EXPECT_EQ(show_query("MATCH (a RETURN a"), "error: expected ')', found 'RETURN'");
  EXPECT_EQ(show_query("RETURN 1 2"), "error: unexpected '2'");
  EXPECT_EQ(show_query("UNWIND [1] x RETURN x"), "error: expected AS, found 'x'");
  EXPECT_EQ(show_query("FOO"), "error: expected MATCH, UNWIND, WITH or RETURN, found 'FOO'");
}

// Each '(' is tried as a pattern predicate once. A failed attempt was retried by every
// enclosing attempt, 2^depth parses: 40 levels of `({a: ` would not finish (a fuzzed query
// of 957 bytes took 1.2 s).
TEST(QueryParser, NestedParenthesesAreTriedOnce) {
  std::string text = "RETURN ";
  for (int i = 0; i < 40; ++i) text += "({a: ";
  text += "1";
  for (int i = 0; i < 40; ++i) text += "})";
  const auto parsed = kg::query::parse_expression(text.substr(7));
  EXPECT_TRUE(parsed.ok) << parsed.error.message;
  EXPECT_EQ(show_query(text + " AS x LIMIT"), "error: expected an expression, found the end of the query");
  // Lists whose items start like pattern comprehensions, nested the same way.
  std::string list = "RETURN ";
  for (int i = 0; i < 40; ++i) list += "[({b: ";
  list += "1";
  for (int i = 0; i < 40; ++i) list += "})]";
  EXPECT_TRUE(kg::query::parse_query(list).ok);
}

}  // namespace
