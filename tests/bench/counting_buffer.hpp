// A stream buffer that counts what it is given and keeps nothing: what a writer costs by
// itself, without the disk.
#pragma once

#include <cstddef>
#include <streambuf>

namespace kg::bench {

class CountingBuffer : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes;
    return traits_type::not_eof(c);
  }
};

}  // namespace kg::bench
