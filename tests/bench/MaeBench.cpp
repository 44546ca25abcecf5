// Speed target of the MAE work (issue 14): the multi-accelerator execution Pareto front of
// ResNet-50 on the built-in jetson_xavier (GPU + 2 DLA), cost table included, in under 1 s.
#include "cost/SystemLoader.h"
#include "onnx/OnnxImporter.h"
#include "schedule/CostTable.h"
#include "schedule/MaeExplorer.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

using namespace mensa;

namespace {

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

void BM_MaeParetoResNet50JetsonXavier(benchmark::State& state)
{
    setenv("MENSA_RESOURCES_DIR", (sourceDir() + "/resources/accelerators").c_str(), 1);
    const Model model = importOnnxFile(sourceDir() + "/sample_models/resnet50.onnx");
    const AcceleratorSystem xavier = loadSystem("jetson_xavier");
    double maeg = 0;
    for (auto _ : state) {
        CostTable table = buildCostTable(model, xavier);
        MaeReport report = MaeExplorer(11).explore(model, table);
        maeg = report.maeg();
        benchmark::DoNotOptimize(report);
    }
    state.counters["layers"] = double(model.layers.size());
    state.counters["maeg_pct"] = 100 * maeg;
}
BENCHMARK(BM_MaeParetoResNet50JetsonXavier)->Unit(benchmark::kMillisecond);

} // namespace
