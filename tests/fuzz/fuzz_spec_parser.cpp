// libFuzzer target: any text must parse into a valid accelerator system or fail with
// MensaError; a system that parses must evaluate layers without crashing or UB.
// With MENSA_FUZZ_WRITE_SEEDS=DIR set, copies the bundled specs into DIR as seeds.
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

void writeSeeds()
{
    const char* dir = std::getenv("MENSA_FUZZ_WRITE_SEEDS");
    if (!dir)
        return;
    namespace fs = std::filesystem;
    fs::path specs = fs::path(MENSA_SOURCE_DIR) / "resources" / "accelerators";
    for (const auto& entry : fs::directory_iterator(specs))
        fs::copy_file(entry.path(), fs::path(dir) / entry.path().filename(),
            fs::copy_options::overwrite_existing);
}

mensa::Layer sampleLayer(mensa::LayerKind kind, int64_t k, int64_t c, int64_t hw)
{
    mensa::Layer layer;
    layer.kind = kind;
    layer.nest.outChannels = k;
    layer.nest.inChannels = c;
    layer.nest.outH = layer.nest.outW = hw;
    layer.nest.inH = layer.nest.inW = hw;
    layer.nest.kernelH = layer.nest.kernelW = hw > 1 ? 3 : 1;
    layer.metrics.macs = k * c * hw * hw * layer.nest.kernelH * layer.nest.kernelW;
    layer.metrics.macsPerStep = layer.metrics.macs;
    layer.metrics.params = k * c * layer.nest.kernelH * layer.nest.kernelW;
    layer.metrics.paramBytes = layer.metrics.params;
    layer.metrics.inputActBytes = c * hw * hw;
    layer.metrics.outputActBytes = k * hw * hw;
    layer.metrics.vectorOps = k * hw * hw;
    return layer;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    writeSeeds();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        mensa::AcceleratorSystem system
            = mensa::buildSystem(mensa::parseSystemSpecText(text, "fuzz.textproto"));
        const mensa::Layer layers[] = { sampleLayer(mensa::LayerKind::Conv, 32, 16, 14),
            sampleLayer(mensa::LayerKind::FullyConnected, 512, 256, 1),
            sampleLayer(mensa::LayerKind::Pool, 16, 16, 7) };
        for (const auto& accelerator : system.accelerators)
            for (const auto& layer : layers)
                (void)accelerator->evaluate(layer);
        if (system.accelerators.size() > 1)
            (void)system.transfer(0, 1, 4096);
    }
    catch (const mensa::MensaError&) {
    }
    return 0;
}
