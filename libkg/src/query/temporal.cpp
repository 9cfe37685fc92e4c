#include "query/temporal.hpp"

#include "query/evaluate.hpp"
#include "util/text.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>

namespace kg::query::temporal {

namespace {

using Kind = Value::Kind;
using Args = std::span<const Value>;
using i64 = std::int64_t;
__extension__ typedef __int128 i128;  // nanoseconds across the whole calendar

constexpr i64 kNano = 1'000'000'000;
constexpr i64 kDayNanos = 86'400 * kNano;
constexpr i64 kMonthSeconds = 2'629'746;  // an average Gregorian month, for fractions of one

[[noreturn]] void fail(const Bound& at, const std::string& why) { runtime_error("ArgumentError", why, at.place); }

// --- the calendar (proleptic Gregorian, Howard Hinnant's civil algorithms) -------------------

i64 floor_div(i64 a, i64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
i64 floor_mod(i64 a, i64 b) { return a - floor_div(a, b) * b; }

i64 days_from_civil(i64 y, i64 m, i64 d) {
  y -= m <= 2;
  const i64 era = floor_div(y, 400);
  const i64 yoe = y - era * 400;
  const i64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const i64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  i64 year;
  int month;
  int day;
};

Civil civil(i64 z) {
  z += 719468;
  const i64 era = floor_div(z, 146097);
  const i64 doe = z - era * 146097;
  const i64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const i64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const i64 mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

bool leap(i64 y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_length(i64 y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}
int day_of_week(i64 day) { return static_cast<int>(floor_mod(day + 3, 7)) + 1; }  // 1 Monday .. 7 Sunday
i64 week1_monday(i64 year) {
  const i64 jan4 = days_from_civil(year, 1, 4);
  return jan4 - (day_of_week(jan4) - 1);
}
struct WeekDate {
  i64 year;
  int week;
  int day;
};
WeekDate week_date(i64 day) {
  i64 y = civil(day).year;
  i64 start = week1_monday(y + 1);
  if (day >= start) {
    ++y;
  } else {
    start = week1_monday(y);
    if (day < start) start = week1_monday(--y);
  }
  return {y, static_cast<int>((day - start) / 7 + 1), day_of_week(day)};
}
int weeks_in(i64 year) { return static_cast<int>((week1_monday(year + 1) - week1_monday(year)) / 7); }

// --- time zones -------------------------------------------------------------------------

std::unique_ptr<icu::TimeZone> named_zone(const std::string& name) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
  if (!tz || *tz == icu::TimeZone::getUnknown()) return nullptr;
  return tz;
}

// The offset of a named zone at a local date and time (the earlier one where clocks go
// back, the one before a gap where they go forward) or at an instant.
std::int32_t offset_at(const std::string& zone, i64 day, i64 nanos, bool local) {
  const auto tz = named_zone(zone);
  if (!tz) return 0;
  const double ms = static_cast<double>(day) * 86'400'000.0 + static_cast<double>(nanos / 1'000'000);
  int32_t raw = 0;
  int32_t dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(ms, local ? 1 : 0, raw, dst, status);
  return static_cast<std::int32_t>((raw + dst) / 1000);
}

// --- values -----------------------------------------------------------------------------

Value make(Kind kind, i64 day, i64 nanos, std::int32_t offset = 0, std::string zone = {}) {
  Temporal t;
  t.epoch_day = day;
  t.nano_of_day = nanos;
  t.offset = offset;
  t.zone = std::move(zone);
  return Value::temporal(kind, std::move(t));
}

Value make_duration(i64 months, i64 days, i128 nanos) {
  Temporal t;
  t.months = months;
  t.days = days;
  i128 s = nanos / kNano;
  i128 n = nanos % kNano;
  if (n < 0) {
    n += kNano;
    --s;
  }
  t.seconds = static_cast<i64>(s);
  t.nanos = static_cast<std::int32_t>(n);
  return Value::temporal(Kind::Duration, std::move(t));
}

i128 duration_nanos(const Temporal& d) { return static_cast<i128>(d.seconds) * kNano + d.nanos; }

bool has_date(Kind k) { return k == Kind::Date || k == Kind::LocalDateTime || k == Kind::DateTime; }
bool has_time(Kind k) { return k == Kind::LocalTime || k == Kind::Time || k == Kind::LocalDateTime || k == Kind::DateTime; }
bool has_zone(Kind k) { return k == Kind::Time || k == Kind::DateTime; }

// A datetime's or time's instant, in nanoseconds (a time's from midnight UTC).
i128 instant(const Value& v) {
  const Temporal& t = v.as_temporal();
  const i128 local = static_cast<i128>(has_date(v.kind()) ? t.epoch_day : 0) * kDayNanos + t.nano_of_day;
  return local - static_cast<i128>(t.offset) * kNano;
}

// --- formatting -------------------------------------------------------------------------

void two(std::string& out, i64 n) {
  out += static_cast<char>('0' + n / 10);
  out += static_cast<char>('0' + n % 10);
}

void append_date(std::string& out, i64 day) {
  const Civil c = civil(day);
  if (c.year < 0 || c.year > 9999) {
    out += c.year < 0 ? '-' : '+';
    const std::string digits = std::to_string(c.year < 0 ? -c.year : c.year);
    out.append(digits.size() < 4 ? 4 - digits.size() : 0, '0');
    out += digits;
  } else {
    const std::string digits = std::to_string(c.year);
    out.append(4 - digits.size(), '0');
    out += digits;
  }
  out += '-';
  two(out, c.month);
  out += '-';
  two(out, c.day);
}

// 3, 6 or 9 digits, as few as hold the value (Java's ISO format).
void append_fraction(std::string& out, i64 nanos) {
  std::string digits = std::to_string(nanos);
  digits.insert(0, 9 - digits.size(), '0');
  if (nanos % 1'000'000 == 0) {
    digits.resize(3);
  } else if (nanos % 1000 == 0) {
    digits.resize(6);
  }
  out += '.';
  out += digits;
}

void append_time(std::string& out, i64 nanos) {
  const i64 seconds = nanos / kNano;
  two(out, seconds / 3600);
  out += ':';
  two(out, seconds / 60 % 60);
  if (seconds % 60 != 0 || nanos % kNano != 0) {
    out += ':';
    two(out, seconds % 60);
    if (nanos % kNano != 0) append_fraction(out, nanos % kNano);
  }
}

void append_offset(std::string& out, std::int32_t offset) {
  if (offset == 0) {
    out += 'Z';
    return;
  }
  out += offset < 0 ? '-' : '+';
  const std::int32_t a = offset < 0 ? -offset : offset;
  two(out, a / 3600);
  out += ':';
  two(out, a / 60 % 60);
  if (a % 60 != 0) {
    out += ':';
    two(out, a % 60);
  }
}

std::string format_duration(const Temporal& d) {
  std::string out = "P";
  const i64 years = d.months / 12;
  const i64 months = d.months % 12;
  if (years != 0) out += std::to_string(years) + "Y";
  if (months != 0) out += std::to_string(months) + "M";
  if (d.days != 0) out += std::to_string(d.days) + "D";
  const i128 total = duration_nanos(d);
  if (total != 0) {
    out += 'T';
    const i128 hours = total / (3600 * static_cast<i128>(kNano));
    const i128 rest = total - hours * 3600 * static_cast<i128>(kNano);
    const i128 minutes = rest / (60 * static_cast<i128>(kNano));
    const i128 secs = rest - minutes * 60 * static_cast<i128>(kNano);
    if (hours != 0) out += std::to_string(static_cast<i64>(hours)) + "H";
    if (minutes != 0) out += std::to_string(static_cast<i64>(minutes)) + "M";
    if (secs != 0) {
      const i128 whole = secs / kNano;
      i128 frac = secs % kNano;
      if (secs < 0) out += '-';
      out += std::to_string(static_cast<i64>(whole < 0 ? -whole : whole));
      if (frac != 0) {
        if (frac < 0) frac = -frac;
        std::string digits = std::to_string(static_cast<i64>(frac));
        digits.insert(0, 9 - digits.size(), '0');
        while (digits.back() == '0') digits.pop_back();
        out += '.';
        out += digits;
      }
      out += 'S';
    }
  }
  if (out == "P") out = "PT0S";
  return out;
}

// --- reading maps -----------------------------------------------------------------------

// The map's value under `key`, case aside; null values count as absent.
const Value* field(const Value::Map& m, std::string_view key) {
  for (const auto& [k, v] : m) {
    if (k.size() == key.size() && util::starts_with_icase(k, key)) return v.is_null() ? nullptr : &v;
  }
  return nullptr;
}

std::optional<i64> int_field(const Value::Map& m, std::string_view key, const Bound& at) {
  const Value* v = field(m, key);
  if (!v) return std::nullopt;
  if (v->kind() == Kind::Int) return v->as_int();
  if (v->kind() == Kind::Float && std::trunc(v->as_float()) == v->as_float()) return static_cast<i64>(v->as_float());
  fail(at, "InvalidArgumentType: `" + std::string(key) + "` must be an Integer");
}

void check_range(const Bound& at, std::string_view name, i64 v, i64 lo, i64 hi) {
  if (v < lo || v > hi) {
    fail(at, "InvalidArgumentValue: " + std::string(name) + " " + std::to_string(v) + " is outside " +
                 std::to_string(lo) + ".." + std::to_string(hi));
  }
}

// A zone written as `Z`, `+01:00`, `+0100`, `+01` or a name: (offset, name).
std::pair<std::int32_t, std::string> read_zone(std::string_view text, const Bound& at, i64 day, i64 nanos) {
  if (text == "Z" || text == "z") return {0, {}};
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    std::string digits;
    for (const char c : text.substr(1)) {
      if (c >= '0' && c <= '9') {
        digits += c;
      } else if (c != ':') {
        fail(at, "InvalidArgumentValue: '" + std::string(text) + "' is not a time zone");
      }
    }
    if (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) {
      fail(at, "InvalidArgumentValue: '" + std::string(text) + "' is not a time zone");
    }
    const int h = std::stoi(digits.substr(0, 2));
    const int m = digits.size() >= 4 ? std::stoi(digits.substr(2, 2)) : 0;
    const int s = digits.size() == 6 ? std::stoi(digits.substr(4, 2)) : 0;
    if (h > 18 || m > 59 || s > 59) fail(at, "InvalidArgumentValue: '" + std::string(text) + "' is not a time zone");
    const std::int32_t offset = h * 3600 + m * 60 + s;
    return {text[0] == '-' ? -offset : offset, {}};
  }
  std::string name(text);
  if (!named_zone(name)) fail(at, "InvalidArgumentValue: '" + name + "' is not a time zone");
  return {offset_at(name, day, nanos, true), name};
}

// The parts a temporal is built from.
struct Parts {
  i64 day = 0;
  i64 nanos = 0;
  std::int32_t offset = 0;
  std::string zone;
  bool zoned = false;  // offset/zone known
};

// Sub-second parts. Without a base, the given millisecond, microsecond and nanosecond add
// up (`{nanosecond: 645876123}` alone is the whole fraction); over a base, each given one
// replaces the base's digits of that unit.
i64 fraction(const Value::Map& m, const Bound& at, std::optional<i64> base) {
  const auto ms = int_field(m, "millisecond", at);
  const auto us = int_field(m, "microsecond", at);
  const auto ns = int_field(m, "nanosecond", at);
  if (!ms && !us && !ns) return base.value_or(0);
  if (base) {
    if (ms) check_range(at, "millisecond", *ms, 0, 999);
    if (us) check_range(at, "microsecond", *us, 0, 999);
    if (ns) check_range(at, "nanosecond", *ns, 0, 999);
    return ms.value_or(*base / 1'000'000) * 1'000'000 + us.value_or(*base / 1000 % 1000) * 1000 +
           ns.value_or(*base % 1000);
  }
  if (ms) check_range(at, "millisecond", *ms, 0, 999);
  if (us) check_range(at, "microsecond", *us, 0, ms ? 999 : 999'999);
  if (ns) check_range(at, "nanosecond", *ns, 0, (ms || us) ? (us ? 999 : 999'999) : 999'999'999);
  return ms.value_or(0) * 1'000'000 + us.value_or(0) * 1000 + ns.value_or(0);
}

i64 date_from_map(const Value::Map& m, const Bound& at, std::optional<i64> base) {
  const auto year = int_field(m, "year", at);
  const auto month = int_field(m, "month", at);
  const auto day = int_field(m, "day", at);
  const auto week = int_field(m, "week", at);
  const auto dow = int_field(m, "dayOfWeek", at);
  const auto ordinal = int_field(m, "ordinalDay", at);
  const auto quarter = int_field(m, "quarter", at);
  const auto doq = int_field(m, "dayOfQuarter", at);
  if (!year && !base) {
    if (month || day || week || dow || ordinal || quarter || doq) fail(at, "InvalidArgumentValue: a date needs a year");
    return 0;
  }
  if (year) check_range(at, "year", *year, -999'999'999, 999'999'999);
  if (week || (dow && base && !month && !day && !ordinal && !quarter)) {
    const WeekDate b = base ? week_date(*base) : WeekDate{*year, 1, 1};
    const i64 wy = year.value_or(b.year);
    const i64 w = week.value_or(b.week);
    check_range(at, "week", w, 1, weeks_in(wy));
    const int d = static_cast<int>(dow.value_or(base ? b.day : 1));
    check_range(at, "dayOfWeek", d, 1, 7);
    return week1_monday(wy) + (w - 1) * 7 + (d - 1);
  }
  if (ordinal) {
    const i64 y = year.value_or(base ? civil(*base).year : 0);
    check_range(at, "ordinalDay", *ordinal, 1, leap(y) ? 366 : 365);
    return days_from_civil(y, 1, 1) + *ordinal - 1;
  }
  if (quarter) {
    const i64 y = year.value_or(base ? civil(*base).year : 0);
    check_range(at, "quarter", *quarter, 1, 4);
    const i64 first = days_from_civil(y, (*quarter - 1) * 3 + 1, 1);
    i64 d = 1;
    if (doq) {
      d = *doq;
    } else if (base) {
      const Civil c = civil(*base);
      d = *base - days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1) + 1;
    }
    const i64 length = days_from_civil(y + (*quarter == 4), *quarter == 4 ? 1 : *quarter * 3 + 1, 1) - first;
    check_range(at, "dayOfQuarter", d, 1, length);
    return first + d - 1;
  }
  const Civil c = base ? civil(*base) : Civil{*year, 1, 1};
  const i64 y = year.value_or(c.year);
  if (!month && day && !base) fail(at, "InvalidArgumentValue: a day needs a month");
  const i64 mo = month.value_or(c.month);
  check_range(at, "month", mo, 1, 12);
  const i64 d = day.value_or(c.day);
  check_range(at, "day", d, 1, month_length(y, static_cast<int>(mo)));
  return days_from_civil(y, mo, d);
}

i64 time_from_map(const Value::Map& m, const Bound& at, std::optional<i64> base) {
  const auto hour = int_field(m, "hour", at);
  const auto minute = int_field(m, "minute", at);
  const auto second = int_field(m, "second", at);
  const i64 b = base.value_or(0);
  if (!base && !hour && (minute || second)) fail(at, "InvalidArgumentValue: a time needs an hour");
  const i64 h = hour.value_or(b / kNano / 3600);
  const i64 mi = minute.value_or(b / kNano / 60 % 60);
  const i64 s = second.value_or(b / kNano % 60);
  check_range(at, "hour", h, 0, 23);
  check_range(at, "minute", mi, 0, 59);
  check_range(at, "second", s, 0, 59);
  const i64 f = fraction(m, at, base ? std::optional<i64>(b % kNano) : std::nullopt);
  return ((h * 60 + mi) * 60 + s) * kNano + f;
}

// --- reading strings --------------------------------------------------------------------

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return i < s.size() ? s[i] : '\0'; }
  bool take(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Exactly n digits.
  std::optional<i64> digits(std::size_t n) {
    if (i + n > s.size()) return std::nullopt;
    i64 v = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    i += n;
    return v;
  }
  std::size_t run() const {
    std::size_t n = 0;
    while (i + n < s.size() && s[i + n] >= '0' && s[i + n] <= '9') ++n;
    return n;
  }
};

[[noreturn]] void bad_text(const Bound& at, std::string_view text, const char* what) {
  fail(at, "InvalidArgumentValue: '" + std::string(text) + "' is not " + what);
}

i64 parse_date(Cursor& c, const Bound& at) {
  i64 sign = 1;
  std::size_t year_digits = 4;
  if (c.peek() == '+' || c.peek() == '-') {
    sign = c.peek() == '-' ? -1 : 1;
    ++c.i;
    year_digits = c.run();
    if (year_digits < 4 || year_digits > 9) bad_text(at, c.s, "a date");
  }
  const auto year = c.digits(year_digits);
  if (!year) bad_text(at, c.s, "a date");
  const i64 y = sign * *year;
  const bool dashed = c.take('-');
  if (c.done() || c.peek() == 'T') return days_from_civil(y, 1, 1);
  if (c.take('W')) {
    const auto week = c.digits(2);
    if (!week) bad_text(at, c.s, "a date");
    i64 dow = 1;
    if ((dashed && c.take('-')) || (!dashed && c.run() > 0)) {
      const auto d = c.digits(1);
      if (!d) bad_text(at, c.s, "a date");
      dow = *d;
    }
    if (*week < 1 || *week > weeks_in(y) || dow < 1 || dow > 7) bad_text(at, c.s, "a date");
    return week1_monday(y) + (*week - 1) * 7 + dow - 1;
  }
  const std::size_t n = c.run();
  if (n == 3 || (!dashed && n == 3)) {
    const auto ordinal = c.digits(3);
    if (*ordinal < 1 || *ordinal > (leap(y) ? 366 : 365)) bad_text(at, c.s, "a date");
    return days_from_civil(y, 1, 1) + *ordinal - 1;
  }
  const auto month = c.digits(2);
  if (!month || *month < 1 || *month > 12) bad_text(at, c.s, "a date");
  i64 day = 1;
  if ((dashed && c.take('-')) || (!dashed && c.run() == 2)) {
    const auto d = c.digits(2);
    if (!d) bad_text(at, c.s, "a date");
    day = *d;
  }
  if (day < 1 || day > month_length(y, static_cast<int>(*month))) bad_text(at, c.s, "a date");
  return days_from_civil(y, *month, day);
}

i64 parse_time(Cursor& c, const Bound& at) {
  const auto h = c.digits(2);
  if (!h || *h > 23) bad_text(at, c.s, "a time");
  i64 m = 0;
  i64 s = 0;
  i64 f = 0;
  const bool colon = c.take(':');
  if (colon || c.run() >= 2) {
    const auto mm = c.digits(2);
    if (!mm || *mm > 59) bad_text(at, c.s, "a time");
    m = *mm;
    if ((colon && c.take(':')) || (!colon && c.run() >= 2)) {
      const auto ss = c.digits(2);
      if (!ss || *ss > 59) bad_text(at, c.s, "a time");
      s = *ss;
      if (c.take('.') || c.take(',')) {
        const std::size_t n = c.run();
        if (n == 0 || n > 9) bad_text(at, c.s, "a time");
        f = *c.digits(n);
        for (std::size_t k = n; k < 9; ++k) f *= 10;
      }
    }
  }
  return ((*h * 60 + m) * 60 + s) * kNano + f;
}

// An offset and/or a `[Zone/Name]` after a time, at (day, nanos) local.
bool parse_zone(Cursor& c, const Bound& at, i64 day, i64 nanos, Parts& p) {
  bool any = false;
  if (c.peek() == 'Z' || c.peek() == '+' || c.peek() == '-') {
    std::size_t j = c.i + 1;
    while (j < c.s.size() && c.s[j] != '[') ++j;
    const auto [offset, zone] = read_zone(c.s.substr(c.i, j - c.i), at, day, nanos);
    p.offset = offset;
    c.i = j;
    any = true;
  }
  if (c.take('[')) {
    const std::size_t end = c.s.find(']', c.i);
    if (end == std::string_view::npos) bad_text(at, c.s, "a time zone");
    const std::string name(c.s.substr(c.i, end - c.i));
    c.i = end + 1;
    if (!named_zone(name)) fail(at, "InvalidArgumentValue: '" + name + "' is not a time zone");
    p.zone = name;
    p.offset = offset_at(name, day, nanos, true);
    any = true;
  }
  p.zoned = any;
  return any;
}

Value parse(Kind kind, std::string_view text, const Bound& at) {
  Cursor c{text};
  Parts p;
  if (kind == Kind::Date) {
    p.day = parse_date(c, at);
  } else if (kind == Kind::LocalTime || kind == Kind::Time) {
    p.nanos = parse_time(c, at);
    if (kind == Kind::Time) parse_zone(c, at, 0, p.nanos, p);
  } else {
    p.day = parse_date(c, at);
    if (c.take('T')) p.nanos = parse_time(c, at);
    if (kind == Kind::DateTime) parse_zone(c, at, p.day, p.nanos, p);
  }
  if (!c.done()) bad_text(at, text, "a temporal value of that kind");
  return make(kind, has_date(kind) ? p.day : 0, has_time(kind) ? p.nanos : 0, p.offset, p.zone);
}

// ISO durations: P[nY][nM][nW][nD][T[nH][nM][n.nS]] with fractions, or P<datetime>.
Value parse_duration(std::string_view text, const Bound& at) {
  Cursor c{text};
  i128 sign = 1;
  if (c.take('-')) sign = -1;
  if (!c.take('P') && !c.take('p')) bad_text(at, text, "a duration");
  // The alternative form: P2012-02-02T14:37:21.545.
  if (c.run() == 4 && c.i + 4 < text.size() && text[c.i + 4] == '-') {
    const auto y = c.digits(4);
    c.take('-');
    const auto mo = c.digits(2);
    c.take('-');
    const auto d = c.digits(2);
    i64 nanos = 0;
    if (c.take('T')) nanos = parse_time(c, at);
    if (!y || !mo || !d || !c.done()) bad_text(at, text, "a duration");
    return make_duration(static_cast<i64>(sign) * (*y * 12 + *mo), static_cast<i64>(sign) * *d, sign * nanos);
  }
  long double months = 0;
  long double days = 0;
  long double seconds = 0;
  bool time = false;
  bool any = false;
  while (!c.done()) {
    if (c.take('T')) {
      time = true;
      continue;
    }
    bool negative = c.take('-');
    std::size_t start = c.i;
    while (!c.done() && ((c.peek() >= '0' && c.peek() <= '9') || c.peek() == '.' || c.peek() == ',')) ++c.i;
    if (c.i == start) bad_text(at, text, "a duration");
    std::string number(text.substr(start, c.i - start));
    for (char& ch : number) ch = ch == ',' ? '.' : ch;
    long double v = std::strtold(number.c_str(), nullptr);
    if (negative) v = -v;
    const char unit = c.peek();
    ++c.i;
    any = true;
    if (!time) {
      switch (unit) {
        case 'Y': months += v * 12; break;
        case 'M': months += v; break;
        case 'W': days += v * 7; break;
        case 'D': days += v; break;
        default: bad_text(at, text, "a duration");
      }
    } else {
      switch (unit) {
        case 'H': seconds += v * 3600; break;
        case 'M': seconds += v * 60; break;
        case 'S': seconds += v; break;
        default: bad_text(at, text, "a duration");
      }
    }
  }
  if (!any) bad_text(at, text, "a duration");
  // Fractions cascade down: a month's to days and seconds, a day's to seconds.
  const long double whole_months = std::trunc(months);
  long double extra_seconds = (months - whole_months) * kMonthSeconds;
  const long double whole_days = std::trunc(days);
  extra_seconds += (days - whole_days) * 86400;
  long double total_seconds = seconds + extra_seconds;
  i64 carry_days = 0;
  if (extra_seconds != 0) {
    carry_days = static_cast<i64>(std::trunc(total_seconds / 86400));
    total_seconds -= static_cast<long double>(carry_days) * 86400;
  }
  const i128 nanos = static_cast<i128>(std::llroundl(total_seconds * 1e9L));
  return make_duration(static_cast<i64>(sign) * static_cast<i64>(whole_months),
                       static_cast<i64>(sign) * (static_cast<i64>(whole_days) + carry_days), sign * nanos);
}

// Fractions cascade down: a fraction of a month to whole days (an average month) and the
// rest to nanoseconds, a fraction of a day to nanoseconds.
Value fractions_down(long double months, long double days, long double nanos) {
  const long double whole_months = std::trunc(months);
  const long double month_nanos = (months - whole_months) * kMonthSeconds * 1e9L;
  const long double carried_days = std::trunc(month_nanos / 86400e9L);
  nanos += month_nanos - carried_days * 86400e9L;
  const long double whole_days = std::trunc(days);
  nanos += (days - whole_days) * 86400e9L;
  return make_duration(static_cast<i64>(whole_months), static_cast<i64>(whole_days + carried_days),
                       static_cast<i128>(std::llroundl(nanos)));
}

Value duration_from_map(const Value::Map& m, const Bound& at) {
  long double months = 0;
  long double days = 0;
  long double nanos = 0;
  static constexpr std::pair<std::string_view, int> kUnits[] = {
      {"years", 0}, {"quarters", 1}, {"months", 2}, {"weeks", 3}, {"days", 4}, {"hours", 5},
      {"minutes", 6}, {"seconds", 7}, {"milliseconds", 8}, {"microseconds", 9}, {"nanoseconds", 10}};
  for (const auto& [key, value] : m) {
    int unit = -1;
    for (const auto& [name, u] : kUnits) {
      if (name.size() == key.size() && util::starts_with_icase(key, name)) {
        unit = u;
      }
    }
    if (unit < 0) fail(at, "InvalidArgumentValue: `" + key + "` is not a duration unit");
    if (value.is_null()) continue;
    if (value.kind() != Kind::Int && value.kind() != Kind::Float) {
      fail(at, "InvalidArgumentType: `" + key + "` must be a number");
    }
    const long double v = value.kind() == Kind::Int ? static_cast<long double>(value.as_int()) : value.as_float();
    switch (unit) {
      case 0: months += v * 12; break;
      case 1: months += v * 3; break;
      case 2: months += v; break;
      case 3: days += v * 7; break;
      case 4: days += v; break;
      case 5: nanos += v * 3600e9L; break;
      case 6: nanos += v * 60e9L; break;
      case 7: nanos += v * 1e9L; break;
      case 8: nanos += v * 1e6L; break;
      case 9: nanos += v * 1e3L; break;
      default: nanos += v; break;
    }
  }
  return fractions_down(months, days, nanos);
}

// --- building from maps and other temporals -----------------------------------------------

// A temporal of `kind` from a map: {year, month, ...}, {date: d, time: t, ...},
// {datetime: x, ...}, {epochSeconds, ...}; `attach` (truncate's map) puts a given zone on
// the local time instead of converting to it.
Value from_map(Kind kind, const Value::Map& given, const Bound& at, bool attach = false) {
  Parts p;
  // An instant from the epoch takes its fraction from the map; the time fields do not again.
  Value::Map m = given;
  if (field(m, "epochSeconds") || field(m, "epochMillis")) {
    std::erase_if(m, [](const auto& e) {
      const std::string k = util::ascii_lower(e.first);
      return k == "millisecond" || k == "microsecond" || k == "nanosecond";
    });
  }
  std::optional<i64> base_day;
  std::optional<i64> base_time;
  std::optional<std::pair<std::int32_t, std::string>> base_zone;
  i128 base_instant = 0;
  bool from_instant = false;
  const Value* dt = field(m, "datetime");
  const Value* d = dt ? dt : field(m, "date");
  const Value* t = dt ? dt : field(m, "time");
  if (d) {
    if (!d->is_temporal() || !has_date(d->kind())) fail(at, "InvalidArgumentType: `date` must be a temporal with a date");
    base_day = d->as_temporal().epoch_day;
  }
  if (t) {
    if (!t->is_temporal() || !has_time(t->kind())) {
      if (t->is_temporal() && t->kind() == Kind::Date && dt) {
        base_time = 0;
      } else {
        fail(at, "InvalidArgumentType: `time` must be a temporal with a time");
      }
    } else {
      base_time = t->as_temporal().nano_of_day;
      if (has_zone(t->kind())) {
        base_zone = std::make_pair(t->as_temporal().offset, t->as_temporal().zone);
        base_instant = instant(*t);
        from_instant = true;
      }
    }
  }
  const auto epoch_seconds = int_field(m, "epochSeconds", at);
  const auto epoch_millis = int_field(m, "epochMillis", at);
  if (epoch_seconds || epoch_millis) {
    i128 n = epoch_seconds ? static_cast<i128>(*epoch_seconds) * kNano : static_cast<i128>(*epoch_millis) * 1'000'000;
    n += fraction(given, at, std::nullopt);
    base_zone = std::make_pair(0, std::string());
    base_instant = n;
    from_instant = true;
    base_day = static_cast<i64>(n >= 0 ? n / kDayNanos : -((-n + kDayNanos - 1) / kDayNanos));
    base_time = static_cast<i64>(n - static_cast<i128>(*base_day) * kDayNanos);
  }
  // The zone: given (converting a zoned source to it), the source's, or UTC.
  const Value* tz = field(m, "timezone");
  if (tz && tz->kind() != Kind::String) fail(at, "InvalidArgumentType: `timezone` must be a String");
  if (tz && from_instant && !attach && has_zone(kind)) {
    const auto [offset, zone] = read_zone(tz->as_string(), at, base_day.value_or(0), base_time.value_or(0));
    std::int32_t o = offset;
    if (!zone.empty()) {
      o = offset_at(zone, static_cast<i64>(base_instant / kDayNanos), static_cast<i64>(base_instant % kDayNanos), false);
    }
    const i128 local = base_instant + static_cast<i128>(o) * kNano;
    const i64 day = static_cast<i64>(local >= 0 ? local / kDayNanos : -((-local + kDayNanos - 1) / kDayNanos));
    base_time = static_cast<i64>(local - static_cast<i128>(day) * kDayNanos);
    if (dt || epoch_seconds || epoch_millis) base_day = day;
    base_zone = std::make_pair(o, zone);
    tz = nullptr;
    p.offset = o;
    p.zone = zone;
    p.zoned = true;
  }
  if (has_date(kind)) p.day = date_from_map(m, at, base_day);
  if (has_time(kind)) p.nanos = time_from_map(m, at, base_time);
  if (has_zone(kind)) {
    if (tz) {
      const auto [offset, zone] = read_zone(tz->as_string(), at, p.day, p.nanos);
      p.offset = offset;
      p.zone = zone;
    } else if (base_zone && !p.zoned) {
      p.offset = base_zone->first;
      p.zone = base_zone->second;
      if (!p.zone.empty()) p.offset = offset_at(p.zone, p.day, p.nanos, true);
    } else if (!p.zone.empty()) {
      p.offset = offset_at(p.zone, p.day, p.nanos, true);
    }
  }
  return make(kind, p.day, p.nanos, p.offset, p.zone);
}

// date(x), time(x) ... from another temporal: its parts of that kind.
Value convert(Kind kind, const Value& v, const Bound& at) {
  Value::Map m;
  if (has_date(kind) && !has_date(v.kind())) fail(at, "InvalidArgumentType: cannot take a date from " + std::string(type_name(v)));
  if (has_time(kind) && !has_date(kind) && !has_time(v.kind())) {
    fail(at, "InvalidArgumentType: cannot take a time from " + std::string(type_name(v)));
  }
  m.emplace_back(has_date(v.kind()) && has_time(v.kind()) ? "datetime" : has_date(v.kind()) ? "date" : "time", v);
  return from_map(kind, m, at);
}

// The statement's clock: every call in one query sees the same instant.
Value now(Kind kind, EvalContext& ctx, const Bound& at) {
  const i64 ns = ctx.statement_time;
  Value::Map m{{"epochSeconds", Value::integer(ns / kNano)}, {"nanosecond", Value::integer(ns % kNano)}};
  const Value dt = from_map(Kind::DateTime, m, at);
  return kind == Kind::DateTime ? dt : convert(kind, dt, at);
}

template <Kind K>
Value construct(Args a, EvalContext& ctx, const Bound& at) {
  if (a.empty()) return now(K, ctx, at);
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::String) return parse(K, v.as_string(), at);
  if (v.kind() == Kind::Map) return from_map(K, v.as_map(), at);
  if (v.is_temporal() && v.kind() != Kind::Duration) return convert(K, v, at);
  runtime_error("TypeError", "InvalidArgumentType: " + at.name + "() takes a String or a Map, not " +
                                 std::string(type_name(v)),
                at.place);
}

Value f_duration(Args a, EvalContext&, const Bound& at) {
  const Value& v = a[0];
  if (v.is_null()) return v;
  if (v.kind() == Kind::String) return parse_duration(v.as_string(), at);
  if (v.kind() == Kind::Map) return duration_from_map(v.as_map(), at);
  if (v.kind() == Kind::Duration) return v;
  runtime_error("TypeError", "InvalidArgumentType: duration() takes a String or a Map, not " +
                                 std::string(type_name(v)),
                at.place);
}

// --- truncation -------------------------------------------------------------------------

template <Kind K>
Value truncate(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  if (a[0].kind() != Kind::String) fail(at, "InvalidArgumentType: the unit must be a String");
  const Value& v = a[1];
  if (!v.is_temporal() || v.kind() == Kind::Duration) fail(at, "InvalidArgumentType: truncate() takes a temporal");
  const std::string unit = util::ascii_lower(a[0].as_string());
  if (has_date(K) && !has_date(v.kind())) fail(at, "InvalidArgumentType: cannot truncate a time to a date");
  const Temporal& t = v.as_temporal();
  i64 day = t.epoch_day;
  i64 nanos = has_time(v.kind()) ? t.nano_of_day : 0;
  const Civil c = civil(day);
  const auto year_start = [&](i64 y) { return days_from_civil(y, 1, 1); };
  bool date_unit = true;
  if (unit == "millennium") {
    day = year_start(floor_div(c.year, 1000) * 1000);
  } else if (unit == "century") {
    day = year_start(floor_div(c.year, 100) * 100);
  } else if (unit == "decade") {
    day = year_start(floor_div(c.year, 10) * 10);
  } else if (unit == "year") {
    day = year_start(c.year);
  } else if (unit == "weekyear") {
    day = week1_monday(week_date(day).year);
  } else if (unit == "quarter") {
    day = days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
  } else if (unit == "month") {
    day = days_from_civil(c.year, c.month, 1);
  } else if (unit == "week") {
    day -= day_of_week(day) - 1;
  } else if (unit == "day") {
  } else {
    date_unit = false;
    i64 step = 0;
    if (unit == "hour") step = 3600 * kNano;
    if (unit == "minute") step = 60 * kNano;
    if (unit == "second") step = kNano;
    if (unit == "millisecond") step = 1'000'000;
    if (unit == "microsecond") step = 1000;
    if (step == 0) fail(at, "InvalidArgumentValue: '" + a[0].as_string() + "' is not a unit to truncate to");
    nanos = nanos / step * step;
  }
  if (date_unit) {
    if (!has_date(K) && unit != "day") fail(at, "InvalidArgumentValue: cannot truncate a time to " + unit);
    nanos = 0;
  }
  // The truncated value, then the map's fields over it (a zone is put on, not converted to).
  Value base = make(has_date(v.kind()) && has_time(v.kind()) ? (has_zone(v.kind()) ? Kind::DateTime : Kind::LocalDateTime)
                    : has_date(v.kind())                      ? Kind::Date
                    : has_zone(v.kind())                      ? Kind::Time
                                                              : Kind::LocalTime,
                    day, nanos, t.offset, t.zone);
  if (base.kind() == Kind::DateTime && !t.zone.empty()) {
    base = make(Kind::DateTime, day, nanos, offset_at(t.zone, day, nanos, true), t.zone);
  }
  Value::Map m;
  if (a.size() > 2 && !a[2].is_null()) {
    if (a[2].kind() != Kind::Map) fail(at, "InvalidArgumentType: truncate()'s third argument is a Map");
    m = a[2].as_map();
  }
  m.emplace_back(has_date(base.kind()) && has_time(base.kind()) ? "datetime" : has_date(base.kind()) ? "date" : "time",
                 base);
  if (has_zone(K) && !has_zone(base.kind()) && !field(m, "timezone")) m.emplace_back("timezone", Value::string("Z"));
  return from_map(K, m, at, true);
}

// --- durations between --------------------------------------------------------------------

enum class Between { All, Months, Days, Seconds };

// The local date and time of `v` seen at `offset`, when it has a zone; a time-only value
// takes `day` (the other operand's).
std::pair<i64, i64> local_parts(const Value& v, i64 day, std::optional<std::int32_t> offset) {
  const Temporal& t = v.as_temporal();
  i64 d = has_date(v.kind()) ? t.epoch_day : day;
  i64 n = has_time(v.kind()) ? t.nano_of_day : 0;
  if (offset && has_zone(v.kind()) && *offset != t.offset) {
    const i128 local = (static_cast<i128>(d) * kDayNanos + n) + static_cast<i128>(*offset - t.offset) * kNano;
    d = static_cast<i64>(local >= 0 ? local / kDayNanos : -((-local + kDayNanos - 1) / kDayNanos));
    n = static_cast<i64>(local - static_cast<i128>(d) * kDayNanos);
  }
  return {d, n};
}

Value between(const Value& a, const Value& b, Between what, const Bound& at) {
  if (a.is_null() || b.is_null()) return Value();
  if (!a.is_temporal() || !b.is_temporal() || a.kind() == Kind::Duration || b.kind() == Kind::Duration) {
    runtime_error("TypeError", "InvalidArgumentType: duration." + at.name.substr(at.name.find('.') + 1) +
                                   "() takes two temporals",
                  at.place);
  }
  const bool dates = has_date(a.kind()) && has_date(b.kind());
  const i64 day_a = has_date(a.kind()) ? a.as_temporal().epoch_day : has_date(b.kind()) ? b.as_temporal().epoch_day : 0;
  const i64 day_b = has_date(b.kind()) ? b.as_temporal().epoch_day : day_a;
  // Both in the first's zone (or the second's, when only it has one).
  std::optional<std::int32_t> offset;
  if (has_zone(a.kind())) offset = a.as_temporal().offset;
  if (!offset && has_zone(b.kind())) offset = b.as_temporal().offset;
  auto [d1, n1] = local_parts(a, day_b, offset);
  auto [d2, n2] = local_parts(b, day_a, offset);
  // A time-only operand against a named zone: the instant difference on that day.
  const auto zone_of = [](const Value& v) { return has_zone(v.kind()) ? v.as_temporal().zone : std::string(); };
  i128 zone_shift = 0;
  if (!dates && (has_date(a.kind()) || has_date(b.kind()))) {
    const Value& dated = has_date(a.kind()) ? a : b;
    const Value& timed = has_date(a.kind()) ? b : a;
    if (!zone_of(dated).empty() && !has_zone(timed.kind())) {
      const std::int32_t at_time = offset_at(zone_of(dated), dated.as_temporal().epoch_day,
                                             has_date(a.kind()) ? n2 : n1, true);
      zone_shift = static_cast<i128>(dated.as_temporal().offset - at_time) * kNano;
      if (&dated == &b) zone_shift = -zone_shift;
    }
  }
  if (!dates) {
    if (what == Between::Months || what == Between::Days) return make_duration(0, 0, 0);
    const i128 diff = (static_cast<i128>(d2) * kDayNanos + n2) - (static_cast<i128>(d1) * kDayNanos + n1) + zone_shift;
    return make_duration(0, 0, has_date(a.kind()) || has_date(b.kind()) ? diff : static_cast<i128>(n2 - n1));
  }
  const i128 end = static_cast<i128>(d2) * kDayNanos + n2;
  if (what == Between::Seconds) {
    // Instants: a local value is read in the other's zone, at its own time of year.
    const auto at_instant = [&](const Value& v, const Value& other) -> i128 {
      const Temporal& t = v.as_temporal();
      const i128 local = static_cast<i128>(t.epoch_day) * kDayNanos + t.nano_of_day;
      if (has_zone(v.kind())) return local - static_cast<i128>(t.offset) * kNano;
      if (!has_zone(other.kind())) return local;
      const Temporal& o = other.as_temporal();
      const std::int32_t o_offset = o.zone.empty() ? o.offset : offset_at(o.zone, t.epoch_day, t.nano_of_day, true);
      return local - static_cast<i128>(o_offset) * kNano;
    };
    return make_duration(0, 0, at_instant(b, a) - at_instant(a, b));
  }
  if (what == Between::Days) {
    i64 days = d2 - d1;
    if (days > 0 && n2 < n1) --days;
    if (days < 0 && n2 > n1) ++days;
    return make_duration(0, days, 0);
  }
  // Whole months (as a calendar counts them), then whole days, then the rest.
  const Civil c1 = civil(d1);
  const Civil c2 = civil(d2);
  i64 months = (c2.year - c1.year) * 12 + (c2.month - c1.month);
  const auto shifted = [&, time_of_day = n1](i64 m) {  // clang 14 captures no structured binding
    const i64 total = c1.year * 12 + (c1.month - 1) + m;
    const i64 y = floor_div(total, 12);
    const int mo = static_cast<int>(floor_mod(total, 12)) + 1;
    return static_cast<i128>(days_from_civil(y, mo, std::min(c1.day, month_length(y, mo)))) * kDayNanos + time_of_day;
  };
  if (months > 0 && shifted(months) > end) --months;
  if (months < 0 && shifted(months) < end) ++months;
  if (what == Between::Months) return make_duration(months, 0, 0);
  const i128 after_months = shifted(months);
  i128 rest = end - after_months;
  const i64 days = static_cast<i64>(rest / kDayNanos);
  rest -= static_cast<i128>(days) * kDayNanos;
  return make_duration(months, days, rest);
}

Value f_between(Args a, EvalContext&, const Bound& at) { return between(a[0], a[1], Between::All, at); }
Value f_in_months(Args a, EvalContext&, const Bound& at) { return between(a[0], a[1], Between::Months, at); }
Value f_in_days(Args a, EvalContext&, const Bound& at) { return between(a[0], a[1], Between::Days, at); }
Value f_in_seconds(Args a, EvalContext&, const Bound& at) { return between(a[0], a[1], Between::Seconds, at); }

Value f_from_epoch(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  Value::Map m{{"epochSeconds", a[0]}, {"nanosecond", a[1]}};
  return from_map(Kind::DateTime, m, at);
}
Value f_from_epoch_millis(Args a, EvalContext&, const Bound& at) {
  if (a[0].is_null()) return Value();
  Value::Map m{{"epochMillis", a[0]}};
  return from_map(Kind::DateTime, m, at);
}

const FunctionInfo kFunctions[] = {
    {"date", construct<Kind::Date>, 0, 1},
    {"date.realtime", construct<Kind::Date>, 0, 1},
    {"date.statement", construct<Kind::Date>, 0, 1},
    {"date.transaction", construct<Kind::Date>, 0, 1},
    {"date.truncate", truncate<Kind::Date>, 2, 3},
    {"datetime", construct<Kind::DateTime>, 0, 1},
    {"datetime.fromepoch", f_from_epoch, 2, 2},
    {"datetime.fromepochmillis", f_from_epoch_millis, 1, 1},
    {"datetime.realtime", construct<Kind::DateTime>, 0, 1},
    {"datetime.statement", construct<Kind::DateTime>, 0, 1},
    {"datetime.transaction", construct<Kind::DateTime>, 0, 1},
    {"datetime.truncate", truncate<Kind::DateTime>, 2, 3},
    {"duration", f_duration, 1, 1},
    {"duration.between", f_between, 2, 2},
    {"duration.indays", f_in_days, 2, 2},
    {"duration.inmonths", f_in_months, 2, 2},
    {"duration.inseconds", f_in_seconds, 2, 2},
    {"localdatetime", construct<Kind::LocalDateTime>, 0, 1},
    {"localdatetime.realtime", construct<Kind::LocalDateTime>, 0, 1},
    {"localdatetime.statement", construct<Kind::LocalDateTime>, 0, 1},
    {"localdatetime.transaction", construct<Kind::LocalDateTime>, 0, 1},
    {"localdatetime.truncate", truncate<Kind::LocalDateTime>, 2, 3},
    {"localtime", construct<Kind::LocalTime>, 0, 1},
    {"localtime.realtime", construct<Kind::LocalTime>, 0, 1},
    {"localtime.statement", construct<Kind::LocalTime>, 0, 1},
    {"localtime.transaction", construct<Kind::LocalTime>, 0, 1},
    {"localtime.truncate", truncate<Kind::LocalTime>, 2, 3},
    {"time", construct<Kind::Time>, 0, 1},
    {"time.realtime", construct<Kind::Time>, 0, 1},
    {"time.statement", construct<Kind::Time>, 0, 1},
    {"time.transaction", construct<Kind::Time>, 0, 1},
    {"time.truncate", truncate<Kind::Time>, 2, 3},
};

}  // namespace

std::span<const FunctionInfo> functions() { return kFunctions; }

std::string format(const Value& v) {
  const Temporal& t = v.as_temporal();
  std::string out;
  switch (v.kind()) {
    case Kind::Date: append_date(out, t.epoch_day); break;
    case Kind::LocalTime: append_time(out, t.nano_of_day); break;
    case Kind::Time:
      append_time(out, t.nano_of_day);
      append_offset(out, t.offset);
      break;
    case Kind::LocalDateTime:
      append_date(out, t.epoch_day);
      out += 'T';
      append_time(out, t.nano_of_day);
      break;
    case Kind::DateTime:
      append_date(out, t.epoch_day);
      out += 'T';
      append_time(out, t.nano_of_day);
      append_offset(out, t.offset);
      if (!t.zone.empty()) out += "[" + t.zone + "]";
      break;
    case Kind::Duration: return format_duration(t);
    default: break;
  }
  return out;
}

std::optional<int> compare(const Value& a, const Value& b) {
  if (a.kind() != b.kind() || a.kind() == Kind::Duration) return std::nullopt;
  const auto three = [](i128 x, i128 y) { return x < y ? -1 : x > y ? 1 : 0; };
  const Temporal& x = a.as_temporal();
  const Temporal& y = b.as_temporal();
  switch (a.kind()) {
    case Kind::Date: return three(x.epoch_day, y.epoch_day);
    case Kind::LocalTime: return three(x.nano_of_day, y.nano_of_day);
    case Kind::LocalDateTime:
      return three(static_cast<i128>(x.epoch_day) * kDayNanos + x.nano_of_day,
                   static_cast<i128>(y.epoch_day) * kDayNanos + y.nano_of_day);
    case Kind::Time:
    case Kind::DateTime: return three(instant(a), instant(b));
    default: return std::nullopt;
  }
}

bool equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == Kind::Duration) {
    const Temporal& x = a.as_temporal();
    const Temporal& y = b.as_temporal();
    return x.months == y.months && x.days == y.days && x.seconds == y.seconds && x.nanos == y.nanos;
  }
  if (a.kind() == Kind::Time || a.kind() == Kind::DateTime) {
    return instant(a) == instant(b) && a.as_temporal().offset == b.as_temporal().offset &&
           a.as_temporal().zone == b.as_temporal().zone;
  }
  return temporal::compare(a, b) == 0;
}

