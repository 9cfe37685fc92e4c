// A JSON writer that prints a document token by token, without building it as a tree first.
// Its text is byte for byte what nlohmann's ordered_json::dump(indent, ' ', false,
// error_handler_t::replace) prints for the same tree: the same separators and indentation,
// `[]` and `{}` for empty containers, UTF-8 kept as is, control characters as \u00xx, and
// invalid UTF-8 replaced by U+FFFD. A whole-vault export is hundreds of megabytes of text;
// as a tree it took several times that and most of the export's time.
#pragma once

#include <nlohmann/json.hpp>

#include <cassert>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::io {

class JsonStream {
 public:
  /// `indent` < 0: one line; n >= 0: one member or element a line, n spaces a level. With a
  /// `sink`, text goes there in chunks as it is written (and at flush()); without one, it
  /// collects for take(). The sink must outlive the stream.
  explicit JsonStream(int indent, std::ostream* sink = nullptr) : indent_(indent), sink_(sink) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  /// The next value is this member's.
  void key(std::string_view name) {
    assert(!open_.empty() && !after_key_);
    separate();
    append_string(name);
    buffer_ += indent_ < 0 ? ":" : ": ";
    after_key_ = true;
  }

  void null() { scalar("null"); }
  void boolean(bool b) { scalar(b ? "true" : "false"); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void integer(T n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    scalar(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }
  /// nlohmann's shortest round-trip form ("1.0", "1e+20"); NaN and infinities as null.
  void number(double d) { scalar(nlohmann::json(d).dump()); }
  void string(std::string_view s) {
    before_value();
    append_string(s);
    maybe_flush();
  }

  /// A stream for elements that another stream will take with append_elements(): they
  /// belong to a container `depth` levels down from the root (the root's own members are
  /// at depth 1), after `preceding` elements already written in it. Its text is exactly
  /// what writing the same elements straight into the other stream would give.
  static JsonStream fragment(int indent, std::size_t depth, std::size_t preceding) {
    JsonStream f(indent);
    f.open_.assign(depth, 1);
    if (depth > 0) f.open_.back() = preceding;
    return f;
  }
  /// Elements (or members) written so far in the open container.
  std::size_t elements() const { return open_.empty() ? 0 : open_.back(); }
  /// Appends `count` elements formatted by a fragment() stream to the open container.
  void append_elements(std::string_view text, std::size_t count) {
    assert(!open_.empty() && !after_key_);
    buffer_ += text;
    open_.back() += count;
    maybe_flush();
  }

  /// Writes what is buffered to the sink.
  void flush() {
    if (sink_ != nullptr && !buffer_.empty()) {
      sink_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      buffer_.clear();
    }
  }
  /// The text written so far (when there is no sink), leaving the stream empty.
  std::string take() { return std::exchange(buffer_, {}); }

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 16;

  void open(char bracket) {
    before_value();
    buffer_ += bracket;
    open_.push_back(0);
  }

  void close(char bracket) {
    assert(!open_.empty() && !after_key_);
    const std::size_t count = open_.back();
    open_.pop_back();
    if (indent_ >= 0 && count > 0) {
      buffer_ += '\n';
      buffer_.append(static_cast<std::size_t>(indent_) * open_.size(), ' ');
    }
    buffer_ += bracket;
    maybe_flush();
  }

  void scalar(std::string_view text) {
    before_value();
    buffer_ += text;
    maybe_flush();
  }

  void before_value() {
    if (after_key_) {
      after_key_ = false;
    } else if (!open_.empty()) {
      separate();
    }
  }

  // What goes before an element or member: a comma after the first, and when
  // pretty-printing a line break and the indentation of the level.
  void separate() {
    std::size_t& count = open_.back();
    if (indent_ < 0) {
      if (count > 0) buffer_ += ',';
    } else {
      buffer_ += count > 0 ? ",\n" : "\n";
      buffer_.append(static_cast<std::size_t>(indent_) * open_.size(), ' ');
    }
    ++count;
  }

  void maybe_flush() {
    if (buffer_.size() >= kChunk) flush();
  }

  // The length of the well-formed UTF-8 sequence (Unicode table 3-7) at s[i], a byte >= 0x80,
  // or 0 when there is none; nlohmann's decoder accepts exactly these.
  static std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) {
      return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
    };
    const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
      const unsigned b = byte(k);
      return b >= lo && b <= hi;
    };
    const unsigned lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF) return cont(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
      const bool second = lead == 0xE0   ? cont(1, 0xA0, 0xBF)
                          : lead == 0xED ? cont(1, 0x80, 0x9F)
                                         : cont(1);
      return second && cont(2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      const bool second = lead == 0xF0   ? cont(1, 0x90, 0xBF)
                          : lead == 0xF4 ? cont(1, 0x80, 0x8F)
                                         : cont(1);
      return second && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
  }

  void append_string(std::string_view s) {
    const std::size_t start = buffer_.size();
    buffer_ += '"';
    std::size_t copied = 0;  // s[copied, i) is still to be appended as is
    std::size_t i = 0;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        const std::size_t length = utf8_length(s, i);
        if (length == 0) {
          // Invalid UTF-8 is rare and how nlohmann replaces it is subtle (how many bytes one
          // U+FFFD stands for): let it print this string.
          buffer_.resize(start);
          buffer_ += nlohmann::json(std::string(s)).dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace);
          return;
        }
        i += length;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      buffer_.append(s.data() + copied, i - copied);
      switch (c) {
        case '"': buffer_ += "\\\""; break;
        case '\\': buffer_ += "\\\\"; break;
        case '\b': buffer_ += "\\b"; break;
        case '\t': buffer_ += "\\t"; break;
        case '\n': buffer_ += "\\n"; break;
        case '\f': buffer_ += "\\f"; break;
        case '\r': buffer_ += "\\r"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          buffer_ += "\\u00";
          buffer_ += kHex[c >> 4];
          buffer_ += kHex[c & 0xF];
        }
      }
      copied = ++i;
    }
    buffer_.append(s.data() + copied, s.size() - copied);
    buffer_ += '"';
  }

  int indent_;
  std::ostream* sink_;
  std::string buffer_;
  std::vector<std::size_t> open_;  // per open container, the values written in it so far
  bool after_key_ = false;
};

}  // namespace kg::io
