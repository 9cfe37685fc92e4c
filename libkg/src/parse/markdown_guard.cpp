// The budget is enforced where cmark cannot avoid us: its allocator. When a limit trips,
// the allocator jumps back to GuardedMarkdown::parse. Only cmark's C frames lie between
// the jump and its target, so no destructor is skipped; every block cmark held is on our
// list and is freed with the guard.
#include "parse/markdown_guard.hpp"

#include <cmark-gfm-extension_api.h>

#include <chrono>
#include <cstdlib>
#include <limits>
#include <new>

namespace kg::parse {

struct alignas(std::max_align_t) GuardedMarkdown::Block {
  Block* prev;
  Block* next;
  std::size_t size;
};

namespace {

thread_local GuardedMarkdown* active = nullptr;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// cmark_mem's callbacks carry no context; the guard of this thread is the context.
void* guarded_calloc(std::size_t count, std::size_t size) {
  if (size != 0 && count > std::numeric_limits<std::size_t>::max() / size) {
    return active->allocate(std::numeric_limits<std::size_t>::max());
  }
  return active->allocate(count * size);
}
void* guarded_realloc(void* p, std::size_t size) { return active->reallocate(p, size); }
void guarded_free(void* p) { active->release(p); }

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

}  // namespace

MarkdownBudget budget_for(std::size_t size) noexcept {
  MarkdownBudget b;
  b.max_bytes = (std::size_t{64} << 20) + 56 * size;
  b.max_seconds = 1.0 + 0.5 * static_cast<double>(size) / (1024.0 * 1024.0);
  b.max_depth = 64;
  return b;
}

std::size_t container_depth(std::string_view body, std::size_t cap) noexcept {
  std::size_t deepest = 0;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t depth = 0;
    std::size_t i = pos;
    for (;;) {
      while (i < body.size() && is_blank(body[i])) ++i;
      if (i >= body.size()) break;
      const char c = body[i];
      if (c == '>') {
        ++depth;
        ++i;
        continue;
      }
      if ((c == '-' || c == '*' || c == '+') && i + 1 < body.size() && is_blank(body[i + 1])) {
        ++depth;
        i += 2;
        continue;
      }
      std::size_t d = i;
      while (d < body.size() && d - i < 9 && body[d] >= '0' && body[d] <= '9') ++d;
      if (d > i && d + 1 < body.size() && (body[d] == '.' || body[d] == ')') &&
          is_blank(body[d + 1])) {
        ++depth;
        i = d + 2;
        continue;
      }
      break;
    }
    if (depth > deepest) deepest = depth;
    if (deepest > cap) return deepest;
    const std::size_t eol = body.find('\n', i);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return deepest;
}

GuardedMarkdown::~GuardedMarkdown() {
  for (Block* b = blocks_; b != nullptr;) {
    Block* next = b->next;
    std::free(b);
    b = next;
  }
  if (active == this) active = previous_;
}

void GuardedMarkdown::give_up(MarkdownRisk why) {
  risk_ = why;
  armed_ = false;
  std::longjmp(escape_, 1);
}

void GuardedMarkdown::tick() {
  if (armed_ && (++calls_ & 63u) == 0 && now_ns() > deadline_ns_) give_up(MarkdownRisk::Time);
}

void* GuardedMarkdown::allocate(std::size_t bytes) {
  tick();
  if (armed_ && (bytes > budget_.max_bytes || live_ > budget_.max_bytes - bytes)) {
    give_up(MarkdownRisk::Memory);
  }
  if (bytes > std::numeric_limits<std::size_t>::max() - sizeof(Block)) {
    if (armed_) give_up(MarkdownRisk::Memory);
    std::abort();  // cmark's own allocator aborts on failure too
  }
  auto* b = static_cast<Block*>(std::calloc(1, sizeof(Block) + bytes));
  if (b == nullptr) {
    if (armed_) give_up(MarkdownRisk::Memory);
    std::abort();
  }
  b->prev = nullptr;
  b->next = blocks_;
  b->size = bytes;
  if (blocks_ != nullptr) blocks_->prev = b;
  blocks_ = b;
  live_ += bytes;
  return b + 1;
}

void* GuardedMarkdown::reallocate(void* p, std::size_t bytes) {
  if (p == nullptr) return allocate(bytes);
  tick();
  Block* b = static_cast<Block*>(p) - 1;
  if (armed_ && bytes > b->size &&
      (bytes > budget_.max_bytes || live_ - b->size > budget_.max_bytes - bytes)) {
    give_up(MarkdownRisk::Memory);
  }
  if (bytes > std::numeric_limits<std::size_t>::max() - sizeof(Block)) {
    if (armed_) give_up(MarkdownRisk::Memory);
    std::abort();
  }
  Block* prev = b->prev;
  Block* next = b->next;
  const std::size_t old = b->size;
  auto* moved = static_cast<Block*>(std::realloc(b, sizeof(Block) + bytes));
  if (moved == nullptr) {
    if (armed_) give_up(MarkdownRisk::Memory);  // `b` is still linked and still valid
    std::abort();
  }
  moved->size = bytes;
  if (prev != nullptr) prev->next = moved; else blocks_ = moved;
  if (next != nullptr) next->prev = moved;
  live_ = live_ - old + bytes;
  return moved + 1;
}

void GuardedMarkdown::release(void* p) noexcept {
  if (p == nullptr) return;
  if (armed_ && (++calls_ & 63u) == 0 && now_ns() > deadline_ns_) {
    // Freeing is part of cmark's quadratic loops too (emphasis, brackets); the block is
    // still linked, so it is freed with the guard.
    give_up(MarkdownRisk::Time);
  }
  Block* b = static_cast<Block*>(p) - 1;
  if (b->prev != nullptr) b->prev->next = b->next; else blocks_ = b->next;
  if (b->next != nullptr) b->next->prev = b->prev;
  live_ -= b->size;
  std::free(b);
}

cmark_node* GuardedMarkdown::parse(std::string_view body, cmark_syntax_extension* table,
                                   const MarkdownBudget& budget) {
  budget_ = budget;
  risk_ = MarkdownRisk::None;
  if (container_depth(body, budget.max_depth) > budget.max_depth) {
    risk_ = MarkdownRisk::DeepNesting;
    return nullptr;
  }
  if (active != this) {
    previous_ = active;
    active = this;
  }
  mem_.calloc = guarded_calloc;
  mem_.realloc = guarded_realloc;
  mem_.free = guarded_free;
  deadline_ns_ = now_ns() + static_cast<std::int64_t>(budget.max_seconds * 1e9);
  calls_ = 0;
  // Everything below until armed_ goes false is C: cmark's frames and ours hold no
  // object with a destructor, so the jump back skips nothing.
  if (setjmp(escape_) != 0) return nullptr;
  armed_ = true;
  cmark_parser* parser = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS, &mem_);
  if (table != nullptr) cmark_parser_attach_syntax_extension(parser, table);
  cmark_parser_feed(parser, body.data(), body.size());
  cmark_node* doc = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  armed_ = false;
  return doc;
}

}  // namespace kg::parse
