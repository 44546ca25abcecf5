#pragma once

namespace mensa {

// Keeps memory the process frees for its next use instead of handing it back to the kernel at
// once. A Mensa run builds and drops cost tables of hundreds of kilobytes per residency round;
// with glibc's defaults (a dynamic mmap threshold, and trimming the heap top past twice it)
// every round returned those pages and faulted them back in, a quarter of a 200-layer run's
// time. The executables and the benchmarks call this first, so both run the same way. No effect
// outside glibc or under a sanitizer (which brings its own allocator).
void keepFreedMemory();

} // namespace mensa
