// The benchmarks' main: the allocator runs as in the executables (util/Allocator.h), so the
// figures are what `mensa` and Mensa Studio see.
#include "util/Allocator.h"

#include <benchmark/benchmark.h>

int main(int argc, char** argv)
{
    mensa::keepFreedMemory();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
