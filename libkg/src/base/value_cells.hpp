// value cells: how the graph stores property values. One value is one 32-byte cell; its
// strings (keys, text) live in a note's text and its children (list items, map entries) in
// a block of cells next to it. kg::ValueRef and kg::PropertyList read cells in place.
//
// A note's cells are written in two steps, because the pointers must be taken once the
// text has stopped growing: `stage` appends the strings of some properties to the text and
// counts their cells; once the text is final and a cell array of the counted size is
// ready, `emit` writes the cells in the same order, reading the strings back in turn.
#pragma once

#include <kg/value.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace kg::detail {

struct ValueCell {
  const char* key = nullptr;   // a property's or map entry's key; nullptr for a list item
  std::uint32_t key_length = 0;
  Value::Kind kind = Value::Kind::Null;
  bool boolean = false;
  std::uint32_t length = 0;    // String/Date: bytes; List/Map: children
  union {
    std::int64_t integer;
    double number;
    const char* text;
    const ValueCell* children;
  };
  ValueCell() : integer(0) {}
};
static_assert(sizeof(ValueCell) == 32, "a stored value is 32 bytes");

/// Appends the strings of `properties` (keys and texts, in emit order) to `text`; returns
/// how many cells emit() will write for them.
std::size_t stage_properties(const Properties& properties, std::string& text);

/// Writes the cells of `properties`, whose strings stage_properties() put in a text that
/// is now final, starting at `strings`, which this advances past them, into cells[used..],
/// advancing `used`. `cells` must have room for all of them. Returns the first of the
/// properties' own cells.
const ValueCell* emit_properties(const Properties& properties, const char*& strings,
                                 std::span<ValueCell> cells, std::size_t& used);

/// Whether a stored value states links: a string holding `[[`, or a list or map with one
/// (keys included). A front-matter key whose value does is a relationship, not a property,
/// for the query engine and the graph writers alike.
bool holds_link(ValueRef v);

}  // namespace kg::detail
