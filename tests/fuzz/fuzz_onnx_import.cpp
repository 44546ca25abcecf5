// libFuzzer target: any byte string must import or fail with MensaError, never crash; a model
// that imports then runs through the cost models, the mapping search and timeline (every
// built-in design under two objectives; graphs over 48 layers on the single-accelerator
// designs) and clustering, with finite, non-negative results.
// With MENSA_FUZZ_WRITE_SEEDS=DIR set, writes a seed corpus of small GraphBuilder models
// into DIR first (scripts/fuzz.sh uses this).
#include "analysis/Analysis.h"
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <cmath>
#include <memory>
#include <vector>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using mensa::GraphBuilder;
using mensa::WeightStorage;

GraphBuilder convNet(int opset)
{
    GraphBuilder b("conv_net", opset);
    std::string x = b.input("x", { 1, 3, 16, 16 });
    std::string c = b.relu6(b.batchNorm(b.conv(x, 8, 3, 2)));
    std::string d = b.hardSwish(b.depthwiseConv(c, 3));
    std::string e = b.add(d, b.sigmoid(b.conv(d, 8, 1)));
    std::string f = b.concat({ b.maxPool(e, 2, 2), b.avgPool(e, 2, 2) }, 1);
    std::string g = b.mul(b.resize(f, 2.0), b.convTranspose(f, 16, 2, 2));
    b.output(b.softmax(b.gemm(b.flatten(b.globalAvgPool(g)), 10)));
    return b;
}

GraphBuilder sequenceNet(int opset)
{
    GraphBuilder b("sequence_net", opset);
    std::string x = b.input("tokens", { 4, 2, 8 });
    std::string r = b.rnn(b.gru(b.lstm(x, 6, true), 5), 4);
    std::string q = b.reshape(b.matmulWeights(r, 8), { 4, 2, 2, 4 });
    b.output(b.matmul(q, b.transpose(q, { 0, 1, 3, 2 })));
    b.output(b.custom("Vendor", { r }, { 4, 2, 4 }, "com.vendor"));
    return b;
}

void writeSeeds(const std::filesystem::path& dir)
{
    std::filesystem::create_directories(dir);
    int n = 0;
    for (int opset : { 7, 9, 11, 13 })
        for (auto storage :
            { WeightStorage::Values, WeightStorage::ExternalMissing, WeightStorage::GraphInputs })
            for (const auto& builder : { convNet(opset), sequenceNet(opset) })
                std::ofstream(dir / ("seed_" + std::to_string(n++) + ".onnx"), std::ios::binary)
                    << builder.serialize(storage);
}

constexpr size_t kMaxLayersToSearch = 48;

bool finiteNonNegative(double v)
{
    return std::isfinite(v) && v >= 0;
}

void check(bool ok)
{
    if (!ok)
        std::abort(); // libFuzzer saves the input that produced a bad number
}

void checkRun(const mensa::Model& model, const mensa::DesignRun& run)
{
    const mensa::ModelCost& c = run.cost;
    check(c.layers.size() == model.layers.size());
    check(finiteNonNegative(c.latency) && finiteNonNegative(c.energyPerInference));
    check(c.latency == run.schedule.latency && c.energyPerInference == run.schedule.energy);
    for (const auto& layer : c.layers) {
        check(finiteNonNegative(layer.seconds) && finiteNonNegative(layer.energy.total()));
        for (double j : layer.energy.joules)
            check(finiteNonNegative(j));
    }
}

// Runs an imported model on every design (or, for a large graph, on the single-accelerator
// designs only: the multi-accelerator mapping search grows with the graph and would hit
// libFuzzer's per-input timeout under the sanitizers) and clusters its layers. A MensaError
// (e.g. a layer no accelerator can run) is a valid outcome, a bad number is not.
void runEverywhere(const mensa::Model& model)
{
    const bool small = model.layers.size() <= kMaxLayersToSearch;
    static const std::vector<mensa::AcceleratorSystem> systems = [] {
        std::vector<mensa::AcceleratorSystem> out;
        for (const std::string& name : mensa::defaultDesignNames())
            out.push_back(mensa::loadSystem(name));
        return out;
    }();
    for (const auto& system : systems)
        for (const char* objective : { "edp", "latency" }) {
            if (!small && system.accelerators.size() > 1)
                continue;
            try {
                checkRun(model,
                    mensa::runOnDesign(model, system, mensa::MappingPolicy::parse(objective)));
            }
            catch (const mensa::MensaError&) {
            }
        }
    const auto shared = std::shared_ptr<const mensa::Model>(&model, [](const mensa::Model*) {});
    const mensa::LayerGrouping g = mensa::groupLayers({ shared });
    check(g.clusterOf.size() == 1 && g.clusterOf[0].size() == model.layers.size());
    for (double s : g.silhouette[0])
        check(std::isfinite(s) && s >= -1.0 - 1e-9 && s <= 1.0 + 1e-9);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    if (const char* dir = std::getenv("MENSA_FUZZ_WRITE_SEEDS"))
        writeSeeds(dir);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string bytes(reinterpret_cast<const char*>(data), size);
    mensa::Model model;
    try {
        model = mensa::importOnnxBytes(bytes, "fuzz.onnx");
    }
    catch (const mensa::MensaError&) {
        return 0;
    }
    runEverywhere(model);
    return 0;
}
