#include "parse/link_syntax.hpp"

#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

namespace kg::parse {

std::string heading_key(std::string_view text) {
  // Obsidian's stripHeading: each of these characters and every line break becomes a space,
  // runs of whitespace become one space, and the ends are trimmed; then case is folded.
  constexpr std::string_view kStripped = "!\"#$%&()*+,.:;<=>?@^`{|}~/[]\\";
  std::string collapsed;
  collapsed.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    if (kStripped.find(c) != std::string_view::npos || c == ' ' || c == '\t' || c == '\n' ||
        c == '\r') {
      space = !collapsed.empty();
      continue;
    }
    if (space) {
      collapsed += ' ';
      space = false;
    }
    collapsed += c;
  }
  return util::fold(collapsed);
}

std::optional<LinkParts> split_wiki_inner(std::string_view inner) {
  // The display text starts at the first '|'; in tables the pipe is written `\|`.
  std::string_view path = inner;
  std::string_view display;
  bool has_display = false;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '|') {
      path = inner.substr(0, (i > 0 && inner[i - 1] == '\\') ? i - 1 : i);
      display = inner.substr(i + 1);
      has_display = true;
      break;
    }
  }
  LinkParts parts;
  const std::size_t hash = path.find('#');
  std::string_view target = hash == std::string_view::npos ? path : path.substr(0, hash);
  target = util::trim(target);
  parts.target = std::string(target);
  if (hash != std::string_view::npos) {
    parts.has_subpath = true;
    // Trim each segment of a heading chain; keep a block reference's caret.
    std::string_view rest = path.substr(hash + 1);
    std::string sub;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
      if (i == rest.size() || rest[i] == '#') {
        const std::string_view seg = util::trim(rest.substr(start, i - start));
        if (!seg.empty()) {
          if (!sub.empty()) sub += '#';
          sub += seg;
        }
        start = i + 1;
      }
    }
    parts.subpath = std::move(sub);
  }
  if (has_display) parts.display = std::string(util::trim(display));
  if (parts.target.empty() && parts.subpath.empty()) return std::nullopt;
  if (parts.subpath.empty()) parts.has_subpath = false;
  return parts;
}

namespace {
// Digits of a size, at most 6 so that a number cannot overflow: nullopt otherwise.
std::optional<std::uint32_t> pixels(std::string_view s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  std::uint32_t n = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return n;
}
}  // namespace

void take_embed_size(Link& link) {
  if (!link.embed) return;
  const std::size_t bar = link.display.rfind('|');
  const std::string_view tail =
      util::trim(std::string_view(link.display).substr(bar == std::string::npos ? 0 : bar + 1));
  const std::size_t x = tail.find('x');
  const auto width = pixels(tail.substr(0, x));
  const auto height = x == std::string_view::npos ? std::optional<std::uint32_t>(0)
                                                  : pixels(tail.substr(x + 1));
  if (!width || !height || *width == 0) return;
  link.width = *width;
  link.height = *height;
  link.display.resize(bar == std::string::npos ? 0 : bar);
  while (!link.display.empty() && (link.display.back() == ' ' || link.display.back() == '\\')) {
    link.display.pop_back();
  }
}

bool is_external(const Link& link) noexcept {
  return link.kind == LinkKind::Markdown ? util::has_uri_scheme(link.target)
                                         : util::is_url(link.target);
}

LinkParts split_markdown_destination(std::string_view dest) {
  LinkParts parts;
  const std::size_t hash = dest.find('#');
  const std::string_view path = hash == std::string_view::npos ? dest : dest.substr(0, hash);
  parts.target = util::percent_decode(util::trim(path));
  if (hash != std::string_view::npos) {
    parts.subpath = util::percent_decode(util::trim(dest.substr(hash + 1)));
    parts.has_subpath = !parts.subpath.empty();
  }
  return parts;
}


