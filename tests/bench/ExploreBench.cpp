// Design-space exploration targets: an exhaustive sweep of ~100,000 configurations with memory
// flat (streaming Pareto front), and dlib's black-box search against random search at a budget
// of 500 evaluations on the same space (median gap to the exhaustive optimum over 20 seeds).
#include "CostTestModels.h"
#include "dse/ExploreCollector.h"
#include "dse/Search.h"
#include "study/Reproduction.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <sys/resource.h>

using namespace mensa;

namespace {

// 32 x 32 x 8 x 7 x 2 = 114,688 points around the Edge TPU, under a 100 mm^2 area bound.
const char* kSpace = R"(name: "bench"
base: "edge_tpu"
axes { field: "pe_rows" range { min: 8 max: 256 step: 8 } }
axes { field: "pe_cols" range { min: 8 max: 256 step: 8 } }
axes { field: "parameter_buffer.size_bytes" range { min: 262144 max: 33554432 powers_of_two: true } }
axes { field: "activation_buffer.size_bytes" range { min: 262144 max: 16777216 powers_of_two: true } }
axes { field: "dataflow" choices: "WEIGHT_STATIONARY" choices: "OUTPUT_STATIONARY" }
constraints { max_area_mm2: 100 }
objectives { name: "edp" }
)";

const SearchSpace& benchSpace()
{
    static const SearchSpace space = parseSearchSpaceText(kSpace, "bench.textproto", "");
    return space;
}

// 0: MobileNet v2; 1: the 8 study-sized test models; 2: the whole sample suite (18 models).
std::vector<std::shared_ptr<const Model>> models(int64_t which)
{
    std::vector<std::shared_ptr<const Model>> out;
    if (which == 0)
        return { std::make_shared<const Model>(testmodels::mobileNetV2()) };
    if (which == 1)
        for (auto& named : testmodels::studyModels())
            out.push_back(std::make_shared<const Model>(std::move(named.model)));
    else
        for (auto& study : sampleSuiteStudyModels())
            out.push_back(std::make_shared<const Model>(std::move(study.model)));
    return out;
}

double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

void BM_ExhaustiveSweep100k(benchmark::State& state)
{
    const Explorer explorer(benchSpace(), models(state.range(0)));
    state.counters["models"] = double(explorer.models().size());
    for (auto _ : state) {
        ExploreCollector collector(benchSpace());
        exploreExhaustive(
            explorer, {}, [&](const PointResult& p) { collector.add(p); },
            unsigned(state.range(1)));
        state.counters["points"] = double(benchSpace().pointCount());
        state.counters["simulated"] = double(collector.tally().evaluated);
        state.counters["front"] = double(collector.front().size());
    }
    state.counters["peak_rss_mib"] = peakRssMiB();
}
BENCHMARK(BM_ExhaustiveSweep100k)
    ->ArgsProduct({ { 0, 1, 2 }, { 1, 2 } })
    ->ArgNames({ "models", "threads" })
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

double optimumEdp(const Explorer& explorer)
{
    ExploreCollector collector(explorer.space());
    exploreExhaustive(explorer, {}, [&](const PointResult& p) { collector.add(p); });
    return collector.best(0)->edp;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Gap (%) of the best EDP found to the exhaustive optimum, median over 20 seeds.
void BM_BlackBoxVsRandom500(benchmark::State& state)
{
    const Explorer explorer(benchSpace(), models(0));
    const double optimum = optimumEdp(explorer);
    const bool blackBox = state.range(0) != 0;
    for (auto _ : state) {
        std::vector<double> gaps;
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            ExploreCollector collector(benchSpace());
            const PointSink sink = [&](const PointResult& p) { collector.add(p); };
            if (blackBox)
                exploreBlackBox(explorer, 500, seed, sink);
            else
                exploreRandom(explorer, 500, seed, sink);
            gaps.push_back((collector.best(0)->edp / optimum - 1) * 100);
        }
        state.counters["median_gap_pct"] = median(gaps);
        state.counters["worst_gap_pct"] = *std::max_element(gaps.begin(), gaps.end());
        state.counters["best_gap_pct"] = *std::min_element(gaps.begin(), gaps.end());
    }
    state.counters["points"] = double(benchSpace().pointCount());
}
BENCHMARK(BM_BlackBoxVsRandom500)
    ->Arg(1)
    ->Arg(0)
    ->ArgName("blackbox")
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

} // namespace
