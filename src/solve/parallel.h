// The one parallel loop of the engine: tbb::parallel_for over 0..n, with the
// ordering TBB guarantees stated for ThreadSanitizer, which cannot see it in
// the uninstrumented libtbb: the caller happens before every body, and every
// body before the return.
//
// This loop lives in its own header so that tests/tsan.supp can name it: TBB
// copies the loop's closure into each task it splits off, on the splitting
// thread, and the thread that runs the task reads the copy; TSan sees the
// write and the read but not TBB's hand-over between them. The closure only
// holds references to the caller's `body` and tokens; every access of the
// body itself is in the caller's code and stays checked.
#ifndef SEGPROOF_SOLVE_PARALLEL_H_
#define SEGPROOF_SOLVE_PARALLEL_H_

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>

#include "solve/tsan_annotations.h"

namespace segproof {

template <class F>
void parallelFor(size_t n, F&& body) {
  char start = 0, end = 0;
  happensBefore(&start);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& r) {
    happensAfter(&start);
    for (size_t i = r.begin(); i != r.end(); ++i) body(i);
    happensBefore(&end);
  });
  happensAfter(&end);
}

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_PARALLEL_H_
