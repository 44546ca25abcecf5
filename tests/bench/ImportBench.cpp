// Import + characterisation speed and memory: a ~100 MB ResNet-50 file with real weight
// data and a 10,000-node graph. Targets (issue 16): ResNet-50 with weights under 12 ms CPU
// for the whole `mensa simulate` process (scripts/bench-import.sh measures that) and under
// 30 MiB peak; the 10,000-node graph under 150 ms. The reader alone is measured too. Files are
// generated once, in a child process so that generating them does not count towards this
// process's peak RSS (counter peak_rss_MB, from getrusage).
#include "ReferenceModels.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "onnx/OnnxModelReader.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

fs::path benchDir()
{
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("mensa_bench_" + std::to_string(::getpid()));
        fs::create_directories(d);
        std::atexit([] {
            fs::remove_all(
                fs::temp_directory_path() / ("mensa_bench_" + std::to_string(::getpid())));
        });
        return d;
    }();
    return dir;
}

// Writes the file from a forked child (its memory stays out of our getrusage figures).
fs::path generateOnce(const std::string& name, const std::function<std::string()>& makeBytes)
{
    fs::path path = benchDir() / name;
    if (fs::exists(path))
        return path;
    pid_t child = ::fork();
    if (child == 0) {
        std::ofstream(path, std::ios::binary) << makeBytes();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    if (child < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(path))
        throw std::runtime_error("cannot generate " + path.string());
    return path;
}

std::string tenThousandNodes()
{
    mensa::GraphBuilder b("ten_thousand_nodes");
    std::string x = b.input("x", { 1, 16, 14, 14 });
    for (int block = 0; block < 2500; ++block) // conv, batchnorm, relu, add: 4 nodes per block
        x = b.add(b.relu(b.batchNorm(b.conv(x, 16, 3))), x);
    b.output(x);
    return b.serialize(mensa::WeightStorage::ExternalMissing);
}

double peakRssMb()
{
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void runImport(benchmark::State& state, const fs::path& path)
{
    double fileMb = static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0);
    size_t layers = 0;
    for (auto _ : state) {
        mensa::Model model = mensa::importOnnxFile(path.string());
        layers = model.layers.size();
        benchmark::DoNotOptimize(model);
    }
    state.counters["file_MB"] = fileMb;
    state.counters["layers"] = static_cast<double>(layers);
    state.counters["peak_rss_MB"] = peakRssMb();
}

fs::path resNet50WithWeights()
{
    return generateOnce("resnet50_values.onnx",
        [] { return mensa::reference::resNet50().serialize(mensa::WeightStorage::Values); });
}

void BM_ImportResNet50WithWeights(benchmark::State& state)
{
    runImport(state, resNet50WithWeights());
}

// Only OnnxModelReader::parseFile: the bytes read and parsed, no shape inference.
void BM_ReadResNet50WithWeights(benchmark::State& state)
{
    fs::path path = resNet50WithWeights();
    size_t parsedBytes = 0;
    for (auto _ : state) {
        onnx::ModelProto model = mensa::OnnxModelReader::parseFile(path.string());
        parsedBytes = model.ByteSizeLong();
        benchmark::DoNotOptimize(model);
    }
    state.counters["file_MB"] = static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0);
    state.counters["parsed_KB"] = static_cast<double>(parsedBytes) / 1024.0;
    state.counters["peak_rss_MB"] = peakRssMb();
}

void BM_ImportTenThousandNodes(benchmark::State& state)
{
    runImport(state, generateOnce("ten_thousand_nodes.onnx", tenThousandNodes));
}

} // namespace

// ResNet first: its peak RSS is then the import's own, not the 10k-node graph's.
BENCHMARK(BM_ImportResNet50WithWeights)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ReadResNet50WithWeights)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_ImportTenThousandNodes)->Unit(benchmark::kMillisecond)->MinTime(2.0);
