#include "parse/simple_yaml.hpp"

#include "util/utf8.hpp"

namespace kg::parse {

SimpleYaml::Node::iterator SimpleYaml::Node::begin() const { return iterator(*this, 0); }
SimpleYaml::Node::iterator SimpleYaml::Node::end() const { return iterator(*this, size()); }

SimpleYaml::Element SimpleYaml::Node::iterator::operator*() const {
  const SimpleYaml& doc = *node_.doc_;
  const Item& it = node_.item();
  if (it.kind == Kind::Map) {
    const Node key(&doc, doc.children_[it.first + 2 * i_]);
    const Node value(&doc, doc.children_[it.first + 2 * i_ + 1]);
    return Element(Node(), key, value);
  }
  return Element(Node(&doc, doc.children_[it.first + i_]), Node(), Node());
}

namespace {

bool is_space_only(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

std::string_view trim_spaces(std::string_view s) {
  const std::size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(' ');
  return s.substr(b, e - b + 1);
}

bool is_key_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8, checked valid as a whole
}

bool is_key_char(char c) { return is_key_start(c) || c == '-' || c == '.' || c == '/' || c == ' '; }

// Characters the subset refuses anywhere: tabs, carriage returns, other controls, and the
// byte sequences of Unicode line breaks and the byte-order mark, which YAML treats apart.
bool has_refused_bytes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\n') return true;
    if (c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) return true;
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      return true;
    }
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
        static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      return true;
    }
  }
  return !util::is_valid_utf8(text);
}

// A plain scalar the subset takes: not empty, not starting with an indicator, with no
// comment, no ": " and no trailing ':'; in a flow list also no flow indicator.
bool plain_ok(std::string_view s, bool flow) {
  if (s.empty()) return false;
  switch (s.front()) {
    case '[': case ']': case '{': case '}': case ',': case '#': case '&': case '*': case '!':
    case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
      return false;
    case '-': case '?': case ':':
      if (s.size() == 1 || s[1] == ' ') return false;
      break;
    default: break;
  }
  if (s.find(": ") != std::string_view::npos || s.back() == ':') return false;
  if (s.find(" #") != std::string_view::npos) return false;
  if (flow && s.find_first_of("[]{},") != std::string_view::npos) return false;
  // A colon followed by a flow indicator ends a key in a flow list.
  if (flow && s.find(':') != std::string_view::npos) return false;
  return true;
}

// A quoted scalar the subset takes: the quotes at both ends and none inside (so no escape
// and no doubled quote to undo); its value is what lies between.
bool quoted_ok(std::string_view s) {
  if (s.size() < 2 || (s.front() != '"' && s.front() != '\'') || s.back() != s.front()) return false;
  const std::string_view inner = s.substr(1, s.size() - 2);
  if (inner.find(s.front()) != std::string_view::npos) return false;
  return s.front() == '\'' || inner.find('\\') == std::string_view::npos;
}

}  // namespace

