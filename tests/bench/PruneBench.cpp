// Pruning speed (issue 14): ResNet-50 with its weights (~98 MB of float32 values) pruned at
// ratio 0.5, target under 2 s. "Channel" slices every weight and re-infers shapes; "Element"
// zeroes the smallest half of every layer's weights; "FileToBytes" adds reading the model file
// (embedded weights) and serialising the result, as `mensa prune` does before writing.
#include "model/GraphBuilder.h"
#include "prune/ModelPruner.h"
#include "samples/SampleSuite.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace mensa;

const onnx::ModelProto& resnetWithWeights()
{
    static const onnx::ModelProto model = findSample("resnet50")->build(WeightStorage::Values);
    return model;
}

void prune(benchmark::State& state, PruneGranularity granularity)
{
    const onnx::ModelProto& model = resnetWithWeights();
    PruneRequest request;
    request.granularity = granularity;
    request.ratio = 0.5;
    for (auto _ : state) {
        PruneResult result = pruneModel(model, request, "resnet50.onnx");
        benchmark::DoNotOptimize(result.summary.weightsAfter);
    }
    state.counters["model_MB"] = double(model.ByteSizeLong()) / 1e6;
}

void BM_PruneResNet50Channel(benchmark::State& state)
{
    prune(state, PruneGranularity::Channel);
}
BENCHMARK(BM_PruneResNet50Channel)->Unit(benchmark::kMillisecond);

void BM_PruneResNet50Element(benchmark::State& state)
{
    prune(state, PruneGranularity::Element);
}
BENCHMARK(BM_PruneResNet50Element)->Unit(benchmark::kMillisecond);

void BM_PruneResNet50FileToBytes(benchmark::State& state)
{
    const auto path = std::filesystem::temp_directory_path() / "mensa_bench_prune_resnet50.onnx";
    std::ofstream(path, std::ios::binary) << resnetWithWeights().SerializeAsString();
    PruneRequest request;
    request.granularity = PruneGranularity::Channel;
    request.ratio = 0.5;
    for (auto _ : state) {
        const onnx::ModelProto model = readModelWithWeights(path.string());
        std::string bytes = pruneModel(model, request, path.string()).model.SerializeAsString();
        benchmark::DoNotOptimize(bytes.data());
    }
    std::filesystem::remove(path);
}
BENCHMARK(BM_PruneResNet50FileToBytes)->Unit(benchmark::kMillisecond);

} // namespace
