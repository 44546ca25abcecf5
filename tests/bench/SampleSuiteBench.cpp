// Speed of the sample suite: building and serialising every model (mensa generate-samples)
// and re-running the study on it (mensa reproduce).
#include "cost/SystemLoader.h"
#include "samples/SampleSuite.h"
#include "study/Reproduction.h"

#include <benchmark/benchmark.h>

using namespace mensa;

static void BM_SerializeSampleSuite(benchmark::State& state)
{
    for (auto _ : state)
        for (const auto& sample : sampleSuite())
            benchmark::DoNotOptimize(serializeSample(sample));
}
BENCHMARK(BM_SerializeSampleSuite)->Unit(benchmark::kMillisecond);

static void BM_ImportSampleSuite(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(sampleSuiteStudyModels());
}
BENCHMARK(BM_ImportSampleSuite)->Unit(benchmark::kMillisecond);

static void BM_RunStudyOnSampleSuite(benchmark::State& state)
{
    const auto models = sampleSuiteStudyModels();
    StudySystems systems { loadSystem("edge_tpu"), loadSystem("eyeriss_v2"), loadSystem("mensa"),
        {} };
    for (auto _ : state)
        benchmark::DoNotOptimize(runStudy(models, systems));
}
BENCHMARK(BM_RunStudyOnSampleSuite)->Unit(benchmark::kMillisecond);
