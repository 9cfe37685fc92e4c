// build: scan -> parse (parallel, each note reduced to compact records as it is parsed) ->
// index -> resolve (parallel, straight into the edge records) -> an immutable graph.
#include "config/vault_config.hpp"
#include "graph/graph_impl.hpp"
#include "graph/semantics.hpp"
#include "parse/note_parser.hpp"
#include "resolve/resolver.hpp"
#include "scan/scanner.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"
#include "util/unicode.hpp"
#include "util/utf8.hpp"

#include <kg/error.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kg {

// A footnote subpath, `[^id]` (the link `[[N#[^id]]]` ends at the first "]]", so the
// closing bracket may be missing): the id, or nullopt when the subpath is not one.
std::optional<std::string_view> footnote_id(std::string_view subpath) {
  if (subpath.substr(0, 2) != "[^") return std::nullopt;
  std::string_view id = subpath.substr(2);
  if (!id.empty() && id.back() == ']') id.remove_suffix(1);
  return id;
}

SubpathStatus check_subpath(const NoteAnchors& anchors, std::string_view text,
                            std::string_view subpath, std::uint32_t file, HeadingKeys& cache) {
  if (subpath.empty()) return SubpathStatus::None;
  const auto& hs = anchors.headings;
  if (cache.file != file) {
    cache.file = file;
    cache.keys.resize(hs.size());
    for (std::size_t h = 0; h < hs.size(); ++h) {
      cache.keys[h] = hs[h].key_from_text ? parse::heading_key(hs[h].text.in(text))
                                          : std::string(hs[h].key.in(text));
    }
    cache.headings.clear();
    for (std::size_t h = 0; h < hs.size(); ++h) cache.headings.emplace(cache.keys[h], static_cast<int>(h));
    cache.blocks.clear();
    for (const TextRef block : anchors.block_ids) cache.blocks.insert(util::fold(block.in(text)));
    cache.footnotes.clear();
    for (const TextRef note : anchors.footnotes) cache.footnotes.insert(util::fold(note.in(text)));
    cache.marked.assign(hs.size(), 0);
    cache.chains.clear();
  }
  if (subpath.front() == '^') {
    // Block ids compare ignoring case, as in Obsidian.
    return cache.blocks.count(util::fold(subpath.substr(1))) != 0 ? SubpathStatus::Ok : SubpathStatus::Missing;
  }
  if (const auto id = footnote_id(subpath)) {
    return cache.footnotes.count(util::fold(*id)) != 0 ? SubpathStatus::Ok : SubpathStatus::Missing;
  }
  // A chain A#B#C walks down the heading tree: B must be a heading inside A's section (a
  // deeper heading before one of A's level or higher), C inside B's. There is no fallback to
  // a heading found elsewhere: a chain that does not walk is missing.
  std::vector<std::string> keys;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= subpath.size(); ++i) {
    if (i == subpath.size() || subpath[i] == '#') {
      keys.push_back(parse::heading_key(subpath.substr(start, i - start)));
      start = i + 1;
    }
  }
  // A chain's walk costs the headings its steps match; the same chain asked again (many
  // links to one section) is answered from the walk before.
  std::string chain;
  if (keys.size() > 1) {
    for (const std::string& k : keys) {
      chain += k;
      chain += '\0';
    }
    if (const auto known = cache.chains.find(chain); known != cache.chains.end()) return known->second;
  }
  std::vector<int> current;
  for (auto [it, end] = cache.headings.equal_range(keys[0]); it != end; ++it) current.push_back(it->second);
  for (std::size_t k = 1; k < keys.size() && !current.empty(); ++k) {
    for (const int h : current) cache.marked[static_cast<std::size_t>(h)] = 1;
    std::vector<int> next;
    for (auto [it, end] = cache.headings.equal_range(keys[k]); it != end; ++it) {
      const int h = it->second;
      for (int up = hs[static_cast<std::size_t>(h)].parent; up >= 0; up = hs[static_cast<std::size_t>(up)].parent) {
        if (cache.marked[static_cast<std::size_t>(up)] != 0) {
          next.push_back(h);
          break;
        }
      }
    }
    for (const int h : current) cache.marked[static_cast<std::size_t>(h)] = 0;
    current = std::move(next);
  }
  const SubpathStatus status = current.empty() ? SubpathStatus::Missing : SubpathStatus::Ok;
  if (keys.size() > 1) cache.chains.emplace(std::move(chain), status);
  return status;
}

struct GraphBuilder {
  static Graph build(std::unique_ptr<FileSystem> fs, const LoadOptions& options);
};

