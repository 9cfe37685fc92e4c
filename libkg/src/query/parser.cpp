#include "query/parser.hpp"

#include "util/text.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <utility>

namespace kg::query {
namespace {

constexpr int kMaxDepth = 256;
constexpr std::size_t kMaxClauses = 1000;  // in one part of a query (between UNIONs)  // nesting of expressions; deeper is an error, not a crash

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view p : parts) out += p;
  return out;
}

struct Failure {
  SyntaxError error;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view text) : t_(std::move(tokens)), text_(text) {}

  Query whole_query() {
    Query q;
    q.parts.push_back(single_query());
    while (keyword("UNION")) {
      take();
      q.union_all.push_back(accept_keyword("ALL"));
      q.parts.push_back(single_query());
    }
    accept_punct(";");
    if (peek().kind != TokenKind::End) fail(peek(), cat({"unexpected '", peek().text, "'"}));
    return q;
  }

  ExprPtr whole_expression() {
    ExprPtr e = expression();
    if (peek().kind != TokenKind::End) fail(peek(), cat({"unexpected '", peek().text, "' after the expression"}));
    return e;
  }

 private:
  // --- tokens -----------------------------------------------------------------------------
  const Token& peek(std::size_t ahead = 0) const {
    return t_[std::min(i_ + ahead, t_.size() - 1)];
  }
  const Token& take() {
    const Token& t = t_[i_];
    if (i_ + 1 < t_.size()) ++i_;
    return t;
  }
  bool punct(std::string_view p, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Punct && t.text == p;
  }
  bool keyword(std::string_view k, std::size_t ahead = 0) const { return is_keyword(peek(ahead), k); }
  bool accept_punct(std::string_view p) {
    if (!punct(p)) return false;
    take();
    return true;
  }
  bool accept_keyword(std::string_view k) {
    if (!keyword(k)) return false;
    take();
    return true;
  }
  void expect_punct(std::string_view p) {
    if (!accept_punct(p)) fail(peek(), cat({"expected '", p, "'", found()}));
  }
  void expect_keyword(std::string_view k) {
    if (!accept_keyword(k)) fail(peek(), cat({"expected ", k, found()}));
  }
  std::string found() const {
    const Token& t = peek();
    if (t.kind == TokenKind::End) return ", found the end of the query";
    return cat({", found '", t.text, "'"});
  }
  [[noreturn]] void fail(const Token& at, std::string message) const {
    throw Failure{SyntaxError{std::move(message), Place{at.offset, at.line, at.column}}};
  }
  static Place place_of(const Token& t) { return Place{t.offset, t.line, t.column}; }
  ExprPtr node(Expr::Kind kind, const Token& at) const {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->place = place_of(at);
    return e;
  }
  struct Depth {
    Parser& p;
    explicit Depth(Parser& parser, const Token& at) : p(parser) {
      if (++p.depth_ > kMaxDepth) {
        p.fail(at, cat({"the expression nests deeper than ", std::to_string(kMaxDepth), " levels"}));
      }
    }
    ~Depth() { --p.depth_; }
  };
  // A chain of operators (`1 + 1 + ...`, `a.b.c...`, `x[0][0]...`) builds a tree one level
  // deeper per operator without recursing here; each counts against the same depth, so no
  // later pass (binding, evaluation, destruction) recurses past it.
  struct ChainDepth {
    Parser& p;
    int links = 0;
    explicit ChainDepth(Parser& parser) : p(parser) {}
    ChainDepth(const ChainDepth&) = delete;
    ChainDepth& operator=(const ChainDepth&) = delete;
    void add(const Token& at) {
      ++links;
      if (++p.depth_ > kMaxDepth) {
        p.fail(at, cat({"the expression nests deeper than ", std::to_string(kMaxDepth),
                        " levels (each bracket, and each operator of a chain, is one)"}));
      }
    }
    ~ChainDepth() { p.depth_ -= links; }
  };

  // --- expressions, lowest precedence first -----------------------------------------------
  ExprPtr expression() {
    Depth d(*this, peek());
    return binary_level(0);
  }

  // OR, XOR, AND: left-associative.
  ExprPtr binary_level(int level) {
    static constexpr std::string_view kOps[] = {"OR", "XOR", "AND"};
    if (level == 3) return not_expression();
    ExprPtr left = binary_level(level + 1);
    ChainDepth chain(*this);
    while (keyword(kOps[level])) {
      const Token& op = take();
      chain.add(op);
      ExprPtr e = node(Expr::Kind::Binary, op);
      e->name = kOps[level];
      e->operands.push_back(std::move(left));
      e->operands.push_back(binary_level(level + 1));
      left = std::move(e);
    }
    return left;
  }

  ExprPtr not_expression() {
    if (keyword("NOT")) {
      const Token& op = take();
      Depth d(*this, op);
      ExprPtr e = node(Expr::Kind::Unary, op);
      e->name = "NOT";
      e->operands.push_back(not_expression());
      return e;
    }
    return comparison();
  }

  static bool comparison_op(const Token& t) {
    if (t.kind != TokenKind::Punct) return false;
    return t.text == "=" || t.text == "<>" || t.text == "!=" || t.text == "<" || t.text == ">" ||
           t.text == "<=" || t.text == ">=";
  }

  // a < b <= c is a chain: (a < b) AND (b <= c), each operand read once.
  ExprPtr comparison() {
    ExprPtr first = predicates();
    if (!comparison_op(peek())) return first;
    ExprPtr chain = node(Expr::Kind::Compare, peek());
    chain->place = first->place;
    chain->operands.push_back(std::move(first));
    while (comparison_op(peek())) {
      std::string op = take().text;
      if (op == "!=") op = "<>";
      chain->keys.push_back(std::move(op));
      chain->operands.push_back(predicates());
    }
    return chain;
  }

  // STARTS WITH, ENDS WITH, CONTAINS, =~, IN, IS [NOT] NULL: after + and -.
  ExprPtr predicates() {
    ExprPtr left = additive();
    ChainDepth chain(*this);
    for (;;) {
      const Token& at = peek();
      std::string op;
      if (keyword("STARTS") && keyword("WITH", 1)) {
        take();
        take();
        op = "STARTS WITH";
      } else if (keyword("ENDS") && keyword("WITH", 1)) {
        take();
        take();
        op = "ENDS WITH";
      } else if (accept_keyword("CONTAINS")) {
        op = "CONTAINS";
      } else if (accept_punct("=~")) {
        op = "=~";
      } else if (accept_keyword("IN")) {
        op = "IN";
      } else if (keyword("IS")) {
        take();
        chain.add(at);
        ExprPtr e = node(Expr::Kind::IsNull, at);
        e->negated = accept_keyword("NOT");
        expect_keyword("NULL");
        e->operands.push_back(std::move(left));
        left = std::move(e);
        continue;
      } else {
        return left;
      }
      chain.add(at);
      ExprPtr e = node(Expr::Kind::Binary, at);
      e->name = std::move(op);
      e->operands.push_back(std::move(left));
      e->operands.push_back(additive());
      left = std::move(e);
    }
  }

  ExprPtr additive() {
    ExprPtr left = multiplicative();
    ChainDepth chain(*this);
    while (punct("+") || punct("-")) {
      const Token& op = take();
      chain.add(op);
      ExprPtr e = node(Expr::Kind::Binary, op);
      e->name = op.text;
      e->operands.push_back(std::move(left));
      e->operands.push_back(multiplicative());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr multiplicative() {
    ExprPtr left = power();
    ChainDepth chain(*this);
    while (punct("*") || punct("/") || punct("%")) {
      const Token& op = take();
      chain.add(op);
      ExprPtr e = node(Expr::Kind::Binary, op);
      e->name = op.text;
      e->operands.push_back(std::move(left));
      e->operands.push_back(power());
      left = std::move(e);
    }
    return left;
  }

  // ^ is left-associative in openCypher: 2 ^ 3 ^ 2 is (2 ^ 3) ^ 2.
  ExprPtr power() {
    ExprPtr left = unary();
    ChainDepth chain(*this);
    while (punct("^")) {
      const Token& op = take();
      chain.add(op);
      ExprPtr e = node(Expr::Kind::Binary, op);
      e->name = op.text;  // "^"
      e->operands.push_back(std::move(left));
      e->operands.push_back(unary());
      left = std::move(e);
    }
    return left;
  }

  ExprPtr unary() {
    if (punct("-") || punct("+")) {
      const Token& op = take();
      Depth d(*this, op);
      // -9223372036854775808: the one integer literal that exists only negated.
      if (op.text == "-" && peek().kind == TokenKind::Integer &&
          peek().integer == std::numeric_limits<std::int64_t>::min()) {
        const Token& lit = take();
        ExprPtr e = node(Expr::Kind::Int, op);
        e->integer = lit.integer;
        return postfix(std::move(e));
      }
      ExprPtr e = node(Expr::Kind::Unary, op);
      e->name = op.text;
      e->operands.push_back(unary());
      return e;
    }
    return postfix(atom());
  }

  // Property lookups, indexing and slicing, and label tests after an atom.
  ExprPtr postfix(ExprPtr e) {
    ChainDepth chain(*this);
    for (;;) {
      if (punct(".") && peek(1).kind == TokenKind::Identifier) {
        const Token& dot = take();
        chain.add(dot);
        ExprPtr p = node(Expr::Kind::Property, dot);
        p->name = take().text;
        p->operands.push_back(std::move(e));
        e = std::move(p);
      } else if (punct("[")) {
        const Token& open = take();
        chain.add(open);
        Depth d(*this, open);
        ExprPtr from = punct("..") ? nullptr : expression();
        if (accept_punct("..")) {
          ExprPtr s = node(Expr::Kind::Slice, open);
          ExprPtr to = punct("]") ? nullptr : expression();
          s->operands.push_back(std::move(e));
          s->operands.push_back(std::move(from));
          s->operands.push_back(std::move(to));
          e = std::move(s);
        } else {
          if (!from) fail(peek(), cat({"expected an index", found()}));
          ExprPtr x = node(Expr::Kind::Index, open);
          x->operands.push_back(std::move(e));
          x->operands.push_back(std::move(from));
          e = std::move(x);
        }
        expect_punct("]");
      } else if (punct(":") && peek(1).kind == TokenKind::Identifier) {
        chain.add(peek());
        ExprPtr l = node(Expr::Kind::Labels, peek());
        while (punct(":") && peek(1).kind == TokenKind::Identifier) {
          take();
          l->keys.push_back(take().text);
        }
        l->operands.push_back(std::move(e));
        e = std::move(l);
      } else {
        return e;
      }
    }
  }

  ExprPtr atom() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::Integer: {
        take();
        if (t.integer == std::numeric_limits<std::int64_t>::min()) {
          fail(t, cat({"IntegerOverflow: ", t.text, " is too large for an integer"}));
        }
        ExprPtr e = node(Expr::Kind::Int, t);
        e->integer = t.integer;
        return e;
      }
      case TokenKind::Float: {
        take();
        ExprPtr e = node(Expr::Kind::Float, t);
        e->number = t.number;
        return e;
      }
      case TokenKind::String: {
        take();
        ExprPtr e = node(Expr::Kind::String, t);
        e->name = t.text;
        return e;
      }
      case TokenKind::Parameter: {
        take();
        ExprPtr e = node(Expr::Kind::Parameter, t);
        e->name = t.text;
        return e;
      }
      case TokenKind::End: fail(t, "expected an expression, found the end of the query");
      case TokenKind::Punct: break;
      case TokenKind::Identifier: return identifier_atom();
    }
    if (punct("(")) {
      if (ExprPtr p = try_pattern_predicate()) return p;
      take();
      ExprPtr e = expression();  // one level per bracket: expression() counts it
      expect_punct(")");
      return e;
    }
    if (punct("[")) return list_atom();
    if (punct("{")) return map_literal();
    fail(t, cat({"expected an expression", found()}));
  }

  ExprPtr identifier_atom() {
    const Token& t = peek();
    if (!t.quoted) {
      if (keyword("NULL")) {
        take();
        return node(Expr::Kind::Null, t);
      }
      if (keyword("TRUE") || keyword("FALSE")) {
        take();
        ExprPtr e = node(Expr::Kind::Bool, t);
        e->boolean = is_keyword(t, "TRUE");
        return e;
      }
      if (keyword("CASE")) return case_expression();
      if (keyword("EXISTS") && punct("{", 1)) return exists_subquery();
      if ((keyword("ALL") || keyword("ANY") || keyword("NONE") || keyword("SINGLE")) && punct("(", 1) &&
          peek(2).kind == TokenKind::Identifier && keyword("IN", 3)) {
        return quantifier();
      }
    }
    // A function call: a (possibly dotted) name and '('.
    std::size_t k = 0;
    while (peek(k).kind == TokenKind::Identifier && punct(".", k + 1) && peek(k + 2).kind == TokenKind::Identifier) k += 2;
    if (peek(k).kind == TokenKind::Identifier && punct("(", k + 1)) return call();
    take();
    ExprPtr e = node(Expr::Kind::Variable, t);
    e->name = t.text;
    return e;
  }

  ExprPtr call() {
    const Token& first = peek();
    std::string name = take().text;
    while (punct(".")) {
      take();
      name += '.';
      name += take().text;
    }
    ExprPtr e = node(Expr::Kind::Call, first);
    e->name = std::move(name);
    const Token& open = peek();
    expect_punct("(");
    Depth d(*this, open);
    if (is_keyword(first, "COUNT") && punct("*") && punct(")", 1)) {
      take();
      take();
      e->star = true;
      return e;
    }
    e->distinct = accept_keyword("DISTINCT");
    if (!punct(")")) {
      do {
        e->operands.push_back(expression());
      } while (accept_punct(","));
    }
    expect_punct(")");
    return e;
  }

  // `(a)-[:t]->(b)` as an expression: a pattern of at least one relationship. Anything else
  // that starts with '(' is read again as a parenthesised expression.
  // Where a pattern was tried and was not one is remembered: each '(' is then tried once,
  // not once per enclosing attempt (which was exponential in the nesting).
  ExprPtr try_pattern_predicate() {
    const std::size_t start = i_;
    if (not_a_pattern(start)) return nullptr;
    const Token& open = peek();
    auto part = std::make_shared<PatternPart>();
    part->place = place_of(open);
    try {
      Depth d(*this, open);
      chain(*part);
    } catch (const Failure&) {
      not_a_pattern_[start] = true;
      i_ = start;
      return nullptr;
    }
    if (part->relationships.empty()) {
      not_a_pattern_[start] = true;
      i_ = start;
      return nullptr;
    }
    ExprPtr e = node(Expr::Kind::PatternPredicate, open);
    e->pattern = std::move(part);
    return e;
  }

  // `[p = (a)-->(b) WHERE ... | expression]`, after the '['; nullptr (and nothing taken)
  // when what follows is not one.
  ExprPtr try_pattern_comprehension(const Token& open) {
    const std::size_t start = i_;
    if (not_a_comprehension(start)) return nullptr;
    auto part = std::make_shared<PatternPart>();
    part->place = place_of(peek());
    try {
      if (peek().kind == TokenKind::Identifier && punct("=", 1)) {
        part->path_variable = take().text;
        take();
      }
      if (!punct("(")) throw Failure{};
      chain(*part);
      if (part->relationships.empty() || !(keyword("WHERE") || punct("|"))) throw Failure{};
    } catch (const Failure&) {
      not_a_comprehension_[start] = true;
      i_ = start;
      return nullptr;
    }
    ExprPtr e = node(Expr::Kind::PatternComprehension, open);
    e->pattern = std::move(part);
    e->operands.push_back(accept_keyword("WHERE") ? expression() : nullptr);
    expect_punct("|");
    e->operands.push_back(expression());
    expect_punct("]");
    return e;
  }

  // EXISTS { MATCH ... [RETURN ...] } or EXISTS { pattern [WHERE ...] }.
  ExprPtr exists_subquery() {
    const Token& at = take();
    ExprPtr e = node(Expr::Kind::Exists, at);
    const Token& open = peek();
    expect_punct("{");
    Depth d(*this, open);
    auto q = std::make_shared<SingleQuery>();
    if (keyword("MATCH") || keyword("OPTIONAL") || keyword("WITH") || keyword("UNWIND") || keyword("RETURN")) {
      *q = single_query(true);
    } else {
      Clause c;
      c.kind = Clause::Kind::Match;
      c.place = place_of(peek());
      do {
        c.pattern.push_back(pattern_part());
      } while (accept_punct(","));
      if (accept_keyword("WHERE")) c.where = expression();
      q->clauses.push_back(std::move(c));
    }
    expect_punct("}");
    e->subquery = std::move(q);
    return e;
  }

  ExprPtr list_atom() {
    const Token& open = take();
    Depth d(*this, open);
    if (punct("(") || (peek().kind == TokenKind::Identifier && punct("=", 1))) {
      if (ExprPtr p = try_pattern_comprehension(open)) return p;
    }
    // [x IN list WHERE p | e]: a comprehension.
    if (peek().kind == TokenKind::Identifier && keyword("IN", 1)) {
      ExprPtr e = node(Expr::Kind::Comprehension, open);
      e->name = take().text;
      take();
      e->operands.push_back(expression());
      e->operands.push_back(accept_keyword("WHERE") ? expression() : nullptr);
      e->operands.push_back(accept_punct("|") ? expression() : nullptr);
      expect_punct("]");
      return e;
    }
    ExprPtr e = node(Expr::Kind::List, open);
    if (!punct("]")) {
      do {
        e->operands.push_back(expression());
      } while (accept_punct(","));
    }
    expect_punct("]");
    return e;
  }

  ExprPtr map_literal() {
    const Token& open = take();
    Depth d(*this, open);
    ExprPtr e = node(Expr::Kind::Map, open);
    if (!punct("}")) {
      do {
        if (peek().kind != TokenKind::Identifier) fail(peek(), cat({"expected a key", found()}));
        e->keys.push_back(take().text);
        expect_punct(":");
        e->operands.push_back(expression());
      } while (accept_punct(","));
    }
    expect_punct("}");
    return e;
  }

  ExprPtr case_expression() {
    const Token& start = take();
    Depth d(*this, start);
    ExprPtr e = node(Expr::Kind::Case, start);
    if (keyword("END")) fail(peek(), cat({"expected WHEN", found()}));
    if (!keyword("WHEN")) {
      e->has_subject = true;
      e->operands.push_back(expression());
    }
    if (!keyword("WHEN")) fail(peek(), cat({"expected WHEN", found()}));
    while (accept_keyword("WHEN")) {
      e->operands.push_back(expression());
      expect_keyword("THEN");
      e->operands.push_back(expression());
    }
    e->operands.push_back(accept_keyword("ELSE") ? expression() : nullptr);
    expect_keyword("END");
    return e;
  }

  ExprPtr quantifier() {
    const Token& q = take();
    ExprPtr e = node(Expr::Kind::Quantifier, q);
    e->name = util::ascii_lower(q.text);
    expect_punct("(");
    Depth d(*this, q);
    e->keys.push_back(take().text);
    take();  // IN
    e->operands.push_back(expression());
    if (!keyword("WHERE")) fail(peek(), cat({"expected WHERE in ", e->name, "(...)", found()}));
    take();
    e->operands.push_back(expression());
    expect_punct(")");
    return e;
  }

  // --- clauses ----------------------------------------------------------------------------
  // Clauses up to a RETURN; inside EXISTS { ... } (`in_braces`) the query may also end at
  // the closing brace.
  SingleQuery single_query(bool in_braces = false) {
    SingleQuery q;
    for (;;) {
      const Token& t = peek();
      if (in_braces && !q.clauses.empty() && punct("}")) return q;
      // Each clause is a stage rows pass through in turn, one call deeper per stage.
      if (q.clauses.size() == kMaxClauses) {
        fail(t, cat({"a query part has more than ", std::to_string(kMaxClauses), " clauses"}));
      }
      static constexpr std::string_view kWrites[] = {"CREATE", "MERGE", "SET", "DELETE", "DETACH",
                                                     "REMOVE", "CALL", "FOREACH", "LOAD", "USE"};
      for (const std::string_view w : kWrites) {
        if (keyword(w)) {
          fail(t, cat({w, " is not supported: kg queries read the vault and never change it"}));
        }
      }
      if (keyword("MATCH") || (keyword("OPTIONAL") && keyword("MATCH", 1))) {
        q.clauses.push_back(match_clause());
      } else if (keyword("UNWIND")) {
        q.clauses.push_back(unwind_clause());
      } else if (keyword("WITH")) {
        q.clauses.push_back(projection(Clause::Kind::With));
      } else if (keyword("RETURN")) {
        q.clauses.push_back(projection(Clause::Kind::Return));
        return q;
      } else if (q.clauses.empty()) {
        fail(t, cat({"expected MATCH, UNWIND, WITH or RETURN", found()}));
      } else {
        fail(t, cat({"expected a clause or RETURN", found()}));
      }
    }
  }

  Clause match_clause() {
    Clause c;
    c.kind = Clause::Kind::Match;
    c.place = place_of(peek());
    c.optional = accept_keyword("OPTIONAL");
    expect_keyword("MATCH");
    do {
      c.pattern.push_back(pattern_part());
    } while (accept_punct(","));
    if (accept_keyword("WHERE")) c.where = expression();
    return c;
  }

  Clause unwind_clause() {
    Clause c;
    c.kind = Clause::Kind::Unwind;
    c.place = place_of(take());
    c.list = expression();
    expect_keyword("AS");
    c.variable = name("a variable");
    return c;
  }

  Clause projection(Clause::Kind kind) {
    Clause c;
    c.kind = kind;
    c.place = place_of(take());
    c.distinct = accept_keyword("DISTINCT");
    bool items = true;
    if (accept_punct("*")) {
      c.star = true;
      items = accept_punct(",");
    }
    while (items) {
      ProjectionItem item;
      const std::uint32_t from = peek().offset;
      item.expr = expression();
      item.text = std::string(text_.substr(from, previous_end() - from));
      if (accept_keyword("AS")) item.alias = name("a name after AS");
      c.items.push_back(std::move(item));
      items = accept_punct(",");
    }
    if (keyword("ORDER")) {
      take();
      expect_keyword("BY");
      do {
        SortItem s;
        s.expr = expression();
        if (accept_keyword("DESC") || accept_keyword("DESCENDING")) {
          s.descending = true;
        } else if (!accept_keyword("ASC")) {
          accept_keyword("ASCENDING");
        }
        c.order.push_back(std::move(s));
      } while (accept_punct(","));
    }
    if (accept_keyword("SKIP")) c.skip = expression();
    if (accept_keyword("LIMIT")) c.limit = expression();
    if (kind == Clause::Kind::With && accept_keyword("WHERE")) c.where = expression();
    return c;
  }

  std::uint32_t previous_end() const { return i_ > 0 ? t_[i_ - 1].end : 0; }

  std::string name(const char* what) {
    if (peek().kind != TokenKind::Identifier) fail(peek(), cat({"expected ", what, found()}));
    return take().text;
  }

  // --- patterns ---------------------------------------------------------------------------
  PatternPart pattern_part() {
    PatternPart part;
    part.place = place_of(peek());
    if (peek().kind == TokenKind::Identifier && punct("=", 1)) {
      part.path_variable = take().text;
      take();
    }
    const bool shortest = keyword("shortestPath") && punct("(", 1);
    const bool all_shortest = keyword("allShortestPaths") && punct("(", 1);
    if (shortest || all_shortest) {
      part.kind = shortest ? PatternPart::Kind::Shortest : PatternPart::Kind::AllShortest;
      take();
      take();
      chain(part);
      expect_punct(")");
      return part;
    }
    chain(part);
    return part;
  }

  void chain(PatternPart& part) {
    part.nodes.push_back(node_pattern());
    while (punct("-") || (punct("<") && punct("-", 1))) {
      part.relationships.push_back(relationship_pattern());
      part.nodes.push_back(node_pattern());
    }
  }

  NodePattern node_pattern() {
    NodePattern n;
    n.place = place_of(peek());
    expect_punct("(");
    if (peek().kind == TokenKind::Identifier) n.variable = take().text;
    while (accept_punct(":")) n.labels.push_back(name("a label"));
    if (punct("{")) {
      n.properties = map_literal();
    } else if (peek().kind == TokenKind::Parameter) {
      const Token& t = take();
      n.properties = node(Expr::Kind::Parameter, t);
      n.properties->name = t.text;
    }
    expect_punct(")");
    return n;
  }

  RelationshipPattern relationship_pattern() {
    RelationshipPattern r;
    r.place = place_of(peek());
    const bool left = accept_punct("<");
    expect_punct("-");
    if (accept_punct("[")) {
      if (peek().kind == TokenKind::Identifier) r.variable = take().text;
      if (accept_punct(":")) {
        r.types.push_back(name("a relationship type"));
        while (accept_punct("|")) {
          accept_punct(":");  // `:a|:b` is the older spelling
          r.types.push_back(name("a relationship type"));
        }
      }
      if (accept_punct("*")) {
        r.variable_length = true;
        const auto bound = [&]() -> std::int64_t {
          const Token& t = take();
          if (t.integer < 0) fail(t, "a hop count cannot be negative");
          return t.integer;
        };
        if (peek().kind == TokenKind::Integer) {
          r.min_hops = bound();
          r.max_hops = r.min_hops;
          if (accept_punct("..")) r.max_hops = peek().kind == TokenKind::Integer ? bound() : -1;
        } else if (accept_punct("..")) {
          r.min_hops = 1;
          r.max_hops = peek().kind == TokenKind::Integer ? bound() : -1;
        } else {
          r.min_hops = 1;
          r.max_hops = -1;
        }
      }
      if (punct("{")) {
        r.properties = map_literal();
      } else if (peek().kind == TokenKind::Parameter) {
        const Token& t = take();
        r.properties = node(Expr::Kind::Parameter, t);
        r.properties->name = t.text;
      }
      expect_punct("]");
    }
    expect_punct("-");
    const bool right = accept_punct(">");
    // `<-->` is written for either way, as `--` is.
    r.arrow = left && right ? RelationshipPattern::Arrow::Both
              : left        ? RelationshipPattern::Arrow::Left
              : right ? RelationshipPattern::Arrow::Right
                      : RelationshipPattern::Arrow::Both;
    return r;
  }

  bool not_a_pattern(std::size_t at) {
    if (not_a_pattern_.empty()) not_a_pattern_.assign(t_.size() + 1, false);
    return not_a_pattern_[at];
  }
  bool not_a_comprehension(std::size_t at) {
    if (not_a_comprehension_.empty()) not_a_comprehension_.assign(t_.size() + 1, false);
    return not_a_comprehension_[at];
  }

  std::vector<Token> t_;
  std::string_view text_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::vector<bool> not_a_pattern_;        // by token: '(' that starts no pattern predicate
  std::vector<bool> not_a_comprehension_;  // by token: '[' content that is no comprehension
};

