#include "query/lexer.hpp"

#include "util/utf8.hpp"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace kg::query {
namespace {

// Longer query texts are refused before lexing (values that large belong in parameters).
constexpr std::size_t kMaxQueryBytes = std::size_t{1} << 20;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_name_part(char c) { return is_name_start(c) || is_digit(c); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view q) : q_(q) {}

  // A character as an error message shows it: 'x', or its code point when it is a control
  // character (never written raw to a terminal), with the character too when it is printable.
  std::string character_name(std::size_t at) const {
    const auto c = static_cast<unsigned char>(q_[at]);
    std::string out = "'";
    if (c < 0x80) {
      if (c >= 0x20 && c != 0x7F) {
        out += static_cast<char>(c);
        out += '\'';
        return out;
      }
      return util::code_point_name(c);
    }
    const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    const std::u32string points = util::code_points(q_.substr(at, n));
    const char32_t cp = points.empty() ? 0xFFFD : points.front();
    const std::string code = util::code_point_name(cp);
    if (cp < 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xFEFF) return code;  // C1, spaces, format
    out += q_.substr(at, n);
    out += "' (";
    out += code;
    out += ')';
    return out;
  }

  Lexed run() {
    Lexed out;
    if (q_.size() > kMaxQueryBytes) {
      fail(0, "the query is " + std::to_string(q_.size()) + " bytes; kg reads queries of up to 1 MiB "
              "(large values go in parameters: --param)");
      out.ok = false;
      out.error = error_;
      return out;
    }
    if (!util::is_valid_utf8(q_)) {
      fail(static_cast<std::uint32_t>(util::first_invalid_utf8(q_)), "the query is not valid UTF-8");
      out.ok = false;
      out.error = error_;
      return out;
    }
    for (;;) {
      skip_space();
      if (failed_) break;
      Token t;
      t.offset = static_cast<std::uint32_t>(pos_);
      place(t);
      if (pos_ >= q_.size()) {
        t.kind = TokenKind::End;
        t.end = t.offset;
        out.tokens.push_back(std::move(t));
        break;
      }
      if (!next(t)) break;
      t.end = static_cast<std::uint32_t>(pos_);
      out.tokens.push_back(std::move(t));
    }
    out.ok = !failed_;
    if (failed_) {
      out.error = error_;
      out.tokens.clear();
    }
    return out;
  }