namespace {

// A link becomes its edge record as soon as its note is parsed: its strings are in the
// note's text, its display and subpath ranges of its raw text where they are found there,
// and what does not fit (properties, an embed size, a display or subpath spelled apart
// from the raw text) is in one of the note's extras. Resolution then completes the record
// in place, so no second record is ever made. Until then, the fields resolution fills carry
// what it reads: `target` and `relationship` the offset and length of the target text,
// `via` the link's kind and `subpath_status` whether it has a subpath.
struct PendingLink {
  TextRef target;
  bool markdown = false;
  bool has_subpath = false;
};

void set_pending(EdgeRecord& e, const PendingLink& p) {
  e.target = p.target.offset;
  e.relationship = p.target.length;
  e.via = p.markdown ? Via::Relative : Via::None;
  e.subpath_status = p.has_subpath ? SubpathStatus::Unchecked : SubpathStatus::None;
}

PendingLink pending(const EdgeRecord& e) {
  return PendingLink{TextRef{e.target, e.relationship}, e.via == Via::Relative,
                     e.subpath_status != SubpathStatus::None};
}

// A note's links until they are resolved.
struct NoteLinks {
  std::span<EdgeRecord> records;  // pending until resolved; in the worker's arena
  std::vector<EdgeExtra> extras;
};

// What a note's node keeps.
struct NoteNode {
  std::span<const std::string_view> strings;  // aliases, then tags, then external links
  NoteValues values;  // the note's property values, then its links'; strings in the text
  std::uint32_t aliases = 0;
  std::uint32_t tags = 0;
  std::uint32_t type = 0;  // Impl::types id
  std::uint32_t aliases_line = 0;
};

// A parsed note reduced to what the graph keeps, as soon as it is parsed: one text holding
// every string (links as written, headings, aliases, tags, external links, property
// values) and fixed-size records pointing into it, all in the parse worker's arena. The
// parse tree is dropped, so the parse phase holds compact notes only.
struct NoteDigest {
  std::string_view text;
  NoteLinks links;
  NoteNode node;
  std::span<const HeadingRecord> headings;
  std::span<const TextRef> anchor_ids;  // block ids, then footnotes
  std::size_t block_ids = 0;
  bool exists = true;  // false when the file vanished before it could be read
  std::vector<Diagnostic> diagnostics;
};

// The graph's relation and type names, interned by the parse workers as they go.
class SharedNames {
 public:
  SharedNames(Interner& relations, Interner& types) : relations_(relations), types_(types) {}
  std::uint32_t relation(std::string_view name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return relations_.id(name);
  }
  std::uint32_t type(std::string_view name) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return types_.id(name);
  }

 private:
  std::mutex mutex_;
  Interner& relations_;
  Interner& types_;
};

TextRef put(std::string& text, std::string_view s) {
  if (text.size() + s.size() > 0xFFFFFFFFu) throw std::bad_alloc();
  const TextRef ref{static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(s.size())};
  text.append(s);
  return ref;
}

// A link as a diagnostic quotes it: whole up to 300 bytes, else its start and an ellipsis
// (a link may carry a display text of 100,000 characters).
std::string in_message(std::string_view raw) {
  constexpr std::size_t kMax = 300;
  if (raw.size() <= kMax) return std::string(raw);
  return std::string(raw.substr(0, util::boundary_before(raw, kMax))) + "\u2026";
}

// Where `s` is inside `raw` (a link's display and subpath nearly always are), as a 16-bit
// offset and length.
std::optional<std::pair<std::uint16_t, std::uint16_t>> inside(std::string_view raw,
                                                               std::string_view s) {
  if (s.size() > 0xFFFFu) return std::nullopt;
  const std::size_t at = raw.find(s);
  if (at == std::string_view::npos || at > 0xFFFFu) return std::nullopt;
  return std::pair{static_cast<std::uint16_t>(at), static_cast<std::uint16_t>(s.size())};
}

