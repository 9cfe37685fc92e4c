// kg: typed property values, as read from YAML front matter and inline fields.
#pragma once

#include <kg/export.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
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

namespace detail {
struct ValueCell;  // how the graph stores one value: 32 bytes, strings in its notes' texts
}  // namespace detail

class PropertyList;

/// A value as the graph stores it, read in place: what the properties of nodes, edges and
/// relationships hold. Stays valid while the graph lives. `Value` is the owning form
/// (`to_value()`); the graph keeps values compact (a front-matter property takes 32 bytes
/// plus its text, where a `Property` takes 136 before its strings).
class KG_API ValueRef {
 public:
  Value::Kind kind() const noexcept;
  bool is_null() const noexcept { return kind() == Value::Kind::Null; }
  bool as_bool() const noexcept;             ///< false unless a Bool
  std::int64_t as_int() const noexcept;      ///< 0 unless an Int
  double as_float() const noexcept;          ///< 0 unless a Float
  std::string_view text() const noexcept;    ///< String and Date values; else empty
  /// List items or map entries; 0 for a scalar.
  std::size_t size() const noexcept;
  /// List item (or map entry value) `i` < size().
  ValueRef operator[](std::size_t i) const noexcept;
  /// A map's entries (empty for anything else).
  PropertyList entries() const noexcept;
  /// The map entry with this key.
  std::optional<ValueRef> find(std::string_view key) const noexcept;
  /// An owning copy.
  Value to_value() const;

  /// Deep equality, as Value's.
  friend KG_API bool operator==(ValueRef a, ValueRef b) noexcept;
  friend KG_API bool operator==(ValueRef a, const Value& b) noexcept;

  explicit ValueRef(const detail::ValueCell* cell) noexcept : cell_(cell) {}
  const detail::ValueCell* cell() const noexcept { return cell_; }

 private:
  const detail::ValueCell* cell_;
};

/// One key and its value, in place.
struct PropertyRef {
  std::string_view key;
  ValueRef value;
};

/// Ordered key -> value pairs of a node, an edge, a relationship or a map value, in place
/// (a view, like ValueRef). Iterates as PropertyRef: `for (auto [key, value] : list)`.
class KG_API PropertyList {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = PropertyRef;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = PropertyRef;
    iterator() = default;
    PropertyRef operator*() const noexcept { return at(first_, i_); }
    PropertyRef operator[](difference_type n) const noexcept { return at(first_, i_ + n); }
    iterator& operator++() noexcept { ++i_; return *this; }
    iterator operator++(int) noexcept { iterator t = *this; ++i_; return t; }
    iterator& operator--() noexcept { --i_; return *this; }
    iterator operator--(int) noexcept { iterator t = *this; --i_; return t; }
    iterator& operator+=(difference_type n) noexcept { i_ += n; return *this; }
    iterator& operator-=(difference_type n) noexcept { i_ -= n; return *this; }
    friend iterator operator+(iterator a, difference_type n) noexcept { return a += n; }
    friend iterator operator+(difference_type n, iterator a) noexcept { return a += n; }
    friend iterator operator-(iterator a, difference_type n) noexcept { return a -= n; }
    friend difference_type operator-(iterator a, iterator b) noexcept {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(iterator a, iterator b) noexcept { return a.i_ == b.i_; }
    friend auto operator<=>(iterator a, iterator b) noexcept { return a.i_ <=> b.i_; }

   private:
    friend class PropertyList;
    iterator(const detail::ValueCell* first, std::size_t i) : first_(first), i_(i) {}
    const detail::ValueCell* first_ = nullptr;
    std::size_t i_ = 0;
  };

  PropertyList() = default;
  PropertyList(const detail::ValueCell* first, std::size_t size) noexcept : first_(first), size_(size) {}

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  PropertyRef operator[](std::size_t i) const noexcept { return at(first_, i); }
  iterator begin() const noexcept { return iterator(first_, 0); }
  iterator end() const noexcept { return iterator(first_, size_); }
  /// The value of the first entry with this key.
  std::optional<ValueRef> find(std::string_view key) const noexcept;
  /// An owning copy.
  Properties to_properties() const;

  /// Same keys and values in the same order.
  friend KG_API bool operator==(const PropertyList& a, const PropertyList& b) noexcept;

 private:
  static PropertyRef at(const detail::ValueCell* first, std::size_t i) noexcept;
  const detail::ValueCell* first_ = nullptr;
  std::size_t size_ = 0;
};

/// Compact JSON text of a stored value, as to_json(const Value&) writes its owning copy.
KG_API std::string to_json(ValueRef value);

}  // namespace kg