// Lexes `text` and runs `parse(parser)` over its tokens, filling `out` (its `ok` and
// `error`) whichever way it goes.
template <typename Out, typename Parse>
Out parse_with(std::string_view text, Parse parse) {
  Out out;
  Lexed lexed = lex(text);
  if (!lexed.ok) {
    out.error = SyntaxError{lexed.error.message, Place{lexed.error.offset, lexed.error.line, lexed.error.column}};
    return out;
  }
  try {
    Parser parser(std::move(lexed.tokens), text);
    parse(parser, out);
    out.ok = true;
  } catch (const Failure& f) {
    out.error = f.error;
  }
  return out;
}

}  // namespace

ParsedExpression parse_expression(std::string_view text) {
  return parse_with<ParsedExpression>(
      text, [](Parser& p, ParsedExpression& out) { out.expr = p.whole_expression(); });
}

ParsedQuery parse_query(std::string_view text) {
  return parse_with<ParsedQuery>(text, [](Parser& p, ParsedQuery& out) { out.query = p.whole_query(); });
}

std::string caret(std::string_view text, const Place& place) {
  std::size_t start = place.offset;
  while (start > 0 && text[start - 1] != '\n') --start;
  std::size_t end = text.find('\n', place.offset);
  if (end == std::string_view::npos) end = text.size();
  // A line longer than 120 bytes is shown as the 60 bytes either side of the place, cut on
  // character boundaries and marked with ellipses: an error never echoes a megabyte query.
  constexpr std::size_t kSide = 60;
  if (end - start <= 2 * kSide) {
    std::string out(text.substr(start, end - start));
    out += '\n';
    out.append(place.column > 0 ? place.column - 1 : 0, ' ');
    out += '^';
    return out;
  }
  const auto continuation = [&](std::size_t i) { return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  const std::size_t from = std::max(start, util::boundary_before(text, place.offset > kSide ? place.offset - kSide : 0));
  std::size_t to = std::min(end, place.offset + kSide);
  while (to < end && continuation(to)) ++to;
  std::string out = from > start ? "\u2026" : "";
  out.append(text.substr(from, to - from));
  if (to < end) out += "\u2026";
  out += '\n';
  std::size_t width = from > start ? 1 : 0;  // the ellipsis
  for (std::size_t i = from; i < place.offset && i < text.size(); ++i) width += !continuation(i);
  out.append(width, ' ');
  out += '^';
  return out;
}

}  // namespace kg::query
