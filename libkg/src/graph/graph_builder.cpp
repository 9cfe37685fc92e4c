// build: scan -> parse (parallel) -> index -> resolve -> an immutable graph.
#include "config/vault_config.hpp"
#include "graph/graph_impl.hpp"
#include "graph/semantics.hpp"
#include "parse/note_parser.hpp"
#include "resolve/resolver.hpp"
#include "scan/scanner.hpp"
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
#include <variant>

namespace kg {

// A footnote subpath, `[^id]` (the link `[[N#[^id]]]` ends at the first "]]", so the
// closing bracket may be missing): the id, or nullopt when the subpath is not one.
std::optional<std::string_view> footnote_id(std::string_view subpath) {
  if (subpath.substr(0, 2) != "[^") return std::nullopt;
  std::string_view id = subpath.substr(2);
  if (!id.empty() && id.back() == ']') id.remove_suffix(1);
  return id;
}

SubpathStatus check_subpath(const NoteAnchors& anchors, std::string_view subpath) {
  if (subpath.empty()) return SubpathStatus::None;
  if (subpath.front() == '^') {
    // Block ids compare ignoring case, as in Obsidian.
    const std::string id = util::fold(subpath.substr(1));
    for (const auto& block : anchors.block_ids) {
      if (util::fold(block) == id) return SubpathStatus::Ok;
    }
    return SubpathStatus::Missing;
  }
  if (const auto id = footnote_id(subpath)) {
    const std::string key = util::fold(*id);
    for (const auto& note : anchors.footnotes) {
      if (util::fold(note) == key) return SubpathStatus::Ok;
    }
    return SubpathStatus::Missing;
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
  const auto& hs = anchors.headings;
  std::vector<int> current;
  for (int h = 0; h < static_cast<int>(hs.size()); ++h) {
    if (hs[static_cast<std::size_t>(h)].key == keys[0]) current.push_back(h);
  }
  for (std::size_t k = 1; k < keys.size() && !current.empty(); ++k) {
    std::vector<int> next;
    for (int h = 0; h < static_cast<int>(hs.size()); ++h) {
      if (hs[static_cast<std::size_t>(h)].key != keys[k]) continue;
      for (int up = hs[static_cast<std::size_t>(h)].parent; up >= 0;
           up = hs[static_cast<std::size_t>(up)].parent) {
        if (std::find(current.begin(), current.end(), up) != current.end()) {
          next.push_back(h);
          break;
        }
      }
    }
    current = std::move(next);
  }
  return current.empty() ? SubpathStatus::Missing : SubpathStatus::Ok;
}

namespace {

std::string title_of(std::string_view path, bool is_note) {
  std::string_view name = util::file_name(path);
  if (is_note && name.size() > 3) name.remove_suffix(3);
  return std::string(name);
}

std::string show_link(const parse::Link& link) { return link.raw; }

}  // namespace

struct GraphBuilder {
  static Graph build(std::unique_ptr<FileSystem> fs, const LoadOptions& options);
};

namespace {

struct LoadedNote {
  bool exists = true;  // false when the file vanished before it could be read
  parse::ParsedNote parsed;
};

std::vector<LoadedNote> parse_all(FileSystem& fs, const std::vector<scan::ScannedFile>& files,
                                  const LoadOptions& options,
                                  const std::function<void(std::size_t)>& report) {
  std::vector<LoadedNote> out(files.size());
  parse::ParseLimits limits;
  limits.max_frontmatter_bytes = *options.max_frontmatter_bytes;
  const std::uint64_t max_note_bytes = *options.max_note_bytes;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  const auto work = [&] {
    std::string text;
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= files.size()) return;
      const auto& file = files[i];
      if (!file.is_note) continue;
      struct Count {
        std::atomic<std::size_t>& n;
        ~Count() { n.fetch_add(1, std::memory_order_relaxed); }
      } count{finished};
      const std::string id = util::valid_utf8(file.path);
      LoadedNote& note = out[i];
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
          note.parsed.diagnostics.push_back(std::move(d));
          continue;
        }
        note.parsed = parse::parse_note(id, std::move(text), limits);
        text = std::string();
      } catch (const std::bad_alloc&) {
        note.parsed = parse::ParsedNote{};
        note.parsed.diagnostics.push_back(Diagnostic{Severity::Error, "out-of-memory", id, 0, 0,
                                                     "note needs too much memory; skipped"});
      }
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, 64));
  if (!report && (threads == 1 || files.size() < 2)) {
    work();
    return out;
  }
  // Workers parse; this thread only reports progress until they are done.
  std::mutex mutex;
  std::condition_variable done_cv;
  unsigned running = threads;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      work();
      const std::lock_guard<std::mutex> lock(mutex);
      if (--running == 0) done_cv.notify_all();
    });
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
  for (auto& t : pool) t.join();
  if (report) report(finished.load());
  return out;
}

