// openCypher's three comparisons over query values: equality with nulls, comparison across
// kinds, ORDER BY's total order; and how values print.
#include "query/value.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

using kg::query::Value;

Value i(std::int64_t n) { return Value::integer(n); }
Value f(double d) { return Value::number(d); }
Value s(const char* t) { return Value::string(t); }
Value l(std::vector<Value> v) { return Value::list(std::move(v)); }

TEST(QueryValue, EqualityIsThreeValued) {
  EXPECT_EQ(kg::query::equals(i(1), f(1.0)), true);
  EXPECT_EQ(kg::query::equals(i(1), s("1")), false);
  EXPECT_EQ(kg::query::equals(Value(), Value()), std::nullopt);
  EXPECT_EQ(kg::query::equals(i(1), Value()), std::nullopt);
  EXPECT_EQ(kg::query::equals(f(std::nan("")), f(std::nan(""))), false);
  EXPECT_EQ(kg::query::equals(l({i(1), Value()}), l({i(1), Value()})), std::nullopt);
  EXPECT_EQ(kg::query::equals(l({i(1), Value()}), l({i(2), Value()})), false);  // a false decides
  EXPECT_EQ(kg::query::equals(l({i(1)}), l({i(1), i(2)})), false);
  EXPECT_EQ(kg::query::equals(Value::map({{"b", i(2)}, {"a", i(1)}}), Value::map({{"a", f(1)}, {"b", i(2)}})), true);
  EXPECT_EQ(kg::query::equals(Value::node(3), Value::node(3)), true);
  // A large integer and the float nearest it are not equal when they differ exactly.
  EXPECT_EQ(kg::query::equals(i(9007199254740993), f(9007199254740992.0)), false);
  EXPECT_EQ(kg::query::equals(i(9007199254740992), f(9007199254740992.0)), true);
}

TEST(QueryValue, ComparisonOnlyWithinAKind) {
  EXPECT_EQ(kg::query::compare(i(1), f(1.5)), -1);
  EXPECT_EQ(kg::query::compare(s("a"), s("b")), -1);
  EXPECT_EQ(kg::query::compare(s("a"), i(1)), std::nullopt);
  EXPECT_EQ(kg::query::compare(Value::boolean(false), Value::boolean(true)), -1);
  EXPECT_EQ(kg::query::compare(l({i(1), i(2)}), l({i(1), i(3)})), -1);
  EXPECT_EQ(kg::query::compare(l({i(1)}), l({i(1), i(0)})), -1);
  EXPECT_EQ(kg::query::compare(l({i(1), Value()}), l({i(1), i(2)})), std::nullopt);
  EXPECT_EQ(kg::query::compare(f(std::nan("")), i(1)), 2);  // unordered: every comparison false
  EXPECT_EQ(kg::query::compare(Value::node(1), Value::node(2)), std::nullopt);
}

TEST(QueryValue, OrderByIsTotalWithNullsLast) {
  std::vector<Value> values = {Value(), i(2), f(std::nan("")), f(-1.5), s("b"), s("a"),
                               Value::boolean(true), Value::boolean(false), l({i(1)}), l({}),
                               Value::map({{"a", i(1)}}), Value::node(7), Value::relationship(1),
                               f(std::numeric_limits<double>::infinity())};
  std::stable_sort(values.begin(), values.end(),
                   [](const Value& a, const Value& b) { return kg::query::order(a, b) < 0; });
  std::vector<std::string> printed;
  for (const auto& v : values) printed.push_back(kg::query::to_cypher(v));
  EXPECT_EQ(printed, (std::vector<std::string>{"{a: 1}", "(#7)", "[#1]", "[]", "[1]", "'a'", "'b'",
                                               "false", "true", "-1.5", "2", "Infinity", "NaN", "null"}));
}

TEST(QueryValue, PrintsAsOpenCypher) {
  EXPECT_EQ(kg::query::to_cypher(f(1.0)), "1.0");
  EXPECT_EQ(kg::query::to_cypher(f(0.1)), "0.1");
  EXPECT_EQ(kg::query::to_cypher(f(1e20)), "1e+20");
  EXPECT_EQ(kg::query::to_cypher(s("it's")), "'it\\'s'");
  EXPECT_EQ(kg::query::to_cypher(l({i(1), s("x"), Value()})), "[1, 'x', null]");
  EXPECT_EQ(kg::query::to_cypher(Value::map({{"b", i(1)}, {"a", l({})}})), "{a: [], b: 1}");
  EXPECT_EQ(kg::query::to_cypher(Value::path({{1, 2}, {5}})), "<(#1)-[#5]-(#2)>");
  EXPECT_EQ(kg::query::to_cypher(i(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
}

}  // namespace
