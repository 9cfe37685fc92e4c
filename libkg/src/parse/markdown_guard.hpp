// cmark-gfm with a budget. Debian's cmark-gfm 0.29.0.gfm.6 predates the 2023 fixes: an
// 80 KB note can make it allocate 1.6 GB, and inputs of tens of KB take seconds
// (research/reliability.md, section 2 and group M). kg parses each note with a memory
// budget and a deadline enforced from inside cmark's allocator, and refuses input whose
// container nesting makes cmark's block parser quadratic. When either trips, the caller
// reads the note with its own simple block reader instead.
#pragma once

#include <cmark-gfm.h>

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kg::parse {

/// Why cmark-gfm's parse was not used.
enum class MarkdownRisk : std::uint8_t { None, DeepNesting, Memory, Time };

struct MarkdownBudget {
  std::size_t max_bytes = 0;      ///< Live bytes cmark may hold at once.
  double max_seconds = 0.0;       ///< Wall time for the parse.
  std::size_t max_depth = 0;      ///< Nested block quotes and list items a line may open.
};

/// The budget for a body of `size` bytes: 64 MiB plus 56 bytes per input byte (cmark-gfm
/// takes about 50 on ordinary prose; a 9 MB note of sections and links fits), one second
/// plus half a second per MiB, and 64 levels of nesting. Ordinary notes use a small
/// fraction of each.
MarkdownBudget budget_for(std::size_t size) noexcept;

/// Nested containers (block quotes and list items) the deepest line of `body` opens.
/// Stops counting past `cap`.
std::size_t container_depth(std::string_view body, std::size_t cap) noexcept;

/// One guarded parse. Every byte cmark allocates goes through this object and is released
/// when it is destroyed, so a parse cut short leaks nothing. Use on one thread; the
/// document returned lives as long as this object.
class GuardedMarkdown {
 public:
  GuardedMarkdown() = default;
  GuardedMarkdown(const GuardedMarkdown&) = delete;
  GuardedMarkdown& operator=(const GuardedMarkdown&) = delete;
  ~GuardedMarkdown();

  /// Parses `body` with source positions and the `table` extension (may be null). Returns
  /// the document, or nullptr when the budget ran out (`risk()` says which part).
  cmark_node* parse(std::string_view body, cmark_syntax_extension* table,
                    const MarkdownBudget& budget);
  MarkdownRisk risk() const noexcept { return risk_; }

  // Allocation bookkeeping, used by the allocator callbacks.
  struct Block;
  void* allocate(std::size_t bytes);
  void* reallocate(void* p, std::size_t bytes);
  void release(void* p) noexcept;

 private:
  [[noreturn]] void give_up(MarkdownRisk why);
  void tick();

  Block* blocks_ = nullptr;  // every live allocation, newest first
  std::size_t live_ = 0;
  std::size_t calls_ = 0;
  bool armed_ = false;       // budget enforced (only while cmark parses)
  MarkdownBudget budget_;
  std::int64_t deadline_ns_ = 0;
  MarkdownRisk risk_ = MarkdownRisk::None;
  std::jmp_buf escape_;
  cmark_mem mem_{};
  GuardedMarkdown* previous_ = nullptr;
};

}  // namespace kg::parse
