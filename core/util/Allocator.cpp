#include "util/Allocator.h"
#include "util/Sanitizers.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mensa {

void keepFreedMemory()
{
#if defined(__GLIBC__) && !MENSA_HAS_ASAN
    // Blocks below 32 MiB (glibc's largest mmap threshold) come from the heap, and up to
    // 64 MiB of free heap top is kept; both fixed values stop the dynamic adjustment.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

} // namespace mensa
