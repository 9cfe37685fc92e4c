// value: what a query computes with. openCypher's values (kg/query.hpp's kg::query::Value):
// null, booleans, integers, floats, strings, lists, maps, and references to the graph's
// nodes, relationships and paths. The three ways openCypher compares them are defined in
// value.cpp: equality (`=`, three-valued: null when either side holds a null it cannot see
// past), comparison (`<` and friends, null across kinds), and orderability (ORDER BY's total
// order, nulls last).
#pragma once

#include <kg/query.hpp>

#include <cstddef>
#include <vector>

namespace kg::query {

/// A hash that agrees with ORDER BY's equivalence (order(a, b) == 0): 1 and 1.0 hash alike,
/// nulls alike, NaNs alike. For DISTINCT, grouping keys and sets of seen values.
std::size_t hash_value(const Value& v);

struct ValueHash {
  std::size_t operator()(const Value& v) const { return hash_value(v); }
};
struct ValueEq {
  bool operator()(const Value& a, const Value& b) const { return order(a, b) == 0; }
};
struct ValuesHash {
  std::size_t operator()(const std::vector<Value>& values) const {
    std::size_t h = values.size();
    for (const Value& v : values) h = h * 0x9E3779B97F4A7C15ULL + hash_value(v);
    return h;
  }
};
struct ValuesEq {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (order(a[i], b[i]) != 0) return false;
    }
    return true;
  }
};

}  // namespace kg::query

