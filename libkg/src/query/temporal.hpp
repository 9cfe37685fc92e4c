// temporal: openCypher's dates, times, datetimes and durations. Built from maps, strings
// (ISO 8601) and other temporals, truncated, compared, shifted by durations, and the
// durations between two of them; named time zones through ICU's zone database. Front-matter
// dates (`since: 2025-09`) are strings in the graph; date('2025-09') reads them.
#pragma once

#include "query/plan.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kg::query::temporal {

/// The value as openCypher writes it: `1984-10-11`, `12:31:14.645+01:00`,
/// `1984-10-11T12:00+01:00[Europe/Stockholm]`, `P1Y2M3DT4H5M6.7S`.
std::string format(const Value& v);

/// Two temporals of one kind: -1, 0 or 1 (datetimes and times by instant); nullopt for
/// durations, which are only equal or not.
std::optional<int> compare(const Value& a, const Value& b);

/// Equality: the same kind and the same instant or parts.
bool equal(const Value& a, const Value& b);

/// `d.year`, `t.hour`, `dt.timezone`, `dur.days`...; nullopt when the key is not one.
std::optional<Value> component(const Value& v, std::string_view key);

/// t + d or t - d (a temporal and a duration, or two durations); d * n, d / n. Nullopt
/// when the operands are not such a pair.
std::optional<Value> add(const Value& a, const Value& b, bool subtract, const Place& at);
std::optional<Value> multiply(const Value& a, const Value& b, bool divide, const Place& at);

/// The temporal functions (date, date.truncate, duration.between, ...).
std::span<const FunctionInfo> functions();

}  // namespace kg::query::temporal
