// Happens-before edges that ThreadSanitizer cannot see by itself.
//
// oneTBB's scheduler lives in libtbb, which is not instrumented: TSan does not
// see that the caller of tbb::parallel_for happens before every body and every
// body before parallel_for returns (TBB's documented guarantee), and reports
// the data the caller prepares and the results the bodies write as races.
// happensBefore(token) in one thread and a later happensAfter(token) in
// another state such an edge (TSan's release and acquire); without
// -fsanitize=thread both are nothing. They describe only synchronisation that
// really exists; they never hide a race between two bodies.
//
// Thread-safety: any thread; `token` is only an address, never read.
#ifndef SEGPROOF_SOLVE_TSAN_ANNOTATIONS_H_
#define SEGPROOF_SOLVE_TSAN_ANNOTATIONS_H_

#if defined(__SANITIZE_THREAD__)
#define SEGPROOF_TSAN_ANNOTATIONS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SEGPROOF_TSAN_ANNOTATIONS 1
#endif
#endif

#ifdef SEGPROOF_TSAN_ANNOTATIONS
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace segproof {

#ifdef SEGPROOF_TSAN_ANNOTATIONS
inline void happensBefore(void* token) { __tsan_release(token); }
inline void happensAfter(void* token) { __tsan_acquire(token); }
#else
inline void happensBefore(void*) {}
inline void happensAfter(void*) {}
#endif

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_TSAN_ANNOTATIONS_H_
