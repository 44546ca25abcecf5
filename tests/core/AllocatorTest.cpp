#include "util/Allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// A block of 24 MiB is above glibc's default mmap threshold: freed, it would go back to the
// kernel at once. After keepFreedMemory it comes from the heap and stays there as free top.
TEST(Allocator, FreedBlocksStayInTheProcess)
{
#if defined(__GLIBC__)
    mensa::keepFreedMemory();
    constexpr size_t kBytes = size_t(24) << 20;
    auto* block = static_cast<char*>(std::malloc(kBytes));
    ASSERT_NE(block, nullptr);
    std::memset(block, 1, kBytes);
    std::free(block);
    EXPECT_GE(mallinfo2().keepcost, kBytes);
#else
    GTEST_SKIP() << "the allocator tuning is glibc's";
#endif
}
