// libFuzzer target: project files (.mensa, JSON). Any bytes either parse into a valid project
// (precision 1, 2 or 4 bytes; every input dimension a whole number from 1 to 2^40; the current
// model one of its models) that survives a save/load round trip unchanged, or fail with one
// MensaError line. With MENSA_FUZZ_WRITE_SEEDS=DIR set, writes typical and borderline projects.
#include "session/ProjectFile.h"
#include "util/Error.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

void writeSeeds(const std::filesystem::path& dir)
{
    const char* seeds[] = {
        (R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a.onnx",)"
         R"("inputShapes":{"x":[1,3,224,224]}}],"currentModel":0,"designs":["edge_tpu","mensa"],)"
         R"("bytesPerElement":1,"currentDesign":"mensa","colorBy":"kind","viewState":{}})"),
        (R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a.onnx",)"
         R"("inputShapes":{"x":[1.5,1e300,-3,0]}}]})"),
        R"({"format":"mensa-studio-project","version":1,"models":[],"currentModel":7})",
        R"({"format":"mensa-studio-project","version":99})",
        R"({"format":"mensa-studio-project","bytesPerElement":3})",
        R"([1,2,3])",
        "",
    };
    std::filesystem::create_directories(dir);
    int n = 0;
    for (const char* seed : seeds)
        std::ofstream(dir / ("seed_" + std::to_string(n++) + ".mensa"), std::ios::binary) << seed;
}

[[noreturn]] void fail()
{
    std::abort();
}

void checkValid(const mensa::ProjectState& state)
{
    if (state.bytesPerElement != 1 && state.bytesPerElement != 2 && state.bytesPerElement != 4)
        fail();
    if (state.currentModel < -1 || state.currentModel >= state.models.size())
        fail();
    for (const auto& model : state.models)
        for (const auto& [input, dims] : model.inputShapes)
            for (int64_t d : dims)
                if (d < 1 || d > (int64_t(1) << 40))
                    fail();
}

bool sameProject(const mensa::ProjectState& a, const mensa::ProjectState& b)
{
    if (a.models.size() != b.models.size())
        return false;
    for (qsizetype i = 0; i < a.models.size(); ++i)
        if (a.models[i].path != b.models[i].path
            || a.models[i].inputShapes != b.models[i].inputShapes)
            return false;
    return a.currentModel == b.currentModel && a.designs == b.designs
        && a.bytesPerElement == b.bytesPerElement && a.currentDesign == b.currentDesign
        && a.colorBy == b.colorBy && a.viewState == b.viewState;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const bool seeded = [] {
        if (const char* dir = std::getenv("MENSA_FUZZ_WRITE_SEEDS"))
            writeSeeds(dir);
        return true;
    }();
    (void)seeded;
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    mensa::ProjectState state;
    try {
        state = mensa::projectFromJson(json, "fuzz.mensa");
    }
    catch (const mensa::MensaError& e) {
        if (std::string(e.what()).find('\n') != std::string::npos)
            fail(); // errors are one line
        return 0;
    }
    checkValid(state);
    const mensa::ProjectState again
        = mensa::projectFromJson(mensa::projectToJson(state), "fuzz.mensa");
    if (!sameProject(state, again))
        fail();
    return 0;
}
