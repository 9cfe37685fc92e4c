// ast: what the parser makes of a query. An expression is a tree of nodes of one type, each a
// kind with its name (operator, function, variable, key) and its operands in order; the
// binder and executor read them by kind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kg::query {

/// Where a piece of the query starts (for error carets).
struct Place {
  std::uint32_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct PatternPart;
struct SingleQuery;

struct Expr {
  enum class Kind : std::uint8_t {
    Null,        // null
    Bool,        // boolean
    Int,         // integer
    Float,       // number
    String,      // name = the text
    Parameter,   // name
    Variable,    // name
    Property,    // operands[0].name
    List,        // [operands...]
    Map,         // keys[i]: operands[i]
    Call,        // name(operands...), distinct; `count(*)` has star
    Unary,       // name in {"-", "+", "NOT"}: operands[0]
    Binary,      // name in {"OR","XOR","AND","+","-","*","/","%","^","=~","STARTS WITH","ENDS WITH","CONTAINS","IN"}
    Compare,     // a chain: operands[0] keys[0] operands[1] keys[1] operands[2]...
    IsNull,      // operands[0] IS NULL (negated: IS NOT NULL)
    Index,       // operands[0][operands[1]]
    Slice,       // operands[0][operands[1]..operands[2]]; a missing bound is nullptr
    Case,        // CASE [operands[0] when has_subject] WHEN..THEN.. pairs, then ELSE (nullptr: none)
    Comprehension,  // [name IN operands[0] WHERE operands[1] | operands[2]] (nullptr: absent)
    Quantifier,  // name in {"all","any","none","single"}; variable keys[0]; operands: list, predicate
    Labels,      // operands[0]:keys[0]:keys[1]... (label test)
    PatternPredicate,      // pattern, e.g. `(a)-[:t]->()`: true when it matches
    Exists,                // EXISTS { subquery }: true when the subquery has a row
    PatternComprehension,  // [pattern WHERE operands[0] | operands[1]] (operands[0] may be null)
  };
  Kind kind = Kind::Null;
  Place place;
  std::string name;
  std::vector<std::string> keys;
  std::vector<ExprPtr> operands;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0.0;
  bool distinct = false;     // Call
  bool star = false;         // Call: count(*)
  bool negated = false;      // IsNull: IS NOT NULL
  bool has_subject = false;  // Case: CASE x WHEN ...
  std::shared_ptr<PatternPart> pattern;     // PatternPredicate, PatternComprehension
  std::shared_ptr<SingleQuery> subquery;    // Exists
};

}  // namespace kg::query

namespace kg::query {

/// `(v:Label {k: v})`.
struct NodePattern {
  Place place;
  std::string variable;  // empty: anonymous
  std::vector<std::string> labels;
  ExprPtr properties;  // a Map or a Parameter; null: none
};

/// `-[r:t1|t2 *1..3 {k: v}]->`.
struct RelationshipPattern {
  enum class Arrow : std::uint8_t { Right, Left, Both };  // ->, <-, -
  Place place;
  Arrow arrow = Arrow::Both;
  std::string variable;
  std::vector<std::string> types;
  ExprPtr properties;
  bool variable_length = false;
  std::int64_t min_hops = 1;   // variable length: `*` is 1.., `*2` is 2..2, `*..4` is 1..4
  std::int64_t max_hops = -1;  // -1: unbounded
};

/// One comma-separated part of a pattern: `p = (a)-[r]->(b)<-(c)`, or a shortest path.
struct PatternPart {
  enum class Kind : std::uint8_t { Plain, Shortest, AllShortest };
  Place place;
  Kind kind = Kind::Plain;
  std::string path_variable;
  std::vector<NodePattern> nodes;           // nodes.size() == relationships.size() + 1
  std::vector<RelationshipPattern> relationships;
};

/// `expression [AS name]`; `text` is the expression as written (a column's name).
struct ProjectionItem {
  ExprPtr expr;
  std::string alias;
  std::string text;
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

struct Clause {
  enum class Kind : std::uint8_t { Match, Unwind, With, Return };
  Kind kind = Kind::Match;
  Place place;
  // MATCH
  bool optional = false;
  std::vector<PatternPart> pattern;
  ExprPtr where;  // MATCH and WITH
  // UNWIND list AS variable
  ExprPtr list;
  std::string variable;
  // WITH and RETURN
  bool distinct = false;
  bool star = false;  // RETURN *, WITH *
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order;
  ExprPtr skip;
  ExprPtr limit;
};

/// Clauses up to a RETURN; a query is one or several joined by UNION [ALL].
struct SingleQuery {
  std::vector<Clause> clauses;
};

struct Query {
  std::vector<SingleQuery> parts;
  std::vector<bool> union_all;  // between parts[i] and parts[i + 1]
};

}  // namespace kg::query
