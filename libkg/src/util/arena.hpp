// arena: memory for many small records that all live as long as one owner, handed out in
// order from large blocks and given back all at once. The graph keeps each note's text and
// fixed-size records (edges, headings, value cells, node strings) in the arena of the parse
// worker that made them: no allocation per note, no allocator header per record, and no
// record sits between the blocks of a note's parse temporaries, which would leave those
// freed blocks as holes the process keeps (a sixth of the resident peak before).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kg::util {

class Arena {
 public:
  Arena() = default;
  Arena(Arena&& other) noexcept { *this = std::move(other); }
  Arena& operator=(Arena&& other) noexcept {
    if (this != &other) {
      blocks_ = std::move(other.blocks_);
      next_ = std::exchange(other.next_, nullptr);
      left_ = std::exchange(other.left_, 0);
      block_ = std::exchange(other.block_, 0);
      reserved_ = std::exchange(other.reserved_, 0);
      other.blocks_.clear();
    }
    return *this;
  }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  /// Room for `n` objects of T, default-initialised; valid until the arena is destroyed.
  template <typename T>
  std::span<T> make(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "an arena never runs destructors");
    if (n == 0) return {};
    if (n > max_size() / sizeof(T)) throw std::bad_alloc();
    T* p = static_cast<T*>(allocate(n * sizeof(T), alignof(T)));
    std::uninitialized_default_construct_n(p, n);
    return {p, n};
  }
  /// A copy of `items`.
  template <typename T>
  std::span<T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_destructible_v<T>, "an arena never runs destructors");
    if (items.empty()) return {};
    T* p = static_cast<T*>(allocate(items.size_bytes(), alignof(T)));
    std::uninitialized_copy(items.begin(), items.end(), p);
    return {p, items.size()};
  }
  /// A copy of `text`.
  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    char* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }
  /// Bytes taken from the system.
  std::size_t reserved() const noexcept { return reserved_; }

 private:
  static constexpr std::size_t kFirstBlock = 16 * 1024;
  static constexpr std::size_t kMaxBlock = 1024 * 1024;
  static constexpr std::size_t max_size() { return std::size_t(1) << 40; }

  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(next_) % align) % align;
    if (next_ == nullptr || pad + bytes > left_) {
      // A record larger than a quarter block gets a block of its own, and the current
      // block stays open for the small ones.
      if (bytes > kMaxBlock / 4) return own_block(bytes);
      // Blocks double up to the largest; a record larger than the next block's size
      // (at most a quarter of the largest) sizes the block itself.
      block_ = std::max(std::min(block_ == 0 ? kFirstBlock : block_ * 2, kMaxBlock), bytes);
      blocks_.push_back(new_block(block_));
      reserved_ += block_;
      next_ = blocks_.back().get();
      left_ = block_;
      pad = 0;  // new[] aligns for every fundamental type
    }
    std::byte* p = next_ + pad;
    next_ = p + bytes;
    left_ -= pad + bytes;
    return p;
  }
  // Owned before the list grows: when growing it fails, the block is freed, not leaked.
  std::unique_ptr<std::byte[]> new_block(std::size_t bytes) {
    blocks_.reserve(blocks_.size() + 1);
    return std::make_unique_for_overwrite<std::byte[]>(bytes);
  }
  void* own_block(std::size_t bytes) {
    blocks_.push_back(new_block(bytes));
    reserved_ += bytes;
    return blocks_.back().get();
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t block_ = 0;
  std::size_t reserved_ = 0;
};

}  // namespace kg::util
