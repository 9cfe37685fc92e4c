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
};

}  // namespace kg::query