 private:
  // Line and code-point column of pos_, counted from the last place asked.
  void place(Token& t) {
    advance_place(pos_);
    t.line = line_;
    t.column = column_;
  }
  void advance_place(std::size_t to) {
    for (; counted_ < to; ++counted_) {
      const char c = q_[counted_];
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  void fail(std::size_t at, std::string message) {
    if (failed_) return;
    failed_ = true;
    advance_place(at);
    error_ = LexError{std::move(message), static_cast<std::uint32_t>(at), line_, column_};
  }

  void skip_space() {
    while (pos_ < q_.size()) {
      const char c = q_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (q_.substr(pos_, 2) == "//") {
        while (pos_ < q_.size() && q_[pos_] != '\n') ++pos_;
      } else if (q_.substr(pos_, 2) == "/*") {
        const std::size_t end = q_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          fail(pos_, "a comment opened with /* is never closed");
          return;
        }
        pos_ = end + 2;
      } else if (static_cast<unsigned char>(c) == 0xC2 && pos_ + 1 < q_.size() &&
                 static_cast<unsigned char>(q_[pos_ + 1]) == 0xA0) {
        pos_ += 2;  // no-break space
      } else {
        return;
      }
    }
  }

  bool next(Token& t) {
    const char c = q_[pos_];
    if (is_name_start(c)) return name(t);
    if (c == '`') return quoted_name(t);
    if (is_digit(c) || (c == '.' && pos_ + 1 < q_.size() && is_digit(q_[pos_ + 1]))) return number(t);
    if (c == '\'' || c == '"') return string(t);
    if (c == '$') return parameter(t);
    static constexpr std::string_view kTwo[] = {"..", "<>", "!=", "<=", ">=", "=~", "+="};
    for (const std::string_view p : kTwo) {
      if (q_.substr(pos_, 2) == p) {
        t.kind = TokenKind::Punct;
        t.text = p;
        pos_ += 2;
        return true;
      }
    }
    static constexpr std::string_view kOne = "()[]{},.:|;+-*/%^=<>";
    if (kOne.find(c) != std::string_view::npos) {
      t.kind = TokenKind::Punct;
      t.text = std::string(1, c);
      ++pos_;
      return true;
    }
    fail(pos_, "unexpected character " + character_name(pos_));
    return false;
  }

  bool name(Token& t) {
    const std::size_t start = pos_;
    while (pos_ < q_.size() && is_name_part(q_[pos_])) ++pos_;
    t.kind = TokenKind::Identifier;
    t.text = q_.substr(start, pos_ - start);
    return true;
  }

  bool quoted_name(Token& t) {
    ++pos_;
    std::string text;
    for (;;) {
      if (pos_ >= q_.size()) {
        fail(t.offset, "a name opened with ` is never closed");
        return false;
      }
      if (q_[pos_] == '`') {
        if (pos_ + 1 < q_.size() && q_[pos_ + 1] == '`') {
          text += '`';  // a doubled backtick is one
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      text += q_[pos_++];
    }
    t.kind = TokenKind::Identifier;
    t.quoted = true;
    t.text = std::move(text);
    return true;
  }

  bool number(Token& t) {
    const std::size_t start = pos_;
    if (q_.substr(pos_, 2) == "0x" || q_.substr(pos_, 2) == "0X") {
      pos_ += 2;
      while (pos_ < q_.size() && is_hex(q_[pos_])) ++pos_;
      return integer(t, start, 16, 2);
    }
    if (q_.substr(pos_, 2) == "0o") {
      pos_ += 2;
      while (pos_ < q_.size() && is_digit(q_[pos_])) ++pos_;
      return integer(t, start, 8, 2);
    }
    while (pos_ < q_.size() && is_digit(q_[pos_])) ++pos_;
    bool is_float = false;
    if (pos_ + 1 < q_.size() && q_[pos_] == '.' && is_digit(q_[pos_ + 1])) {
      is_float = true;
      ++pos_;
      while (pos_ < q_.size() && is_digit(q_[pos_])) ++pos_;
    }
    if (pos_ < q_.size() && (q_[pos_] == 'e' || q_[pos_] == 'E')) {
      std::size_t e = pos_ + 1;
      if (e < q_.size() && (q_[e] == '+' || q_[e] == '-')) ++e;
      if (e < q_.size() && is_digit(q_[e])) {
        is_float = true;
        pos_ = e;
        while (pos_ < q_.size() && is_digit(q_[pos_])) ++pos_;
      }
    }
    if (pos_ < q_.size() && is_name_part(q_[pos_])) {
      fail(start, "invalid number literal '" + std::string(q_.substr(start, pos_ + 1 - start)) + "'");
      return false;
    }
    if (!is_float) return integer(t, start, 10, 0);
    t.kind = TokenKind::Float;
    t.text = q_.substr(start, pos_ - start);
    t.number = std::strtod(t.text.c_str(), nullptr);
    if (t.number == std::numeric_limits<double>::infinity()) {
      fail(start, "FloatingPointOverflow: " + t.text + " is too large for a float");
      return false;
    }
    return true;
  }

  // An integer literal: its digits after `prefix` characters, in `base`. A decimal one too
  // large for int64 keeps its text for the parser, since `-9223372036854775808` is fine.
  bool integer(Token& t, std::size_t start, int base, std::size_t prefix) {
    t.kind = TokenKind::Integer;
    t.text = q_.substr(start, pos_ - start);
    const std::string_view digits = std::string_view(t.text).substr(prefix);
    if (digits.empty() || (pos_ < q_.size() && is_name_part(q_[pos_]))) {
      fail(start, "invalid number literal '" + t.text + "'");
      return false;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (end != digits.data() + digits.size()) {
      fail(start, "invalid number literal '" + t.text + "'");
      return false;
    }
    if (ec == std::errc::result_out_of_range ||
        value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
      fail(start, "IntegerOverflow: " + t.text + " is too large for an integer");
      return false;
    }
    // 2^63 is kept as the minimum, to be negated back by a unary minus in front of it; the
    // parser rejects it anywhere else.
    t.integer = static_cast<std::int64_t>(value);
    return true;
  }

  bool string(Token& t) {
    const char quote = q_[pos_++];
    std::string text;
    for (;;) {
      if (pos_ >= q_.size()) {
        fail(t.offset, "a string opened with " + std::string(1, quote) + " is never closed");
        return false;
      }
      const char c = q_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c != '\\') {
        text += c;
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= q_.size()) {
        fail(pos_, "a string ends in a lone backslash");
        return false;
      }
      const char e = q_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '\\': text += '\\'; break;
        case '\'': text += '\''; break;
        case '"': text += '"'; break;
        case 'b': text += '\b'; break;
        case 'f': text += '\f'; break;
        case 'n': text += '\n'; break;
        case 'r': text += '\r'; break;
        case 't': text += '\t'; break;
        case 'u':
        case 'U': {
          const std::size_t n = e == 'u' ? 4 : 8;
          const std::size_t at = pos_ - 2;
          std::uint32_t cp = 0;
          for (std::size_t k = 0; k < n; ++k) {
            if (pos_ >= q_.size() || !is_hex(q_[pos_])) {
              fail(at, "InvalidUnicodeLiteral: \\" + std::string(1, e) + " needs " +
                           std::to_string(n) + " hex digits");
              return false;
            }
            const char h = q_[pos_++];
            cp = cp * 16 + static_cast<std::uint32_t>(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
          }
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            fail(at, "InvalidUnicodeLiteral: U+" + std::string(q_.substr(at + 2, n)) +
                         " is not a character");
            return false;
          }
          append_utf8(text, cp);
          break;
        }
        default:
          fail(pos_ - 2, std::string("invalid escape \\") + e + " in a string");
          return false;
      }
    }
    t.kind = TokenKind::String;
    t.text = std::move(text);
    return true;
  }

  bool parameter(Token& t) {
    const std::size_t start = pos_++;
    if (pos_ < q_.size() && q_[pos_] == '`') {
      Token name;
      name.offset = t.offset;
      if (!quoted_name(name)) return false;
      t.text = std::move(name.text);
    } else {
      const std::size_t from = pos_;
      while (pos_ < q_.size() && is_name_part(q_[pos_])) ++pos_;
      if (pos_ == from) {
        fail(start, "a parameter needs a name after $");
        return false;
      }
      t.text = q_.substr(from, pos_ - from);
    }
    t.kind = TokenKind::Parameter;
    return true;
  }

  std::string_view q_;
  std::size_t pos_ = 0;
  std::size_t counted_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  bool failed_ = false;
  LexError error_;
};

}  // namespace

Lexed lex(std::string_view query) { return Lexer(query).run(); }

bool is_keyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::Identifier || token.quoted || token.text.size() != keyword.size()) {
    return false;
  }
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    char k = keyword[i];
    if (k >= 'a' && k <= 'z') k = static_cast<char>(k - 'a' + 'A');
    if (c != k) return false;
  }
  return true;
}

}  // namespace kg::query
