// libFuzzer target: the CLI's option strings (--input-shape NAME=DIMS, --precision and
// --objective) must parse into valid values or fail with MensaError, never crash.
// With MENSA_FUZZ_WRITE_SEEDS=DIR set, writes typical and borderline option strings as seeds.
#include "cost/Objective.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

void writeSeeds(const std::filesystem::path& dir)
{
    const char* seeds[]
        = { "input=1x3x224x224", "x=4X3x8x8", "a=b=2x5", "input.1=1", "=1x2", "x=", "x=1x",
              "x=-1x3", "x=99999999999999999999", "int8", "fp16", "fp32", "latency", "energy",
              "edp", "weighted:0.25", "weighted:1", "weighted:1e-3", "weighted:nan", "weighted:" };
    std::filesystem::create_directories(dir);
    int n = 0;
    for (const char* seed : seeds)
        std::ofstream(dir / ("seed_" + std::to_string(n++) + ".txt"), std::ios::binary) << seed;
}

[[noreturn]] void fail()
{
    std::abort();
}

void checkInputShape(const std::string& text)
{
    mensa::ImportOptions options;
    try {
        mensa::parseInputShapeOverride(text, options);
    }
    catch (const mensa::MensaError&) {
        return;
    }
    if (options.inputShapes.size() != 1 || options.inputShapes.begin()->first.empty())
        fail();
    for (int64_t d : options.inputShapes.begin()->second)
        if (d <= 0)
            fail();
}

void checkPrecision(const std::string& text)
{
    try {
        int bytes = mensa::bytesPerElementForPrecision(text);
        if (bytes != 1 && bytes != 2 && bytes != 4)
            fail();
    }
    catch (const mensa::MensaError&) {
    }
}

// A parsed objective has a weight in [0, 1] and survives its own text form.
void checkObjective(const std::string& text)
{
    mensa::Objective objective;
    try {
        objective = mensa::Objective::parse(text);
    }
    catch (const mensa::MensaError&) {
        return;
    }
    if (!(objective.weight >= 0.0 && objective.weight <= 1.0))
        fail();
    mensa::Objective again = mensa::Objective::parse(objective.toString());
    if (again.kind != objective.kind || std::fabs(again.weight - objective.weight) > 1e-5)
        fail();
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
    const std::string text(reinterpret_cast<const char*>(data), size);
    checkInputShape(text);
    checkPrecision(text);
    checkObjective(text);
    return 0;
}
