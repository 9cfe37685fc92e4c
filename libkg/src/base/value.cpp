#include <kg/value.hpp>

#include "base/value_cells.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <span>
#include <stdexcept>

namespace kg {

Value Value::of_bool(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}
Value Value::of_int(std::int64_t i) {
  Value v;
  v.kind = Kind::Int;
  v.integer = i;
  return v;
}
Value Value::of_float(double d) {
  Value v;
  v.kind = Kind::Float;
  v.number = d;
  return v;
}
Value Value::of_string(std::string s) {
  Value v;
  v.kind = Kind::String;
  v.text = std::move(s);
  return v;
}
Value Value::of_date(std::string s) {
  Value v;
  v.kind = Kind::Date;
  v.text = std::move(s);
  return v;
}

const Value* Value::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

nlohmann::ordered_json json_of(ValueRef v) {
  switch (v.kind()) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.as_bool();
    case Value::Kind::Int: return v.as_int();
    case Value::Kind::Float: return v.as_float();
    case Value::Kind::String:
    case Value::Kind::Date: return std::string(v.text());
    case Value::Kind::List: {
      auto a = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < v.size(); ++i) a.push_back(json_of(v[i]));
      return a;
    }
    case Value::Kind::Map: {
      auto o = nlohmann::ordered_json::object();
      for (const auto& [k, item] : v.entries()) o[std::string(k)] = json_of(item);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

std::string to_json(ValueRef value) {
  // Values are at most ParseLimits::max_yaml_depth deep, so recursion is bounded.
  return json_of(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// --- Stored values ----------------------------------------------------------------------

namespace detail {
namespace {

// One block of cells: a note's or an edge's properties, a map's entries (keyed), or a
// list's items (not keyed). Strings go block by block: first every key and text of the
// block, then the blocks of its children in order, so that stage and emit agree.
struct Block {
  std::span<const Property> entries;
  std::span<const Value> items;
  std::size_t size() const { return entries.empty() ? items.size() : entries.size(); }
  const Value& value(std::size_t i) const { return entries.empty() ? items[i] : entries[i].second; }
  std::string_view key(std::size_t i) const {
    return entries.empty() ? std::string_view() : std::string_view(entries[i].first);
  }
};

Block children_of(const Value& v) {
  Block b;
  if (v.kind == Value::Kind::List) b.items = v.items;
  if (v.kind == Value::Kind::Map) b.entries = v.entries;
  return b;
}

bool has_children(const Value& v) {
  return (v.kind == Value::Kind::List && !v.items.empty()) ||
         (v.kind == Value::Kind::Map && !v.entries.empty());
}

bool has_text(const Value& v) {
  return v.kind == Value::Kind::String || v.kind == Value::Kind::Date;
}

std::size_t stage_block(const Block& b, std::string& text) {
  std::size_t cells = b.size();
  for (std::size_t i = 0; i < b.size(); ++i) {
    text.append(b.key(i));
    if (has_text(b.value(i))) text.append(b.value(i).text);
  }
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (has_children(b.value(i))) cells += stage_block(children_of(b.value(i)), text);
  }
  return cells;
}

std::uint32_t length32(std::size_t n) {
  // Strings and lists are bounded by the note size cap, far below 4 GiB.
  return static_cast<std::uint32_t>(std::min<std::size_t>(n, 0xFFFFFFFFu));
}

const ValueCell* emit_block(const Block& b, const char*& strings, std::span<ValueCell> cells,
                            std::size_t& used) {
  const std::size_t first = used;
  if (cells.size() - used < b.size()) throw std::logic_error("value cells not reserved");
  used += b.size();
  for (std::size_t i = 0; i < b.size(); ++i) {
    ValueCell& c = cells[first + i];
    c = ValueCell{};
    const Value& v = b.value(i);
    if (!b.entries.empty()) {
      c.key = strings;
      c.key_length = length32(b.key(i).size());
      strings += b.key(i).size();
    }
    c.kind = v.kind;
    switch (v.kind) {
      case Value::Kind::Null: break;
      case Value::Kind::Bool: c.boolean = v.boolean; break;
      case Value::Kind::Int: c.integer = v.integer; break;
      case Value::Kind::Float: c.number = v.number; break;
      case Value::Kind::String:
      case Value::Kind::Date:
        c.text = strings;
        c.length = length32(v.text.size());
        strings += v.text.size();
        break;
      case Value::Kind::List: c.length = length32(v.items.size()); c.children = nullptr; break;
      case Value::Kind::Map: c.length = length32(v.entries.size()); c.children = nullptr; break;
    }
  }
  for (std::size_t i = 0; i < b.size(); ++i) {
    const Value& v = b.value(i);
    if (has_children(v)) cells[first + i].children = emit_block(children_of(v), strings, cells, used);
  }
  return cells.data() + first;
}

}  // namespace

std::size_t stage_properties(const Properties& properties, std::string& text) {
  return stage_block(Block{properties, {}}, text);
}

const ValueCell* emit_properties(const Properties& properties, const char*& strings,
                                 std::span<ValueCell> cells, std::size_t& used) {
  return emit_block(Block{properties, {}}, strings, cells, used);
}

}  // namespace detail

Value::Kind ValueRef::kind() const noexcept { return cell_->kind; }
bool ValueRef::as_bool() const noexcept { return cell_->kind == Value::Kind::Bool && cell_->boolean; }
std::int64_t ValueRef::as_int() const noexcept {
  return cell_->kind == Value::Kind::Int ? cell_->integer : 0;
}
double ValueRef::as_float() const noexcept {
  return cell_->kind == Value::Kind::Float ? cell_->number : 0.0;
}
std::string_view ValueRef::text() const noexcept {
  if (cell_->kind != Value::Kind::String && cell_->kind != Value::Kind::Date) return {};
  return {cell_->text, cell_->length};
}
std::size_t ValueRef::size() const noexcept {
  return cell_->kind == Value::Kind::List || cell_->kind == Value::Kind::Map ? cell_->length : 0;
}
ValueRef ValueRef::operator[](std::size_t i) const noexcept { return ValueRef(cell_->children + i); }
PropertyList ValueRef::entries() const noexcept {
  if (cell_->kind != Value::Kind::Map) return {};
  return PropertyList(cell_->children, cell_->length);
}
std::optional<ValueRef> ValueRef::find(std::string_view key) const noexcept {
  return entries().find(key);
}

Value ValueRef::to_value() const {
  Value v;
  v.kind = kind();
  switch (v.kind) {
    case Value::Kind::Null: break;
    case Value::Kind::Bool: v.boolean = as_bool(); break;
    case Value::Kind::Int: v.integer = as_int(); break;
    case Value::Kind::Float: v.number = as_float(); break;
    case Value::Kind::String:
    case Value::Kind::Date: v.text = text(); break;
    case Value::Kind::List:
      v.items.reserve(size());
      for (std::size_t i = 0; i < size(); ++i) v.items.push_back((*this)[i].to_value());
      break;
    case Value::Kind::Map: v.entries = entries().to_properties(); break;
  }
  return v;
}

bool operator==(ValueRef a, ValueRef b) noexcept {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Null: return true;
    case Value::Kind::Bool: return a.as_bool() == b.as_bool();
    case Value::Kind::Int: return a.as_int() == b.as_int();
    case Value::Kind::Float: return a.as_float() == b.as_float();
    case Value::Kind::String:
    case Value::Kind::Date: return a.text() == b.text();
    case Value::Kind::List:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i])) return false;
      }
      return true;
    case Value::Kind::Map: return a.entries() == b.entries();
  }
  return false;
}