bool is_escaped(std::string_view s, std::size_t i) noexcept {
  std::size_t backslashes = 0;
  while (i > backslashes && s[i - backslashes - 1] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

std::optional<WikiMatch> match_wikilink(std::string_view text, std::size_t open,
                                        std::size_t close, std::size_t max_link_bytes,
                                        WikiReject* reject) {
  // The innermost opener before the close wins: "[[[[x]]" links x.
  for (std::size_t k = open + 1; k + 1 < close; ++k) {
    if (text[k] == '[' && text[k + 1] == '[' && !is_escaped(text, k)) open = k;
  }
  std::size_t inner_begin = open + 2;
  // `[[[page] d]]`: a leading extra '[' belongs to the target when the target would
  // otherwise hold an unmatched ']'. `[[[x]]]` stays '[' + [[x]] + ']'.
  if (open > 0 && text[open - 1] == '[' && !is_escaped(text, open - 1)) {
    int depth = 0;
    bool unmatched = false;
    for (std::size_t k = inner_begin; k < close; ++k) {
      if (text[k] == '[') ++depth;
      if (text[k] == ']' && --depth < 0) unmatched = true;
    }
    if (unmatched) {
      --open;
      inner_begin = open + 2;
    }
  }
  const std::string_view inner = text.substr(inner_begin, close - inner_begin);
  // The cap is on what is resolved (target and subpath, before the first '|'); a display
  // text of any length, even 100,000 pipes, leaves the link working.
  if (std::min(inner.find('|'), inner.size()) > max_link_bytes) {
    if (reject != nullptr) *reject = WikiReject::TooLong;
    return std::nullopt;
  }
  auto parts = split_wiki_inner(inner);
  if (!parts) {
    if (reject != nullptr) *reject = WikiReject::Empty;
    return std::nullopt;
  }
  WikiMatch m;
  m.embed = open > 0 && text[open - 1] == '!' && !is_escaped(text, open - 1);
  m.begin = m.embed ? open - 1 : open;
  m.end = close + 2;
  m.parts = std::move(*parts);
  return m;
}

std::vector<WikiMatch> find_wikilinks(std::string_view text, std::size_t max_link_bytes) {
  std::vector<WikiMatch> out;
  std::size_t i = 0;
  while (i + 1 < text.size()) {
    if (text[i] != '[' || text[i + 1] != '[' || is_escaped(text, i)) {
      ++i;
      continue;
    }
    std::size_t close = std::string_view::npos;
    for (std::size_t k = i + 2; k + 1 < text.size() && text[k] != '\n'; ++k) {
      if (text[k] == ']' && text[k + 1] == ']') {
        close = k;
        break;
      }
    }
    if (close == std::string_view::npos) {
      i += 2;
      continue;
    }
    if (auto m = match_wikilink(text, i, close, max_link_bytes)) out.push_back(std::move(*m));
    i = close + 2;
  }
  return out;
}

std::optional<Link> parse_link_text(std::string_view text) {
  text = util::trim_space(text);
  if (text.empty()) return std::nullopt;
  Link link;
  link.raw = std::string(text);
  bool embed = false;
  std::string_view body = text;
  if (body.size() > 1 && body[0] == '!' && body[1] == '[') {
    embed = true;
    body.remove_prefix(1);
  }
  if (body.size() >= 4 && body.substr(0, 2) == "[[" && body.substr(body.size() - 2) == "]]") {
    auto parts = split_wiki_inner(body.substr(2, body.size() - 4));
    if (!parts) return std::nullopt;
    link.kind = LinkKind::Wiki;
    link.embed = embed;
    link.target = std::move(parts->target);
    link.subpath = std::move(parts->subpath);
    link.has_subpath = parts->has_subpath;
    link.display = std::move(parts->display);
    take_embed_size(link);
    return link;
  }
  if (body.size() >= 4 && body[0] == '[' && body.back() == ')') {
    const std::size_t mid = body.find("](");
    if (mid != std::string_view::npos) {
      std::string_view dest = body.substr(mid + 2, body.size() - mid - 3);
      dest = util::trim_space(dest);
      if (!dest.empty() && dest.front() == '<') {
        const std::size_t gt = dest.find('>');
        dest = dest.substr(1, gt == std::string_view::npos ? dest.size() - 1 : gt - 1);
      } else {
        const std::size_t space = dest.find_first_of(" \t");
        if (space != std::string_view::npos) dest = dest.substr(0, space);
      }
      LinkParts parts = split_markdown_destination(dest);
      link.kind = LinkKind::Markdown;
      link.embed = embed;
      link.target = std::move(parts.target);
      link.subpath = std::move(parts.subpath);
      link.has_subpath = parts.has_subpath;
      link.display = std::string(body.substr(1, mid - 1));
      take_embed_size(link);
      if (link.target.empty() && !link.has_subpath) return std::nullopt;
      return link;
    }
  }
  // A bare target reads as [[target]].
  auto parts = split_wiki_inner(text);
  if (!parts) return std::nullopt;
  link.kind = LinkKind::Wiki;
  link.target = std::move(parts->target);
  link.subpath = std::move(parts->subpath);
  link.has_subpath = parts->has_subpath;
  link.display = std::move(parts->display);
  return link;
}

}  // namespace kg::parse