std::optional<Value> component(const Value& v, std::string_view key) {
  const Temporal& t = v.as_temporal();
  const std::string k = util::ascii_lower(key);
  const auto num = [](i64 n) { return Value::integer(n); };
  if (v.kind() == Kind::Duration) {
    const i128 total = duration_nanos(t);
    if (k == "years") return num(t.months / 12);
    if (k == "quarters") return num(t.months / 3);
    if (k == "months") return num(t.months);
    if (k == "monthsofyear") return num(t.months % 12);
    if (k == "monthsofquarter") return num(t.months % 3);
    if (k == "weeks") return num(t.days / 7);
    if (k == "days") return num(t.days);
    if (k == "daysofweek") return num(t.days % 7);
    if (k == "hours") return num(static_cast<i64>(total / (3600 * static_cast<i128>(kNano))));
    if (k == "minutes") return num(static_cast<i64>(total / (60 * static_cast<i128>(kNano))));
    if (k == "minutesofhour") return num(static_cast<i64>(total / (60 * static_cast<i128>(kNano)) % 60));
    if (k == "seconds") return num(t.seconds);
    if (k == "secondsofminute") return num(t.seconds % 60);
    if (k == "milliseconds") return num(static_cast<i64>(total / 1'000'000));
    if (k == "microseconds") return num(static_cast<i64>(total / 1000));
    if (k == "nanoseconds") return num(static_cast<i64>(total));
    if (k == "millisecondsofsecond") return num(t.nanos / 1'000'000);
    if (k == "microsecondsofsecond") return num(t.nanos / 1000);
    if (k == "nanosecondsofsecond") return num(t.nanos);
    return std::nullopt;
  }
  if (has_date(v.kind())) {
    const Civil c = civil(t.epoch_day);
    const WeekDate w = week_date(t.epoch_day);
    if (k == "year") return num(c.year);
    if (k == "quarter") return num((c.month - 1) / 3 + 1);
    if (k == "month") return num(c.month);
    if (k == "week") return num(w.week);
    if (k == "weekyear") return num(w.year);
    if (k == "day") return num(c.day);
    if (k == "ordinalday") return num(t.epoch_day - days_from_civil(c.year, 1, 1) + 1);
    if (k == "dayofweek" || k == "weekday") return num(w.day);
    if (k == "dayofquarter") return num(t.epoch_day - days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1) + 1);
  }
  if (has_time(v.kind())) {
    const i64 n = t.nano_of_day;
    if (k == "hour") return num(n / kNano / 3600);
    if (k == "minute") return num(n / kNano / 60 % 60);
    if (k == "second") return num(n / kNano % 60);
    if (k == "millisecond") return num(n % kNano / 1'000'000);
    if (k == "microsecond") return num(n % kNano / 1000);
    if (k == "nanosecond") return num(n % kNano);
  }
  if (has_zone(v.kind())) {
    std::string offset;
    append_offset(offset, t.offset);
    if (offset == "Z") offset = "+00:00";
    if (k == "timezone") return Value::string(t.zone.empty() ? offset : t.zone);
    if (k == "offset") return Value::string(offset);
    if (k == "offsetminutes") return num(t.offset / 60);
    if (k == "offsetseconds") return num(t.offset);
  }
  if (v.kind() == Kind::DateTime) {
    const i128 i = instant(v);
    if (k == "epochseconds") return num(static_cast<i64>(i >= 0 ? i / kNano : -((-i + kNano - 1) / kNano)));
    if (k == "epochmillis") return num(static_cast<i64>(i >= 0 ? i / 1'000'000 : -((-i + 999'999) / 1'000'000)));
  }
  return std::nullopt;
}

std::optional<Value> add(const Value& a, const Value& b, bool subtract, const Place& at) {
  if (a.kind() == Kind::Duration && b.kind() == Kind::Duration) {
    const Temporal& x = a.as_temporal();
    const Temporal& y = b.as_temporal();
    const i64 s = subtract ? -1 : 1;
    return make_duration(x.months + s * y.months, x.days + s * y.days, duration_nanos(x) + s * duration_nanos(y));
  }
  const bool left = a.is_temporal() && a.kind() != Kind::Duration && b.kind() == Kind::Duration;
  const bool right = !subtract && b.is_temporal() && b.kind() != Kind::Duration && a.kind() == Kind::Duration;
  if (!left && !right) return std::nullopt;
  const Value& v = left ? a : b;
  const Temporal& d = (left ? b : a).as_temporal();
  const i64 s = subtract ? -1 : 1;
  const Temporal& t = v.as_temporal();
  i64 day = t.epoch_day;
  i128 nanos = t.nano_of_day;
  if (has_date(v.kind())) {
    const Civil c = civil(day);
    const i64 total = c.year * 12 + (c.month - 1) + s * d.months;
    const i64 y = floor_div(total, 12);
    const int m = static_cast<int>(floor_mod(total, 12)) + 1;
    day = days_from_civil(y, m, std::min(c.day, month_length(y, m))) + s * d.days;
  }
  nanos += s * duration_nanos(d);
  if (has_date(v.kind()) && has_time(v.kind())) {
    const i128 carry = nanos >= 0 ? nanos / kDayNanos : -((-nanos + kDayNanos - 1) / kDayNanos);
    day += static_cast<i64>(carry);
    nanos -= carry * kDayNanos;
  } else {
    nanos %= kDayNanos;
    if (nanos < 0) nanos += kDayNanos;
  }
  if (v.kind() == Kind::Date) nanos = 0;
  std::int32_t offset = t.offset;
  if (!t.zone.empty()) offset = offset_at(t.zone, day, static_cast<i64>(nanos), true);
  (void)at;
  return make(v.kind(), day, static_cast<i64>(nanos), offset, t.zone);
}

std::optional<Value> multiply(const Value& a, const Value& b, bool divide, const Place& at) {
  const bool left = a.kind() == Kind::Duration && (b.kind() == Kind::Int || b.kind() == Kind::Float);
  const bool right = !divide && b.kind() == Kind::Duration && (a.kind() == Kind::Int || a.kind() == Kind::Float);
  if (!left && !right) return std::nullopt;
  const Temporal& d = (left ? a : b).as_temporal();
  long double f = (left ? b : a).as_number();
  if (divide) {
    if (f == 0) runtime_error("ArithmeticError", "division of a duration by zero", at);
    f = 1.0L / f;
  }
  const long double months = static_cast<long double>(d.months) * f;
  const long double days = static_cast<long double>(d.days) * f;
  long double nanos = static_cast<long double>(duration_nanos(d)) * f;
  return fractions_down(months, days, nanos);
}

}  // namespace kg::query::temporal