std::optional<SimpleYaml> SimpleYaml::read(std::string_view text) {
  if (has_refused_bytes(text)) return std::nullopt;
  SimpleYaml doc;
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos <= text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    lines.push_back(text.substr(pos, end - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // yaml-cpp marks an empty value where the next token starts: the next line with
  // something on it, or the end of the text (known only when the text ends in a newline).
  const auto next_token = [&](std::size_t from) -> std::optional<Mark> {
    for (std::size_t j = from; j < lines.size(); ++j) {
      const std::size_t at = lines[j].find_first_not_of(' ');
      if (at != std::string_view::npos) return Mark{static_cast<int>(j), static_cast<int>(at)};
    }
    if (text.empty() || text.back() != '\n') return std::nullopt;
    return Mark{static_cast<int>(lines.size() - 1), 0};
  };
  const auto add = [&](Kind kind, std::string_view s, bool quoted, Mark mark) {
    doc.items_.push_back(Item{kind, quoted, s, mark, 0, 0});
    return static_cast<std::uint32_t>(doc.items_.size() - 1);
  };
  // A one-line scalar at `column` of line `line` (already trimmed): its node, or nullopt.
  const auto scalar = [&](std::string_view s, int line, int column,
                          bool flow) -> std::optional<std::uint32_t> {
    if (!s.empty() && (s.front() == '"' || s.front() == '\'')) {
      if (!quoted_ok(s)) return std::nullopt;
      return add(Kind::Scalar, s.substr(1, s.size() - 2), true, Mark{line, column});
    }
    if (!plain_ok(s, flow)) return std::nullopt;
    // yaml-cpp reads these plain scalars as null nodes.
    if (s == "~" || s == "null" || s == "Null" || s == "NULL") {
      return add(Kind::Null, {}, false, Mark{line, column});
    }
    return add(Kind::Scalar, s, false, Mark{line, column});
  };
  // The list of `items` (their nodes) under a new node of `kind`.
  const auto group = [&](std::uint32_t node, const std::vector<std::uint32_t>& items,
                         std::uint32_t count) {
    doc.items_[node].first = static_cast<std::uint32_t>(doc.children_.size());
    doc.items_[node].count = count;
    doc.children_.insert(doc.children_.end(), items.begin(), items.end());
  };

  add(Kind::Map, {}, false, Mark{});
  std::vector<std::uint32_t> entries;
  std::vector<std::uint32_t> list;
  bool root_marked = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (is_space_only(line)) continue;
    if (!is_key_start(line.front())) return std::nullopt;
    std::size_t colon = 0;
    while (colon < line.size() && is_key_char(line[colon])) ++colon;
    if (colon == line.size() || line[colon] != ':' || line[colon - 1] == ' ') return std::nullopt;
    if (colon + 1 < line.size() && line[colon + 1] != ' ') return std::nullopt;
    const int row = static_cast<int>(i);
    if (!root_marked) {
      doc.items_[0].mark = Mark{row, 0};
      root_marked = true;
    }
    const std::uint32_t key = add(Kind::Scalar, line.substr(0, colon), false, Mark{row, 0});
    const std::string_view rest = line.substr(colon + 1);
    const std::size_t lead = rest.find_first_not_of(' ');
    std::uint32_t value = 0;
    if (lead == std::string_view::npos) {
      // `key:` alone: a block list follows, or the value is null.
      std::size_t j = i + 1;
      while (j < lines.size() && is_space_only(lines[j])) ++j;
      const auto item_at = [&](std::string_view l) -> std::optional<std::size_t> {
        const std::size_t dash = l.find_first_not_of(' ');
        if (dash == std::string_view::npos || l[dash] != '-') return std::nullopt;
        if (dash + 1 < l.size() && l[dash + 1] != ' ') return std::nullopt;
        return dash;
      };
      const std::optional<std::size_t> indent = j < lines.size() ? item_at(lines[j]) : std::nullopt;
      if (!indent) {
        // Nothing, or something indented that is not a list: only nothing is null.
        if (j < lines.size() && lines[j].front() == ' ') return std::nullopt;
        const std::optional<Mark> mark = next_token(i + 1);
        if (!mark) return std::nullopt;
        value = add(Kind::Null, {}, false, *mark);
      } else {
        list.clear();
        const std::uint32_t seq =
            add(Kind::Sequence, {}, false, Mark{static_cast<int>(j), static_cast<int>(*indent)});
        std::size_t k = j;
        for (; k < lines.size(); ++k) {
          const std::string_view l = lines[k];
          if (is_space_only(l)) {
            // A gap before another item is left to yaml-cpp; before a key or the end, the
            // list is over.
            std::size_t next = k + 1;
            while (next < lines.size() && is_space_only(lines[next])) ++next;
            if (next < lines.size() && lines[next].front() == ' ') return std::nullopt;
            if (next < lines.size() && item_at(lines[next])) return std::nullopt;
            break;
          }
          const std::optional<std::size_t> at = item_at(l);
          if (!at) {
            if (l.front() == ' ') return std::nullopt;
            break;  // the next key
          }
          if (*at != *indent) return std::nullopt;
          const std::string_view body = l.substr(*at + 1);
          const std::size_t first = body.find_first_not_of(' ');
          if (first == std::string_view::npos) {
            const std::optional<Mark> mark = next_token(k + 1);
            if (!mark) return std::nullopt;
            list.push_back(add(Kind::Null, {}, false, *mark));
            continue;
          }
          const std::string_view s = trim_spaces(body);
          const auto item = scalar(s, static_cast<int>(k), static_cast<int>(*at + 1 + first), false);
          if (!item) return std::nullopt;
          list.push_back(*item);
        }
        group(seq, list, static_cast<std::uint32_t>(list.size()));
        value = seq;
        i = k - 1;
      }
    } else {
      const std::string_view s = trim_spaces(rest);
      const int column = static_cast<int>(colon + 1 + lead);
      if (s.front() == '[') {
        if (s.back() != ']') return std::nullopt;
        list.clear();
        const std::uint32_t seq = add(Kind::Sequence, {}, false, Mark{row, column});
        const std::string_view inner = s.substr(1, s.size() - 2);
        if (!is_space_only(inner)) {
          std::size_t start = 0;
          for (;;) {
            // Quoted items hold no comma the subset cares about: a quote must close before
            // the next comma, so commas inside quotes send the list to yaml-cpp.
            const std::size_t comma = inner.find(',', start);
            const std::string_view piece =
                inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
            const std::size_t first = piece.find_first_not_of(' ');
            if (first == std::string_view::npos) return std::nullopt;  // an empty item
            const auto item = scalar(trim_spaces(piece), row,
                                     column + 1 + static_cast<int>(start + first), true);
            if (!item) return std::nullopt;
            list.push_back(*item);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
          }
        }
        group(seq, list, static_cast<std::uint32_t>(list.size()));
        value = seq;
      } else {
        const auto item = scalar(s, row, column, false);
        if (!item) return std::nullopt;
        value = *item;
      }
      // A value on the key's line ends there: an indented line after it would continue a
      // plain scalar or open something the subset does not read.
      if (i + 1 < lines.size() && !lines[i + 1].empty() && lines[i + 1].front() == ' ' &&
          !is_space_only(lines[i + 1])) {
        return std::nullopt;
      }
    }
    entries.push_back(key);
    entries.push_back(value);
  }
  if (entries.empty()) return std::nullopt;  // nothing but blank lines: yaml-cpp says null
  group(0, entries, static_cast<std::uint32_t>(entries.size() / 2));
  return doc;
}

}  // namespace kg::parse