// A link's target before node ids exist: a file of the index, or a ghost key.
struct PendingTarget {
  std::variant<std::uint32_t, std::string> target;
};

struct PendingEdge {
  std::uint32_t source = 0;  // file index
  PendingTarget target;
  parse::Link* link = nullptr;  // moved from when the edge is built
  Via via = Via::None;
  bool ambiguous = false;
  std::vector<std::string> candidates;
  SubpathStatus subpath_status = SubpathStatus::None;
  int section = -1;  // the heading the link stands under, an index into its note's headings
};

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
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
        work(static_cast<std::uint32_t>(i), t);
      }
    });
  }
  for (auto& t : pool) t.join();
}

// Vaults link the same targets again and again, and a link's resolution depends only on its
// text, its kind and the folder it is written in (rule 1, the empty link, is the exception).
// Each thread keeps the outcomes for the folder it is working in.
class ResolveMemo {
 public:
  const resolve::Outcome& resolve(const resolve::NameIndex& index, const parse::Link& link,
                                  std::string_view source, const resolve::ResolveOptions& options) {
    const bool markdown = link.kind == parse::LinkKind::Markdown;
    if (link.target.empty()) {
      scratch_ = resolve::resolve_target(index, link.target, source, markdown, options);
      return scratch_;
    }
    const std::string_view folder = util::parent_path(source);
    if (folder != folder_) {
      folder_.assign(folder);
      outcomes_.clear();
    }
    key_.assign(link.target);
    key_ += markdown ? '\x01' : '\x02';
    auto it = outcomes_.find(key_);
    if (it == outcomes_.end()) {
      it = outcomes_
               .emplace(key_, resolve::resolve_target(index, link.target, source, markdown, options))
               .first;
    }
    return it->second;
  }

 private:
  std::string folder_ = std::string(1, '\0');  // matches no real folder
  std::string key_;
  std::unordered_map<std::string, resolve::Outcome> outcomes_;
  resolve::Outcome scratch_;
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
  std::vector<LoadedNote> loaded = parse_all(*fs, scanned.files, eff, parse_report);
  report("resolve", 0, 0);
  std::vector<Diagnostic>& diags = impl->diagnostics;
  diags = std::move(scanned.diagnostics);
  for (auto& d : config_diags) diags.push_back(std::move(d));

  // The index holds every file that exists.
  std::vector<resolve::IndexedFile> indexed;
  std::vector<std::vector<std::string>> aliases;
  std::vector<std::size_t> scan_of;  // index file -> scanned file
  for (std::size_t i = 0; i < scanned.files.size(); ++i) {
    for (auto& d : loaded[i].parsed.diagnostics) diags.push_back(std::move(d));
    loaded[i].parsed.diagnostics.clear();
    if (!loaded[i].exists) continue;
    resolve::IndexedFile f;
    f.path = util::valid_utf8(scanned.files[i].path);
    f.nfc = util::nfc(f.path);
    f.folded = util::fold(f.path);
    f.is_note = scanned.files[i].is_note;
    indexed.push_back(std::move(f));
    aliases.push_back(loaded[i].parsed.aliases);
    scan_of.push_back(i);
  }
  // Paths that differ only by case or Unicode form are distinct files but one name.
  {
    std::map<std::string, std::vector<std::size_t>> by_folded;
    for (std::size_t i = 0; i < indexed.size(); ++i) by_folded[indexed[i].folded].push_back(i);
    for (const auto& [folded, group] : by_folded) {
      if (group.size() < 2) continue;
      for (std::size_t k = 1; k < group.size(); ++k) {
        diags.push_back(Diagnostic{Severity::Warning, "name-collision", indexed[group[k]].path, 0,
                                   0,
                                   "differs from " + indexed[group[0]].path +
                                       " only by letter case or Unicode form; links to this "
                                       "name may reach either"});
      }
    }
  }
  impl->index = std::make_unique<resolve::NameIndex>(std::move(indexed), aliases);
  const resolve::NameIndex& index = *impl->index;
  const std::size_t file_count = index.files().size();
  impl->anchors.resize(file_count);
  for (std::size_t f = 0; f < file_count; ++f) {
    auto& parsed = loaded[scan_of[f]].parsed;
    impl->anchors[f].headings = std::move(parsed.headings);
    impl->anchors[f].block_ids = std::move(parsed.block_ids);
    impl->anchors[f].footnotes = std::move(parsed.footnotes);
  }

  resolve::ResolveOptions resolve_options;
  resolve_options.aliases = *eff.resolve_aliases;

