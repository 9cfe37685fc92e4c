#include "floor.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace kg::bench {
namespace {

struct Counts {
  std::size_t bytes = 0;
  std::size_t yaml_ok = 0;
  std::size_t yaml_errors = 0;
  std::size_t md_nodes = 0;
};

std::vector<fs::path> list_notes(const fs::path& root) {
  std::vector<fs::path> notes;
  // Default options do not follow directory symlinks; an unreadable folder is skipped rather
  // than ending the whole walk.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied);
  for (; it != fs::recursive_directory_iterator(); ++it) {
    const fs::directory_entry& entry = *it;
    const fs::file_status status = entry.symlink_status();
    const std::string name = entry.path().filename().string();
    if (fs::is_directory(status)) {
      if (name.starts_with('.')) it.disable_recursion_pending();
      continue;
    }
    // symlink_status, not status: a link named x.md is never read, whatever it points to.
    if (fs::is_regular_file(status) && entry.path().extension() == ".md") {
      notes.push_back(entry.path());
    }
  }
  std::sort(notes.begin(), notes.end());
  return notes;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw std::runtime_error("cannot size " + path.string());
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (in.gcount() != size) throw std::runtime_error("cannot read " + path.string());
  return text;
}

// Returns the line starting at pos without its terminator (LF or CRLF) and moves pos past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t newline = text.find('\n', pos);
  const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view line = text.substr(pos, end - pos);
  if (line.ends_with('\r')) line.remove_suffix(1);
  pos = newline == std::string_view::npos ? text.size() : newline + 1;
  return line;
}

struct Split {
  bool has_front_matter = false;
  std::string_view yaml;
  std::string_view body;
};

// Front matter is a first line exactly "---" up to the next "---" or "..." line. Without a
// closing line the whole file is body, as Obsidian treats it.
Split split_front_matter(std::string_view text) {
  std::size_t pos = 0;
  if (text.empty() || next_line(text, pos) != "---") return {false, {}, text};
  const std::size_t yaml_begin = pos;
  while (pos < text.size()) {
    const std::size_t line_begin = pos;
    const std::string_view line = next_line(text, pos);
    if (line == "---" || line == "...") {
      return {true, text.substr(yaml_begin, line_begin - yaml_begin), text.substr(pos)};
    }
  }
  return {false, {}, text};
}

std::size_t count_nodes(std::string_view body, cmark_syntax_extension* table) {
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8);
  cmark_parser_attach_syntax_extension(parser, table);
  cmark_parser_feed(parser, body.data(), body.size());
  cmark_node* document = cmark_parser_finish(parser);
  cmark_parser_free(parser);

  std::size_t nodes = 0;
  cmark_iter* iter = cmark_iter_new(document);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    if (event == CMARK_EVENT_ENTER) ++nodes;
  }
  cmark_iter_free(iter);
  cmark_node_free(document);
  return nodes;
}

void parse_note(const fs::path& path, cmark_syntax_extension* table, Counts& counts) {
  const std::string text = read_file(path);
  counts.bytes += text.size();
  const Split split = split_front_matter(text);
  if (split.has_front_matter) {
    try {
      const YAML::Node node = YAML::Load(std::string(split.yaml));
      ++counts.yaml_ok;
    } catch (...) {  // any failure, including bad_alloc on hostile input, is one bad note
      ++counts.yaml_errors;
    }
  }
  counts.md_nodes += count_nodes(split.body, table);
}

cmark_syntax_extension* table_extension() {
  // cmark-gfm's registration guard is a plain static int: two first calls racing would
  // register the plugins twice, so the first call is serialised here.
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  cmark_syntax_extension* table = cmark_find_syntax_extension("table");
  if (table == nullptr) throw std::runtime_error("cmark-gfm has no table extension");
  return table;
}

}  // namespace

FloorResult parse_floor(const fs::path& root, unsigned threads) {
  const auto start = std::chrono::steady_clock::now();
  cmark_syntax_extension* table = table_extension();
  const std::vector<fs::path> notes = list_notes(root);

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers =
      std::max<std::size_t>(1, std::min<std::size_t>(threads, notes.size()));

  std::vector<Counts> counts(workers);
  std::vector<std::exception_ptr> errors(workers);
  std::atomic<std::size_t> next{0};
  auto work = [&](std::size_t worker) {
    try {
      for (std::size_t i = next.fetch_add(1, std::memory_order_relaxed); i < notes.size();
           i = next.fetch_add(1, std::memory_order_relaxed)) {
        parse_note(notes[i], table, counts[worker]);
      }
    } catch (...) {
      errors[worker] = std::current_exception();
      next.store(notes.size(), std::memory_order_relaxed);  // stop the other workers early
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);  // the calling thread is worker 0
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }

  FloorResult result;
  result.files = notes.size();
  for (const Counts& c : counts) {
    result.bytes += c.bytes;
    result.yaml_ok += c.yaml_ok;
    result.yaml_errors += c.yaml_errors;
    result.md_nodes += c.md_nodes;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace kg::bench
