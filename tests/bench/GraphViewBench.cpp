// The model graph's first picture of a big model (issue 15, "Big graphs"): repeated-block
// grouping, the collapsed graph description and its Graphviz dot layout, for 10,000-layer
// models. Target: under 2 s from model to laid-out graph (was 16.8 s for 4,000 layers drawn
// layer by layer). The GUI thread's part after layout (scene items for a handful of nodes) is
// negligible next to these.
#include "GraphvizGraph.h"
#include "ModelGraphView.h"
#include "RepeatedModels.h"
#include "analysis/RepeatedBlocks.h"
#include "session/SyntheticModel.h"

#include <benchmark/benchmark.h>

#include <set>

namespace {

void runCollapsedGraph(benchmark::State& state, const mensa::Model& model)
{
    size_t nodes = 0, groups = 0;
    double layoutMs = 0;
    for (auto _ : state) {
        // What the graph view does for a model this big.
        mensa::RepeatedBlocks blocks
            = mensa::findRepeatedBlocksAndSections(model, mensa::ModelGraphView::kSectionLayers);
        mensa::GraphDescription d = mensa::buildGraphDescription(model, {}, {}, blocks, {});
        mensa::GraphLayout layout = mensa::layoutGraph(d);
        if (!layout.error.isEmpty())
            state.SkipWithError(layout.error.toStdString().c_str());
        nodes = d.nodes.size();
        groups = blocks.groups.size();
        layoutMs = layout.milliseconds;
        benchmark::DoNotOptimize(layout);
    }
    state.counters["layers"] = static_cast<double>(model.layers.size());
    state.counters["groups"] = static_cast<double>(groups);
    state.counters["nodes"] = static_cast<double>(nodes);
    state.counters["dot_ms"] = layoutMs;
}

// ResNet-like: 4 stages of 500 bottleneck blocks (10,001 layers).
void BM_CollapsedGraphResidualStages10k(benchmark::State& state)
{
    static const mensa::Model model = mensa::test::residualStages({ 500, 500, 500, 499 });
    runCollapsedGraph(state, model);
}

// The synthetic MobileNet/LSTM mix the studio benchmarks use (10,000 layers).
void BM_CollapsedGraphSynthetic10k(benchmark::State& state)
{
    static const mensa::Model model = mensa::makeSyntheticModel(10000, "synthetic_10k");
    runCollapsedGraph(state, model);
}

// No repeats at all: 10,000 distinct layers with skip connections, in sections.
void BM_CollapsedGraphDistinct10k(benchmark::State& state)
{
    static const mensa::Model model = mensa::test::distinctLayers(10000);
    runCollapsedGraph(state, model);
}

// Every group expanded: the long ones show their first two and last blocks layer by layer.
void BM_ExpandedGraphResidualStages10k(benchmark::State& state)
{
    static const mensa::Model model = mensa::test::residualStages({ 500, 500, 500, 499 });
    const mensa::RepeatedBlocks blocks = mensa::findRepeatedBlocks(model);
    const std::set<int> all { 0, 1, 2, 3 };
    size_t nodes = 0;
    for (auto _ : state) {
        mensa::GraphDescription d = mensa::buildGraphDescription(model, {}, {}, blocks, all);
        mensa::GraphLayout layout = mensa::layoutGraph(d);
        nodes = d.nodes.size();
        benchmark::DoNotOptimize(layout);
    }
    state.counters["nodes"] = static_cast<double>(nodes);
}

// The grouping alone.
void BM_FindRepeatedBlocks10k(benchmark::State& state)
{
    static const mensa::Model model = mensa::makeSyntheticModel(10000, "synthetic_10k");
    for (auto _ : state)
        benchmark::DoNotOptimize(mensa::findRepeatedBlocks(model));
}

} // namespace

BENCHMARK(BM_CollapsedGraphResidualStages10k)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_CollapsedGraphSynthetic10k)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_CollapsedGraphDistinct10k)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_ExpandedGraphResidualStages10k)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_FindRepeatedBlocks10k)->Unit(benchmark::kMillisecond)->MinTime(0.5);
