// A writer's failures reach its caller. An std::ostream swallows what its buffer throws (out
// of memory in a string stream, a full disk under a file stream) into badbit, and a writer
// that went on would hand back a short document as if it were whole. While a writer runs,
// badbit throws instead: the buffer's own exception is rethrown (std::bad_alloc stays
// std::bad_alloc), a failed write becomes std::ios_base::failure. The caller's exception
// mask comes back afterwards.
#pragma once

#include <ios>
#include <ostream>

namespace kg::io {

class StreamFailures {
 public:
  explicit StreamFailures(std::ostream& out) : out_(out), mask_(out.exceptions()) {
    out.exceptions(mask_ | std::ios::badbit);
  }
  StreamFailures(const StreamFailures&) = delete;
  StreamFailures& operator=(const StreamFailures&) = delete;
  ~StreamFailures() {
    try {
      out_.exceptions(mask_);
    } catch (...) {
      // The mask is back; the stream's state was already the caller's to see.
    }
  }

 private:
  std::ostream& out_;
  std::ios::iostate mask_;
};

}  // namespace kg::io