// Digests a note into `arena`: its text is built in `scratch` (a worker's, reused from
// note to note) and copied into the arena once whole, then the records that point into
// it are made there.
NoteDigest digest(parse::ParsedNote&& note, const Schema& schema, const std::string& path,
                  SharedNames& names, util::Arena& arena, std::string& scratch) {
  NoteDigest d;
  d.diagnostics = std::move(note.diagnostics);
  d.node.type = names.type(semantics::note_type(schema, note, path, d.diagnostics));
  std::string& text = scratch;
  text.clear();
  std::vector<std::pair<std::string, std::uint32_t>> relations;  // this note's, few
  // Property values are written as cells once the text is final (base/value_cells.hpp):
  // their strings are staged in the text here, each set's from the offset noted.
  struct StagedProperties {
    const Properties* properties;
    std::uint32_t strings_at;
    std::uint32_t extra;  // kNone: the note's own
  };
  std::vector<StagedProperties> staged;
  std::size_t cell_count = 0;
  const auto stage = [&](const Properties& properties, std::uint32_t extra) {
    const auto at = static_cast<std::uint32_t>(text.size());
    cell_count += detail::stage_properties(properties, text);
    if (text.size() > 0xFFFFFFFFu) throw std::bad_alloc();
    staged.push_back({&properties, at, extra});
  };
  const std::span<EdgeRecord> records = arena.make<EdgeRecord>(note.links.size());
  d.links.records = records;
  for (std::size_t k = 0; k < note.links.size(); ++k) {
    auto& link = note.links[k];
    EdgeRecord& l = records[k];
    PendingLink p;
    l.raw = put(text, link.raw);
    const std::string_view raw = link.raw;
    if (const std::size_t at = raw.find(link.target); !link.target.empty() && at != raw.npos) {
      p.target = TextRef{l.raw.offset + static_cast<std::uint32_t>(at),
                         static_cast<std::uint32_t>(link.target.size())};
    } else {
      p.target = put(text, link.target);
    }
    EdgeExtra extra;
    bool has_extra = false;
    if (!link.display.empty()) {
      if (const auto at = inside(raw, link.display)) {
        std::tie(l.display_at, l.display_length) = *at;
      } else {
        extra.display = link.display;
        has_extra = true;
      }
    }
    if (link.has_subpath) {
      p.has_subpath = true;
      const std::string subpath = "#" + link.subpath;
      if (const auto at = inside(raw, subpath)) {
        std::tie(l.subpath_at, l.subpath_length) = *at;
      } else {
        extra.subpath = subpath;
        has_extra = true;
      }
    }
    if (link.width > 0 || link.height > 0) {
      extra.width = link.width;
      extra.height = link.height;
      has_extra = true;
    }
    has_extra = has_extra || !link.properties.empty();
    if (has_extra) {
      l.extra = static_cast<std::uint32_t>(d.links.extras.size());
      if (!link.properties.empty()) stage(link.properties, l.extra);
      d.links.extras.push_back(std::move(extra));
    }
    l.line = link.line;
    l.col = link.col;
    if (link.section >= 0 && static_cast<std::size_t>(link.section) < note.headings.size()) {
      l.section = static_cast<std::uint32_t>(link.section) + 1;
    }
    p.markdown = link.kind == parse::LinkKind::Markdown;
    l.origin = link.origin;
    if (link.embed) l.flags |= EdgeRecord::kEmbed;
    set_pending(l, p);
    semantics::RelationChoice relation = semantics::relation_of(schema, link);
    if (relation.unknown) {
      d.diagnostics.push_back(Diagnostic{
          Severity::Warning, "unknown-relation", path, link.line, link.col,
          link.raw + ": relation '" + relation.name +
              "' is not in kg.yaml (add it, or a synonym, to relations)"});
    }
    const auto known = std::find_if(relations.begin(), relations.end(),
                                    [&](const auto& r) { return r.first == relation.name; });
    if (known != relations.end()) {
      l.relation = known->second;
    } else {
      l.relation = names.relation(relation.name);
      if (relations.size() < 16) relations.emplace_back(std::move(relation.name), l.relation);
    }
  }
  const std::span<HeadingRecord> headings = arena.make<HeadingRecord>(note.headings.size());
  for (std::size_t k = 0; k < note.headings.size(); ++k) {
    const auto& h = note.headings[k];
    HeadingRecord& r = headings[k];
    r.text = put(text, h.text);
    if (parse::heading_key(h.text) == h.key) {
      r.key_from_text = true;
    } else {
      r.key = put(text, h.key);
    }
    r.line = h.line;
    r.parent = h.parent;
    r.level = static_cast<std::uint8_t>(h.level);
  }
  d.headings = headings;
  const std::span<TextRef> ids = arena.make<TextRef>(note.block_ids.size() + note.footnotes.size());
  for (std::size_t k = 0; k < note.block_ids.size(); ++k) ids[k] = put(text, note.block_ids[k]);
  for (std::size_t k = 0; k < note.footnotes.size(); ++k) {
    ids[note.block_ids.size() + k] = put(text, note.footnotes[k]);
  }
  d.anchor_ids = ids;
  d.block_ids = note.block_ids.size();
  std::vector<TextRef> strings;
  strings.reserve(note.aliases.size() + note.tags.size() + note.external_links.size());
  for (const auto& a : note.aliases) strings.push_back(put(text, a));
  for (const auto& t : note.tags) strings.push_back(put(text, t));
  for (const auto& u : note.external_links) strings.push_back(put(text, u));
  d.node.aliases = static_cast<std::uint32_t>(note.aliases.size());
  d.node.tags = static_cast<std::uint32_t>(note.tags.size());
  d.node.aliases_line = note.aliases_line;
  if (!note.properties.empty()) stage(note.properties, kNone);
  // The text is whole: into the arena with it, and the records that point into it after.
  d.text = arena.copy(std::string_view(text));
  if (!staged.empty()) {
    // The note's own cells first (staged last), then its links' in order.
    std::rotate(staged.begin(), staged.end() - (staged.back().extra == kNone ? 1 : 0),
                staged.end());
    const std::span<detail::ValueCell> cells = arena.make<detail::ValueCell>(cell_count);
    std::size_t used = 0;
    for (const StagedProperties& p : staged) {
      const char* from = d.text.data() + p.strings_at;
      const detail::ValueCell* first = detail::emit_properties(*p.properties, from, cells, used);
      if (p.extra == kNone) {
        d.node.values.node_count = static_cast<std::uint32_t>(p.properties->size());
      } else {
        d.links.extras[p.extra].properties = PropertyList(first, p.properties->size());
      }
    }
    d.node.values.cells = cells;
  }
  const std::span<std::string_view> views = arena.make<std::string_view>(strings.size());
  for (std::size_t k = 0; k < strings.size(); ++k) views[k] = strings[k].in(d.text);
  d.node.strings = views;
  return d;
}

// Ids of the files whose paths are not valid UTF-8 (empty for every other file, whose id is
// its path). Such a path's id is the path with U+FFFD for its invalid bytes, unless that
// is already a file's id (`bad\xff.md` beside `bad\xfe.md`, or beside a real
// `bad\uFFFD.md`): then the invalid bytes are written %XX, and if even that is taken, a
// number is added, "~2" and up. Files come in byte order, so ids are stable.
std::vector<std::string> invalid_path_ids(const std::vector<scan::ScannedFile>& files) {
  std::vector<std::string> ids;
  std::vector<char> invalid(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    invalid[i] = util::first_invalid_utf8(files[i].path) != std::string_view::npos;
  }
  if (std::find(invalid.begin(), invalid.end(), 1) == invalid.end()) return ids;
  ids.resize(files.size());
  std::unordered_set<std::string> taken;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!invalid[i]) taken.insert(files[i].path);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i].path;
    if (!invalid[i]) continue;
    std::string id = util::valid_utf8(path);
    if (taken.count(id) != 0) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      id.clear();
      for (std::size_t k = 0; k < path.size();) {
        const std::size_t bad = util::first_invalid_utf8(std::string_view(path).substr(k));
        const std::size_t good = bad == std::string_view::npos ? path.size() - k : bad;
        id.append(path, k, good);
        k += good;
        if (k < path.size()) {
          const auto c = static_cast<unsigned char>(path[k++]);
          id += '%';
          id += kHex[c >> 4];
          id += kHex[c & 15];
        }
      }
      const std::string base = id;
      for (int n = 2; taken.count(id) != 0; ++n) id = base + "~" + std::to_string(n);
    }
    taken.insert(id);
    ids[i] = std::move(id);
  }
  return ids;
}