bool operator==(ValueRef a, const Value& b) noexcept {
  if (a.kind() != b.kind) return false;
  switch (b.kind) {
    case Value::Kind::Null: return true;
    case Value::Kind::Bool: return a.as_bool() == b.boolean;
    case Value::Kind::Int: return a.as_int() == b.integer;
    case Value::Kind::Float: return a.as_float() == b.number;
    case Value::Kind::String:
    case Value::Kind::Date: return a.text() == b.text;
    case Value::Kind::List:
      if (a.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b.items[i])) return false;
      }
      return true;
    case Value::Kind::Map: {
      const PropertyList entries = a.entries();
      if (entries.size() != b.entries.size()) return false;
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].key != b.entries[i].first || !(entries[i].value == b.entries[i].second)) {
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

PropertyRef PropertyList::at(const detail::ValueCell* first, std::size_t i) noexcept {
  const detail::ValueCell& c = first[i];
  return PropertyRef{std::string_view(c.key, c.key_length), ValueRef(&c)};
}

std::optional<ValueRef> PropertyList::find(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < size_; ++i) {
    if (std::string_view(first_[i].key, first_[i].key_length) == key) return ValueRef(first_ + i);
  }
  return std::nullopt;
}

Properties PropertyList::to_properties() const {
  Properties out;
  out.reserve(size_);
  for (const auto& [k, v] : *this) out.emplace_back(std::string(k), v.to_value());
  return out;
}

bool operator==(const PropertyList& a, const PropertyList& b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].key != b[i].key || !(a[i].value == b[i].value)) return false;
  }
  return true;
}

std::string to_json(const Value& value) {
  // Values are at most ParseLimits::max_yaml_depth deep, so recursion is bounded.
  struct Writer {
    static nlohmann::ordered_json convert(const Value& v) {
      switch (v.kind) {
        case Value::Kind::Null: return nullptr;
        case Value::Kind::Bool: return v.boolean;
        case Value::Kind::Int: return v.integer;
        case Value::Kind::Float: return v.number;
        case Value::Kind::String:
        case Value::Kind::Date: return v.text;
        case Value::Kind::List: {
          auto a = nlohmann::ordered_json::array();
          for (const auto& item : v.items) a.push_back(convert(item));
          return a;
        }
        case Value::Kind::Map: {
          auto o = nlohmann::ordered_json::object();
          for (const auto& [k, item] : v.entries) o[k] = convert(item);
          return o;
        }
      }
      return nullptr;
    }
  };
  return Writer::convert(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool detail::holds_link(ValueRef v) {
  switch (v.kind()) {
    case Value::Kind::String: return v.text().find("[[") != std::string_view::npos;
    case Value::Kind::List:
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (holds_link(v[i])) return true;
      }
      return false;
    case Value::Kind::Map:
      for (const auto [key, value] : v.entries()) {
        if (key.find("[[") != std::string_view::npos || holds_link(value)) return true;
      }
      return false;
    default: return false;
  }
}

}  // namespace kg
