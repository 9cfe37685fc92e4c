#include <kg/value.hpp>

#include <nlohmann/json.hpp>

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

}  // namespace kg