std::vector<NoteDigest> parse_all(FileSystem& fs, const std::vector<scan::ScannedFile>& files,
                                  const LoadOptions& options, const Schema& schema,
                                  SharedNames& names,
                                  std::vector<resolve::FileEntry>& indexed,
                                  std::vector<std::string>& folded,
                                  std::vector<util::Arena>& arenas,
                                  const std::function<void(std::size_t)>& report) {
  std::vector<NoteDigest> out(files.size());
  const std::vector<std::string> special_ids = invalid_path_ids(files);
  indexed.assign(files.size(), resolve::FileEntry{});
  folded.assign(files.size(), std::string());
  parse::ParseLimits limits;
  limits.max_frontmatter_bytes = *options.max_frontmatter_bytes;
  const std::uint64_t max_note_bytes = *options.max_note_bytes;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, 64));
  arenas.resize(threads);
  const auto work = [&](unsigned worker) {
    util::Arena& arena = arenas[worker];
    std::string text;
    std::string scratch;
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= files.size()) return;
      const auto& file = files[i];
      // The file's entry in the name index, prepared here so that the index is built from
      // ready keys.
      resolve::FileEntry& entry = indexed[i];
      entry.path = special_ids.empty() || special_ids[i].empty() ? util::valid_utf8(file.path)
                                                                 : special_ids[i];
      folded[i] = util::fold(entry.path);
      if (std::string nfc = util::nfc(entry.path); nfc != entry.path) {
        entry.nfc_if_different = std::move(nfc);
      }
      entry.is_note = file.is_note;
      if (!file.is_note) continue;
      struct Count {
        std::atomic<std::size_t>& n;
        ~Count() { n.fetch_add(1, std::memory_order_relaxed); }
      } count{finished};
      const std::string& id = entry.path;
      NoteDigest& note = out[i];
      try {
        const std::error_code ec = fs.read(file.read_path, max_note_bytes, text);
        if (ec) {
          Diagnostic d{Severity::Warning, "read-error", id, 0, 0, {}};
          if (ec == std::errc::file_too_large) {
            d.code = "file-too-large";
            d.message = "note is larger than " + std::to_string(max_note_bytes) +
                        " bytes; its content is skipped";
          } else if (ec == std::errc::no_such_file_or_directory) {
            d.severity = Severity::Info;
            d.code = "vanished";
            d.message = "note disappeared during the scan";
            note.exists = false;
          } else if (ec == std::errc::permission_denied) {
            d.code = "permission-denied";
            d.message = "cannot read note (" + ec.message() + ")";
          } else if (ec == std::errc::not_supported) {
            d.severity = Severity::Info;
            d.code = "not-regular-file";
            d.message = "not a regular file; skipped";
            note.exists = false;
          } else {
            d.message = "cannot read note (" + ec.message() + ")";
          }
          // A note whose content is skipped is still a note, of the default type.
          if (note.exists) note = digest(parse::ParsedNote{}, schema, id, names, arena, scratch);
          note.diagnostics.push_back(std::move(d));
          continue;
        }
        note = digest(parse::parse_note(id, std::move(text), limits), schema, id, names, arena,
                      scratch);
        text = std::string();
      } catch (const std::bad_alloc&) {
        note = digest(parse::ParsedNote{}, schema, id, names, arena, scratch);
        note.diagnostics.push_back(Diagnostic{Severity::Error, "out-of-memory", id, 0, 0,
                                              "note needs too much memory; skipped"});
      }
      if (const char32_t hidden = util::invisible_format_char(id)) {
        note.diagnostics.push_back(Diagnostic{
            Severity::Info, "suspicious-codepoint", id, 0, 0,
            "the file name holds the invisible character " + util::code_point_name(hidden) +
                ": links match it only when they hold the same character"});
      }
    }
  };
  if (!report && (threads == 1 || files.size() < 2)) {
    work(0);
    return out;
  }
  // Workers parse; this thread only reports progress until they are done. A worker that
  // fails (out of memory in a recovery) stops the others; join() rethrows its exception.
  std::mutex mutex;
  std::condition_variable done_cv;
  unsigned running = 0;
  util::ThreadGroup pool;
  for (unsigned t = 0; t < threads; ++t) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      ++running;
    }
    const bool started = pool.spawn([&, t] {
      struct Done {
        std::mutex& mutex;
        std::condition_variable& cv;
        unsigned& running;
        ~Done() {
          const std::lock_guard<std::mutex> lock(mutex);
          if (--running == 0) cv.notify_all();
        }
      } done{mutex, done_cv, running};
      work(t);
    });
    if (!started) {
      const std::lock_guard<std::mutex> lock(mutex);
      --running;
      break;
    }
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (running != 0) {
      done_cv.wait_for(lock, std::chrono::milliseconds(100));
      if (report) {
        lock.unlock();
        report(finished.load(std::memory_order_relaxed));
        lock.lock();
      }
    }
  }
  // With no worker started, or one stopped, this thread parses what is left.
  if (!pool.failed()) pool.run_here([&] { work(0); });
  pool.join();
  if (report) report(finished.load());
  return out;
}

// Gives the pages of freed memory back to the system between the build's steps. Each step
// frees what the one before needed (parse digests, link lists, per-file results) in
// blocks the next step's differently sized records cannot reuse; without this the
// process would keep those pages until it ends (a tenth of the resident peak).
void release_free_memory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

unsigned thread_count(unsigned wanted) {
  const unsigned n = wanted != 0 ? wanted : std::thread::hardware_concurrency();
  return std::max(1u, std::min(n, 64u));
}

// Calls work(i, worker) for every i < n, shared out over `threads` threads (0: one per
// core); `worker` < thread_count(threads) names the thread, for per-thread scratch state.
template <typename Work>
void run_parallel(std::size_t n, unsigned threads, const Work& work) {
  threads = static_cast<unsigned>(std::min<std::size_t>(thread_count(threads), n));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) work(static_cast<std::uint32_t>(i), 0u);
    return;
  }
  std::atomic<std::size_t> next{0};
  util::ThreadGroup pool;
  const auto share = [&](unsigned t) {
    for (std::size_t i = next.fetch_add(1); i < n && !pool.failed(); i = next.fetch_add(1)) {
      work(static_cast<std::uint32_t>(i), t);
    }
  };
  for (unsigned t = 1; t < threads; ++t) {
    if (!pool.spawn([&share, t] { share(t); })) break;
  }
  pool.run_here([&] { share(0); });
  pool.join();
}