  // Resolve every link.
  // Each note's links resolve independently against the index, so notes are shared out
  // among the threads; results are merged in file order, which keeps the graph identical.
  struct FileResolved {
    std::vector<PendingEdge> edges;
    std::vector<Diagnostic> diags;
    std::vector<std::pair<std::string, std::string>> ghosts;  // key, spelling
  };
  std::vector<FileResolved> resolved(file_count);
  std::vector<ResolveMemo> memos(thread_count(eff.threads));
  const auto resolve_file = [&](std::uint32_t f, unsigned worker) {
    FileResolved& out = resolved[f];
    ResolveMemo& memo = memos[worker];
    const resolve::IndexedFile& source = index.file(f);
    parse::ParsedNote& note = loaded[scan_of[f]].parsed;
    const std::vector<parse::Heading>& headings = impl->anchors[f].headings;
    out.edges.reserve(note.links.size());
    for (auto& link : note.links) {
      PendingEdge e;
      e.source = f;
      e.link = &link;
      if (link.section >= 0 && static_cast<std::size_t>(link.section) < headings.size()) {
        e.section = link.section;
      }
      const resolve::Outcome& outcome =
          memo.resolve(index, link, source.path, resolve_options);
      e.via = outcome.via;
      if (outcome.above_root) {
        out.diags.push_back(Diagnostic{Severity::Info, "link-above-root", source.path, link.line,
                                       link.col,
                                       show_link(link) + " climbs above the vault root; it is read "
                                                         "from the root, as Obsidian does"});
      }
      if (outcome.file) {
        e.target.target = *outcome.file;
        e.ambiguous = outcome.ambiguous;
        for (const auto c : outcome.candidates) e.candidates.push_back(index.file(c).path);
        const resolve::IndexedFile& target = index.file(*outcome.file);
        if (link.has_subpath) {
          e.subpath_status = target.is_note ? check_subpath(impl->anchors[*outcome.file],
                                                            link.subpath)
                                            : SubpathStatus::Unchecked;
        }
        if (e.ambiguous) {
          std::string list;
          for (const auto& c : e.candidates) list += (list.empty() ? "" : ", ") + c;
          out.diags.push_back(Diagnostic{Severity::Warning, "ambiguous-link", source.path, link.line,
                                     link.col,
                                     show_link(link) + " matches " +
                                         std::to_string(e.candidates.size()) +
                                         (e.via == Via::Alias ? " notes by alias (" : " files (") +
                                         list +
                                         "); it resolves to " + target.path});
        }
        if (e.subpath_status == SubpathStatus::Missing) {
          const bool block = !link.subpath.empty() && link.subpath.front() == '^';
          const bool footnote = footnote_id(link.subpath).has_value();
          const std::string what = block ? "block" : footnote ? "footnote" : "heading";
          out.diags.push_back(Diagnostic{Severity::Warning, "missing-" + what, source.path,
                                         link.line, link.col,
                                         show_link(link) + ": " + target.path + " has no " +
                                             what + " '" + link.subpath + "'"});
        }
      } else {
        std::string key = resolve::ghost_key(link.target);
        std::string title = link.target;
        if (title.size() > 3 && util::ends_with_icase(title, ".md")) title.resize(title.size() - 3);
        out.ghosts.emplace_back(key, std::move(title));
        e.target.target = std::move(key);
        if (link.has_subpath) e.subpath_status = SubpathStatus::Unchecked;
        out.diags.push_back(Diagnostic{Severity::Warning, "unresolved-link", source.path, link.line,
                                   link.col, show_link(link) + " does not resolve to any file"});
      }
      out.edges.push_back(std::move(e));
    }
  };
  run_parallel(file_count, eff.threads, resolve_file);
  std::vector<PendingEdge> pending;
  std::map<std::string, std::string> ghost_titles;  // key -> first spelling
  {
    std::size_t total = 0;
    for (const auto& r : resolved) total += r.edges.size();
    pending.reserve(total);
  }
  for (auto& r : resolved) {
    for (auto& e : r.edges) pending.push_back(std::move(e));
    for (auto& d : r.diags) diags.push_back(std::move(d));
    for (auto& [key, title] : r.ghosts) ghost_titles.emplace(std::move(key), std::move(title));
  }
  resolved.clear();

