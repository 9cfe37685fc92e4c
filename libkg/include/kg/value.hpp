// kg: typed property values, as read from YAML front matter and inline fields.
#pragma once

#include <kg/export.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg {

/// A front-matter value. Scalars keep their YAML type (YAML 1.2 core schema, plus dates);
/// lists and maps keep their source order. Strings are always valid UTF-8.
struct KG_API Value {
  enum class Kind : std::uint8_t { Null, Bool, Int, Float, String, Date, List, Map };

  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0.0;
  std::string text;  ///< String and Date values (a date keeps its written form, e.g. 2025-12).
  std::vector<Value> items;                          ///< List elements.
  std::vector<std::pair<std::string, Value>> entries;  ///< Map entries, keys unique.

  static Value null() { return {}; }
  static Value of_bool(bool b);
  static Value of_int(std::int64_t i);
  static Value of_float(double d);
  static Value of_string(std::string s);
  static Value of_date(std::string s);

  bool is_null() const noexcept { return kind == Kind::Null; }
  /// The map entry with this key, or nullptr. Lives as long as this value.
  const Value* find(std::string_view key) const noexcept;

  friend bool operator==(const Value&, const Value&) = default;
};

/// One key and its value.
using Property = std::pair<std::string, Value>;
/// Ordered key -> value pairs of one note or edge.
using Properties = std::vector<Property>;

/// Compact JSON text of a value (keys in source order). Never throws on any stored value.
KG_API std::string to_json(const Value& value);

}  // namespace kg