// Vaults link the same targets again and again, and a link's resolution depends only on its
// text, its kind and the folder it is written in (rule 1, the empty link, is the exception).
// Each thread keeps recent outcomes for the folder it is working in, in a fixed direct-mapped
// table: hub notes stay in it, and a vault of all-different targets costs one probe per link
// and no allocation.
class ResolveMemo {
 public:
  ResolveMemo() : entries_(kEntries) {}
  const resolve::Outcome& resolve(const resolve::NameIndex& index, std::string_view target,
                                  bool markdown, std::string_view source,
                                  const resolve::ResolveOptions& options) {
    if (target.empty()) {
      scratch_ = resolve::resolve_target(index, target, source, markdown, options);
      return scratch_;
    }
    const std::string_view folder = util::parent_path(source);
    if (folder != folder_) {
      folder_.assign(folder);
      ++generation_;
    }
    Entry& e = entries_[(std::hash<std::string_view>{}(target) ^ markdown) & (kEntries - 1)];
    if (e.generation != generation_ || e.markdown != markdown || e.target != target) {
      e.outcome = resolve::resolve_target(index, target, source, markdown, options);
      e.target = target;  // a view into the graph's texts, stable for the whole resolution
      e.markdown = markdown;
      e.generation = generation_;
    }
    return e.outcome;
  }

 private:
  static constexpr std::size_t kEntries = 2048;
  struct Entry {
    std::string_view target;
    std::uint64_t generation = 0;  // the folder it was resolved for
    bool markdown = false;
    resolve::Outcome outcome;
  };
  std::vector<Entry> entries_;
  std::string folder_ = std::string(1, '\0');  // matches no real folder
  std::uint64_t generation_ = 1;
  resolve::Outcome scratch_;
};

constexpr std::uint32_t kGhostBit = 0x80000000u;  // a pending target that is a ghost

// What resolving one file's links gives.
struct FileResolved {
  std::span<EdgeRecord> edges;  // its links, in order (in an arena); node ids still to be filled in
  std::vector<std::pair<std::string, std::string>> ghosts;  // key, spelling; by first use
  std::vector<EdgeExtra> extras;
};

// kg.yaml at the vault root, unless the caller said not to read it.
config::VaultConfig read_vault_config(FileSystem& fs, const LoadOptions& options,
                                      std::vector<Diagnostic>& diags) {
  if (!options.read_config) return {};
  std::string text;
  const std::string file(config::kFileName);
  const std::error_code ec = fs.read(file, config::kMaxBytes, text);
  if (ec == std::errc::no_such_file_or_directory || ec == std::errc::not_supported) return {};
  if (ec == std::errc::file_too_large) {
    diags.push_back(Diagnostic{Severity::Error, "config-too-large", file, 1, 1,
                               "kg.yaml is larger than " + std::to_string(config::kMaxBytes) +
                                   " bytes; the defaults are used"});
    return {};
  }
  if (ec) {
    diags.push_back(Diagnostic{Severity::Error, "config-unreadable", file, 0, 0,
                               "cannot read kg.yaml (" + ec.message() + "); the defaults are used"});
    return {};
  }
  return config::parse_config(util::valid_utf8(text), file, diags);
}

// Flags (the caller's options) win over kg.yaml, which wins over the defaults.
LoadOptions effective_options(const LoadOptions& given, const config::VaultConfig& config) {
  LoadOptions eff = given;
  eff.progress = nullptr;
  eff.max_note_bytes = given.max_note_bytes.value_or(
      config.max_note_bytes.value_or(LoadOptions::kDefaultMaxNoteBytes));
  eff.max_frontmatter_bytes = given.max_frontmatter_bytes.value_or(
      config.max_frontmatter_bytes.value_or(LoadOptions::kDefaultMaxFrontmatterBytes));
  eff.max_depth =
      given.max_depth.value_or(config.max_depth.value_or(LoadOptions::kDefaultMaxDepth));
  eff.profile = given.profile.value_or(config.profile.value_or(Profile::Kg));
  eff.resolve_aliases =
      given.resolve_aliases.value_or(config.aliases.value_or(*eff.profile == Profile::Kg));
  eff.implied = given.implied.value_or(config.implied.value_or(true));
  eff.ignore = config.ignore;
  eff.ignore.insert(eff.ignore.end(), given.ignore.begin(), given.ignore.end());
  return eff;
}

}  // namespace