  // Nodes, numbered in id order.
  struct NodeDraft {
    std::string id;
    std::int64_t file = -1;  // index file, or -1 for a ghost
  };
  std::vector<NodeDraft> drafts;
  drafts.reserve(file_count + ghost_titles.size());
  for (std::uint32_t f = 0; f < file_count; ++f) drafts.push_back({index.file(f).path, f});
  for (const auto& [key, title] : ghost_titles) drafts.push_back({"ghost:" + key, -1});
  std::sort(drafts.begin(), drafts.end(),
            [](const NodeDraft& a, const NodeDraft& b) { return a.id < b.id; });
  impl->file_node.assign(file_count, NodeId{});
  std::unordered_map<std::string, NodeId> ghost_node;
  std::vector<semantics::AliasSite> alias_sites;
  impl->nodes.reserve(drafts.size());
  for (std::size_t n = 0; n < drafts.size(); ++n) {
    const auto id = static_cast<NodeId>(n);
    Node node;
    node.id = drafts[n].id;
    if (drafts[n].file >= 0) {
      const auto f = static_cast<std::uint32_t>(drafts[n].file);
      impl->file_node[f] = id;
      const resolve::IndexedFile& file = index.file(f);
      node.kind = file.is_note ? NodeKind::Note : NodeKind::Attachment;
      node.title = title_of(file.path, file.is_note);
      if (file.is_note) {
        parse::ParsedNote& parsed = loaded[scan_of[f]].parsed;
        node.type = semantics::note_type(impl->schema, parsed, file.path, diags);
        if (!parsed.aliases.empty()) alias_sites.push_back({id, parsed.aliases_line});
        node.aliases = std::move(parsed.aliases);
        node.tags = std::move(parsed.tags);
        node.properties = std::move(parsed.properties);
        node.external_links = std::move(parsed.external_links);
      } else {
        node.type = "attachment";
      }
    } else {
      const std::string key = drafts[n].id.substr(6);
      node.kind = NodeKind::Ghost;
      node.type = "ghost";
      node.title = ghost_titles[key];
      ghost_node.emplace(key, id);
    }
    impl->nodes.push_back(std::move(node));
  }

  // Edges, ordered by source node, then position in the file.
  impl->edges.reserve(pending.size());
  for (auto& p : pending) {
    parse::Link& link = *p.link;
    Edge e;
    e.source = impl->file_node[p.source];
    e.file = e.source;
    if (const auto* f = std::get_if<std::uint32_t>(&p.target.target)) {
      e.target = impl->file_node[*f];
    } else {
      e.target = ghost_node.at(std::get<std::string>(p.target.target));
    }
    e.embed = link.embed;
    const semantics::RelationChoice relation = semantics::relation_of(impl->schema, link);
    e.relation = impl->intern(relation.name);
    if (relation.unknown) {
      diags.push_back(Diagnostic{Severity::Warning, "unknown-relation",
                                 index.file(p.source).path, link.line, link.col,
                                 link.raw + ": relation '" + relation.name +
                                     "' is not in kg.yaml (add it, or a synonym, to relations)"});
    }
    e.origin = link.origin;
    e.line = link.line;
    e.col = link.col;
    e.raw = std::move(link.raw);
    e.display = std::move(link.display);
    if (link.width > 0) e.width = link.width;
    if (link.height > 0) e.height = link.height;
    if (link.has_subpath) e.subpath = "#" + link.subpath;
    e.subpath_status = p.subpath_status;
    e.via = p.via;
    e.ambiguous = p.ambiguous;
    e.candidates = std::move(p.candidates);
    if (p.section >= 0) {
      e.section = impl->anchors[p.source].headings[static_cast<std::size_t>(p.section)].text;
    }
    e.properties = std::move(link.properties);
    impl->edges.push_back(std::move(e));
  }
  // Files are indexed in path order and a note's links in source order, so the edges are
  // almost always in order already; sorting is then skipped.
  const auto edge_less = [](const Edge& a, const Edge& b) {
    return std::tie(a.source, a.line, a.col) < std::tie(b.source, b.line, b.col);
  };
  if (!std::is_sorted(impl->edges.begin(), impl->edges.end(), edge_less)) {
    std::stable_sort(impl->edges.begin(), impl->edges.end(), edge_less);
  }

  // The parsed notes are spent: what the graph keeps has been moved out of them. Free them
  // before inference and folding, so those do not add to the peak.
  std::vector<PendingEdge>().swap(pending);
  std::vector<LoadedNote>().swap(loaded);

  report("build", 0, 0);
  semantics::validate(*impl, alias_sites, *eff.resolve_aliases, diags);
  if (*eff.implied) semantics::add_implied_edges(*impl, diags);
  fold_relationships(*impl);

  const auto& edges = impl->edges;
  impl->edge_arcs = make_csr(
      impl->nodes.size(), edges.size(),
      [&](std::uint32_t i) { return static_cast<std::uint32_t>(edges[i].source); },
      [&](std::uint32_t i) { return static_cast<std::uint32_t>(edges[i].target); });

  for (auto& d : diags) {
    d.file = util::valid_utf8(d.file);
    d.message = util::valid_utf8(d.message);
  }
  std::sort(diags.begin(), diags.end(), diagnostic_less);
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