Graph GraphBuilder::build(std::unique_ptr<FileSystem> fs, const LoadOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const auto report = [&](std::string_view phase, std::size_t done, std::size_t total) {
    if (options.progress) options.progress(Progress{phase, done, total, elapsed()});
  };
  auto impl = std::make_unique<Graph::Impl>();
  std::vector<Diagnostic> config_diags;
  const config::VaultConfig vault_config = read_vault_config(*fs, options, config_diags);
  impl->options = effective_options(options, vault_config);
  impl->schema = vault_config.schema;
  impl->views = vault_config.views;
  const LoadOptions& eff = impl->options;

  report("scan", 0, 0);
  scan::ScanOptions scan_options;
  scan_options.max_depth = *eff.max_depth;
  scan_options.ignore = eff.ignore;
  scan::ScanResult scanned = scan::scan_vault(*fs, scan_options);
  std::size_t note_total = 0;
  for (const auto& f : scanned.files) note_total += f.is_note ? 1 : 0;
  report("parse", 0, note_total);
  std::function<void(std::size_t)> parse_report;
  if (options.progress) parse_report = [&](std::size_t done) { report("parse", done, note_total); };
  SharedNames names(impl->relations, impl->types);
  std::vector<resolve::FileEntry> prepared;
  std::vector<std::string> prepared_folded;
  std::vector<NoteDigest> notes = parse_all(*fs, scanned.files, eff, impl->schema, names,
                                            prepared, prepared_folded, impl->arenas, parse_report);
  report("resolve", 0, 0);
  DiagnosticStore& diags = impl->diagnostics;
  diags.append(scanned.diagnostics);
  diags.append(config_diags);

  // The index holds every file that exists. Each file's text and anchors move into the
  // graph, where the edges and the index's aliases will point.
  std::vector<resolve::FileEntry> indexed;
  std::vector<std::string> folded;
  std::vector<std::size_t> scan_of;  // index file -> scanned file
  indexed.reserve(scanned.files.size());
  folded.reserve(scanned.files.size());
  for (std::size_t i = 0; i < scanned.files.size(); ++i) {
    NoteDigest& note = notes[i];
    diags.append(note.diagnostics);
    if (!note.exists) continue;
    indexed.push_back(std::move(prepared[i]));
    folded.push_back(std::move(prepared_folded[i]));
    scan_of.push_back(i);
  }
  std::vector<scan::ScannedFile>().swap(scanned.files);
  std::vector<resolve::FileEntry>().swap(prepared);
  std::vector<std::string>().swap(prepared_folded);
  const std::size_t file_count = indexed.size();
  // What the rest of the build needs of each note is split in two small lists and the digests
  // are freed: its links until they are resolved, and what its node keeps.
  impl->texts.resize(file_count);
  std::vector<std::span<const std::string_view>> aliases(file_count);
  std::vector<NoteLinks> note_links(file_count);
  std::vector<NoteNode> note_nodes(file_count);
  std::size_t edge_count = 0;
  impl->anchors.resize(file_count);
  for (std::size_t f = 0; f < file_count; ++f) {
    NoteDigest& note = notes[scan_of[f]];
    impl->texts[f] = note.text;
    aliases[f] = note.node.strings.first(note.node.aliases);
    impl->anchors.set(static_cast<std::uint32_t>(f), note.headings, note.anchor_ids, note.block_ids);
    edge_count += note.links.records.size();
    note_links[f] = std::move(note.links);
    note_nodes[f] = std::move(note.node);
    note = NoteDigest{};
  }
  std::vector<NoteDigest>().swap(notes);
  impl->index =
      std::make_unique<resolve::NameIndex>(std::move(indexed), std::move(folded), aliases);
  std::vector<std::span<const std::string_view>>().swap(aliases);
  const resolve::NameIndex& index = *impl->index;
  // Paths that differ only by case or Unicode form are distinct files but one name.
  index.for_each_shared_path([&](std::span<const std::uint32_t> files) {
    for (std::size_t k = 1; k < files.size(); ++k) {
      diags.push_back(Diagnostic{Severity::Warning, "name-collision",
                                 std::string(index.file(files[k]).path), 0, 0,
                                 "differs from " + std::string(index.file(files[0]).path) +
                                     " only by letter case or Unicode form; links to this "
                                     "name may reach either"});
    }
  });
  if (edge_count >= kNone) throw std::bad_alloc();

  resolve::ResolveOptions resolve_options;
  resolve_options.aliases = *eff.resolve_aliases;

  // Resolve every link into its edge record. Each note's links resolve independently
  // against the index, so notes are shared out among the threads; a note's link records are
  // freed as its edge records are made, so the two are never all alive at once. What the
  // files give is merged in file order, which keeps the graph identical.
  std::vector<FileResolved> resolved(file_count);
  // Each worker's diagnostics, compact as they are made (they are sorted at the end).
  std::vector<DiagnosticStore> worker_diags(thread_count(eff.threads));
  std::vector<ResolveMemo> memos(thread_count(eff.threads));
  std::vector<HeadingKeys> heading_keys(memos.size());
  const auto resolve_file = [&](std::uint32_t f, unsigned worker) {
    FileResolved& out = resolved[f];
    DiagnosticStore& out_diags = worker_diags[worker];
    ResolveMemo& memo = memos[worker];
    NoteLinks& note = note_links[f];
    const std::string_view text = impl->texts[f];
    const std::string source(index.file(f).path);
    std::unordered_map<std::string, std::uint32_t> local_ghosts;
    // `[[C# notes]]` is note "C", heading "notes", as in Obsidian: when a file is named with
    // the '#', the diagnostic says so.
    const auto hash_in_name_hint = [&](std::string_view raw, bool markdown, bool has_subpath) {
      if (!has_subpath || markdown) return std::string();
      const std::size_t open = raw.find("[[");
      const std::string_view inner = open == std::string_view::npos ? raw : raw.substr(open + 2);
      const std::string whole(util::trim(inner.substr(0, std::min(inner.find('|'), inner.find("]]")))));
      // Past the memo, which keeps views of the names it is asked (this one is a temporary).
      const resolve::Outcome named = resolve::resolve_target(index, whole, source, false, resolve_options);
      if (!named.file) return std::string();
      return "; " + std::string(index.file(*named.file).path) +
             " has a '#' in its name, and in a link '#' starts a heading: rename the file";
    };
    for (std::size_t k = 0; k < note.records.size(); ++k) {
      EdgeRecord& e = note.records[k];
      const PendingLink link = pending(e);
      e.target = 0;
      e.relationship = 0;
      e.via = Via::None;
      e.subpath_status = SubpathStatus::None;
      e.source = f;
      EdgeExtra extra;
      bool has_extra = e.extra != kNone;
      if (has_extra) extra = std::move(note.extras[e.extra]);
      e.extra = kNone;
      const std::string_view raw = e.raw.in(text);
      std::string_view subpath;  // without '#'
      const bool has_subpath = link.has_subpath;
      if (has_subpath) {
        subpath = (extra.subpath ? std::string_view(*extra.subpath)
                                 : raw.substr(e.subpath_at, e.subpath_length))
                      .substr(1);
      }
      const std::string_view target_text = link.target.in(text);
      const resolve::Outcome& outcome =
          memo.resolve(index, target_text, link.markdown, source, resolve_options);
      e.via = outcome.via;
      if (outcome.above_root) {
        out_diags.push_back(Diagnostic{Severity::Info, "link-above-root", source, e.line,
                                       e.col,
                                       in_message(raw) + " climbs above the vault root; it is read "
                                                          "from the root, as Obsidian does"});
      }
      if (outcome.file) {
        e.target = *outcome.file;
        const resolve::IndexedFile& target = index.file(*outcome.file);
        if (has_subpath) {
          e.subpath_status = target.is_note
                                 ? check_subpath(impl->anchors.of(*outcome.file),
                                                 impl->texts[*outcome.file], subpath,
                                                 *outcome.file, heading_keys[worker])
                                 : SubpathStatus::Unchecked;
        }
        if (outcome.ambiguous) {
          e.flags |= EdgeRecord::kAmbiguous;
          std::string list;
          for (const auto c : outcome.candidates) {
            extra.candidates.push_back(index.file(c).path);
            if (!list.empty()) list += ", ";
            list += index.file(c).path;
          }
          has_extra = true;
          out_diags.push_back(Diagnostic{Severity::Warning, "ambiguous-link", source, e.line,
                                         e.col,
                                         in_message(raw) + " matches " +
                                             std::to_string(outcome.candidates.size()) +
                                             (e.via == Via::Alias ? " notes by alias (" : " files (") +
                                             list + "); it resolves to " + std::string(target.path)});
        }
        if (e.subpath_status == SubpathStatus::Missing) {
          const bool block = subpath.front() == '^';
          const bool footnote = footnote_id(subpath).has_value();
          const std::string what = block ? "block" : footnote ? "footnote" : "heading";
          out_diags.push_back(Diagnostic{Severity::Warning, "missing-" + what, source, e.line,
                                         e.col,
                                         in_message(raw) + ": " + std::string(target.path) + " has no " +
                                             what + " '" + std::string(subpath) + "'" +
                                             hash_in_name_hint(raw, link.markdown, has_subpath)});
        }
      } else {
        std::string key = resolve::ghost_key(target_text);
        const auto [it, fresh] =
            local_ghosts.emplace(key, static_cast<std::uint32_t>(out.ghosts.size()));
        if (fresh) {
          std::string title(target_text);
          if (title.size() > 3 && util::ends_with_icase(title, ".md")) title.resize(title.size() - 3);
          out.ghosts.emplace_back(std::move(key), std::move(title));
        }
        e.target = kGhostBit | it->second;
        if (has_subpath) e.subpath_status = SubpathStatus::Unchecked;
        out_diags.push_back(Diagnostic{Severity::Warning, "unresolved-link", source, e.line,
                                       e.col,
                                       in_message(raw) + " does not resolve to any file" +
                                           hash_in_name_hint(raw, link.markdown, has_subpath)});
      }
      if (has_extra) {
        e.extra = static_cast<std::uint32_t>(out.extras.size());
        out.extras.push_back(std::move(extra));
      }
    }
    out.edges = note.records;
    std::vector<EdgeExtra>().swap(note.extras);
    // Ordered by position in the file (the links almost always are already).
    const auto position_less = [](const EdgeRecord& a, const EdgeRecord& b) {
      return std::tie(a.line, a.col) < std::tie(b.line, b.col);
    };
    if (!std::is_sorted(out.edges.begin(), out.edges.end(), position_less)) {
      std::stable_sort(out.edges.begin(), out.edges.end(), position_less);
    }
  };
  run_parallel(file_count, eff.threads, resolve_file);
  for (DiagnosticStore& d : worker_diags) diags.append(std::move(d));
  std::vector<DiagnosticStore>().swap(worker_diags);
  release_free_memory();
  std::vector<NoteLinks>().swap(note_links);
  std::vector<ResolveMemo>().swap(memos);
  std::vector<HeadingKeys>().swap(heading_keys);

  // Ghosts by key (the first spelling in file order names one), and the edges' extras, in
  // file order.
  std::vector<std::size_t> ghost_base(file_count + 1, 0);
  std::vector<std::uint32_t> ghost_of;  // (file, local ghost) -> ghost, at ghost_base[file]
  std::vector<std::size_t> extra_base(file_count, 0);
  {
    std::size_t extras = 0;
    for (const auto& r : resolved) extras += r.extras.size();
    impl->edge_extras.reserve(extras + extras / 8);  // implied edges add some later
    std::unordered_map<std::string, std::uint32_t> by_key;
    for (std::size_t f = 0; f < file_count; ++f) {
      FileResolved& r = resolved[f];
      ghost_base[f + 1] = ghost_base[f] + r.ghosts.size();
      for (auto& [key, title] : r.ghosts) {
        const auto [it, fresh] =
            by_key.emplace(key, static_cast<std::uint32_t>(impl->ghosts.size()));
        if (fresh) impl->ghosts.push_back(Ghost{"ghost:" + key, std::move(title)});
        ghost_of.push_back(it->second);
      }
      extra_base[f] = impl->edge_extras.size();
      for (auto& x : r.extras) impl->edge_extras.push_back(std::move(x));
      std::vector<std::pair<std::string, std::string>>().swap(r.ghosts);
      std::vector<EdgeExtra>().swap(r.extras);
    }
  }
  {
    // Ghosts in id order.
    std::vector<std::uint32_t> order(impl->ghosts.size());
    for (std::uint32_t g = 0; g < order.size(); ++g) order[g] = g;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return impl->ghosts[a].id < impl->ghosts[b].id;
    });
    std::vector<Ghost> sorted;
    sorted.reserve(order.size());
    std::vector<std::uint32_t> rank(order.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) {
      rank[order[k]] = k;
      sorted.push_back(std::move(impl->ghosts[order[k]]));
    }
    impl->ghosts = std::move(sorted);
    for (auto& g : ghost_of) g = rank[g];
  }

  release_free_memory();
  // Nodes, numbered in id order: files and ghosts, merged.
  struct NodeDraft {
    std::string_view id;
    std::uint32_t file = kNone;
    std::uint32_t ghost = kNone;
  };
  std::vector<NodeDraft> drafts;
  drafts.reserve(file_count + impl->ghosts.size());
  for (std::uint32_t f = 0; f < file_count; ++f) drafts.push_back({index.file(f).path, f, kNone});
  const auto id_less = [](const NodeDraft& a, const NodeDraft& b) { return a.id < b.id; };
  if (!std::is_sorted(drafts.begin(), drafts.end(), id_less)) {
    std::sort(drafts.begin(), drafts.end(), id_less);
  }
  const std::size_t files_end = drafts.size();
  for (std::uint32_t g = 0; g < impl->ghosts.size(); ++g) {
    drafts.push_back({impl->ghosts[g].id, kNone, g});
  }
  std::inplace_merge(drafts.begin(), drafts.begin() + static_cast<std::ptrdiff_t>(files_end),
                     drafts.end(), id_less);
  impl->file_node.assign(file_count, NodeId{});
  std::vector<std::uint32_t> ghost_node(impl->ghosts.size());
  std::vector<semantics::AliasSite> alias_sites;
  impl->nodes.reserve(drafts.size());
  {
    impl->node_strings.resize(file_count);
    impl->values.resize(file_count);
  }
  const std::uint32_t attachment_type = impl->types.id("attachment");
  const std::uint32_t ghost_type = impl->types.id("ghost");
  for (std::size_t n = 0; n < drafts.size(); ++n) {
    const auto id = static_cast<NodeId>(n);
    NodeRecord node;
    if (drafts[n].file != kNone) {
      const std::uint32_t f = drafts[n].file;
      impl->file_node[f] = id;
      node.ref = f;
      const std::string_view path = index.file(f).path;
      node.title_at = static_cast<std::uint16_t>(
          std::min<std::size_t>(path.size() - util::file_name(path).size(), 0xFFFF));
      if (index.file(f).is_note) {
        NoteNode& note = note_nodes[f];
        node.kind = NodeKind::Note;
        node.type = note.type;
        if (note.aliases > 0) alias_sites.push_back({id, note.aliases_line});
        node.aliases = note.aliases;
        node.tags = note.tags;
        impl->node_strings[f] = std::move(note.strings);
        impl->values[f] = std::move(note.values);
        note = NoteNode{};
      } else {
        node.kind = NodeKind::Attachment;
        node.type = attachment_type;
      }
    } else {
      node.kind = NodeKind::Ghost;
      node.type = ghost_type;
      node.ref = drafts[n].ghost;
      ghost_node[drafts[n].ghost] = static_cast<std::uint32_t>(n);
    }
    impl->nodes.push_back(node);
  }
  std::vector<NodeDraft>().swap(drafts);
  std::vector<NoteNode>().swap(note_nodes);

  // Edges, file after file, get their node ids and their extras' places, and each file's
  // records join the graph as they are: files are numbered in path order, so the edges come
  // ordered by source node, then position in the file.
  const auto edge_less = [](const EdgeRecord& a, const EdgeRecord& b) {
    return std::tie(a.source, a.line, a.col) < std::tie(b.source, b.line, b.col);
  };
  bool ordered = true;
  std::uint32_t last_source = 0;
  for (std::uint32_t f = 0; f < file_count; ++f) {
    const auto node = static_cast<std::uint32_t>(impl->file_node[f]);
    const std::span<EdgeRecord> edges = resolved[f].edges;
    for (EdgeRecord& e : edges) {
      e.source = node;
      e.target = (e.target & kGhostBit) != 0
                     ? ghost_node[ghost_of[ghost_base[f] + (e.target & ~kGhostBit)]]
                     : static_cast<std::uint32_t>(impl->file_node[e.target]);
      if (e.extra != kNone) e.extra += static_cast<std::uint32_t>(extra_base[f]);
    }
    if (!edges.empty()) {
      ordered = ordered && (impl->edges.size() == 0 || last_source < node);
      last_source = node;
    }
    impl->edges.append(edges);
  }
  std::vector<FileResolved>().swap(resolved);
  // A file name with invalid UTF-8 may sort elsewhere once repaired: then the files are out
  // of node order, and the edges are put in order once, all together.
  if (!ordered) {
    std::vector<EdgeRecord> all = impl->edges.take_all();
    std::stable_sort(all.begin(), all.end(), edge_less);
    impl->edges.append(std::move(all));
  }

  release_free_memory();
  report("build", 0, 0);
  semantics::validate(*impl, alias_sites, *eff.resolve_aliases, diags);
  const auto stated = static_cast<std::uint32_t>(impl->edges.size());
  if (*eff.implied) semantics::add_implied_edges(*impl, diags);
  fold_relationships(*impl);

  const auto& edges = impl->edges;
  impl->edge_arcs.build(impl->nodes.size(), static_cast<std::uint32_t>(edges.size()), stated,
                        [&](const auto& f) {
                          edges.for_each([&](const EdgeRecord& e) { f(e.source, e.target); });
                        });

  diags.sort();
  impl->seconds = elapsed();
  return Graph(std::move(impl));
}

Graph Graph::load(const std::filesystem::path& root, const LoadOptions& options) {
  return GraphBuilder::build(make_posix_filesystem(root), options);
}

Graph Graph::load(std::unique_ptr<FileSystem> fs, const LoadOptions& options) {
  if (!fs) throw Error(ErrorCode::InvalidArgument, "no file system given");
  return GraphBuilder::build(std::move(fs), options);
}

}  // namespace kg
