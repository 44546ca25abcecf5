// mensa generate-samples: writes the sample-model suite as ONNX files plus its README.
#include "AtomicFile.h"
#include "CommandRegistry.h"

#include "samples/SampleReadme.h"
#include "samples/SampleSuite.h"
#include "samples/ValidationSamples.h"
#include "util/Error.h"

#include <filesystem>
#include <functional>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa generate-samples --out DIR [--with-weights]\n"
      "       mensa generate-samples --validation --out DIR\n\n"
      "Builds every model of the sample suite (public CNN, LSTM, Transducer and RCNN\n"
      "architectures) and writes DIR/<name>.onnx for each plus DIR/README.md describing them.\n"
      "Weights are not stored (shapes only) unless --with-weights is given: then every\n"
      "initializer holds pseudo-random values (files of full size, e.g. ResNet-50 ~98 MB, for\n"
      "import benchmarks). Output is deterministic: running it twice gives identical files.\n"
      "--validation writes instead the architectures only `mensa validate` and `mensa\n"
      "calibrate` use (Coral's and Eyeriss v2's published models: VGG16/19, DenseNet-121,\n"
      "Inception v1/v4, Inception-ResNet v2, ResNet v2, AlexNet, ...), shapes only, at the\n"
      "input size they are built with, so that they can be opened and inspected.\n"
      "Exit codes: 0 ok, 1 a file could not be written, 2 bad usage.";

int usageError(const std::string& problem)
{
    return cli::usageError("generate-samples", problem);
}

// Runs `write` into the folder `out`: 0, or 1 with one line naming what could not be written.
int writeInto(const std::string& out, const std::function<void()>& write)
{
    try {
        std::filesystem::create_directories(out);
        write();
        return 0;
    }
    catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "mensa generate-samples: " << out << ": " << e.code().message() << "\n";
    }
    catch (const MensaError& e) {
        std::cerr << "mensa generate-samples: " << e.what() << "\n";
    }
    return 1;
}

void writeValidationArchitectures(const std::string& out)
{
    for (const auto& sample : validationSamples()) {
        const std::string bytes = serializeValidationSample(sample.name);
        writeFileAtomically((std::filesystem::path(out) / (sample.name + ".onnx")).string(), bytes);
        std::cout << sample.name << ".onnx  " << sample.description << "  " << bytes.size()
                  << " bytes\n";
    }
    std::cout << "wrote " << validationSamples().size() << " validation architectures to " << out
              << "\n";
}

void writeSuite(const std::string& out, WeightStorage storage)
{
    std::vector<SampleSummary> summaries;
    for (const auto& sample : sampleSuite()) {
        const std::string bytes = serializeSample(sample, storage);
        writeFileAtomically((std::filesystem::path(out) / (sample.name + ".onnx")).string(), bytes);
        summaries.push_back(summarizeSample(sample, bytes));
        std::cout << sample.name << ".onnx  " << toString(sample.kind) << "  "
                  << formatCount(double(summaries.back().totals.macs)) << "MACs  " << bytes.size()
                  << " bytes\n";
    }
    writeFileAtomically(
        (std::filesystem::path(out) / "README.md").string(), sampleSuiteReadme(summaries, storage));
    std::cout << "wrote " << sampleSuite().size() << " models and README.md to " << out << "\n";
}

int runGenerateSamples(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({ "out", "with-weights", "validation", "help" });
        !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (!args.positional().empty())
        return usageError("unexpected argument '" + args.positional().front() + "'");
    auto out = args.value("out");
    if (!out || out->empty())
        return usageError("--out DIR is required");

    if (args.has("validation")) {
        if (args.has("with-weights"))
            return usageError("--with-weights applies to the sample suite, not --validation");
        return writeInto(*out, [&] { writeValidationArchitectures(*out); });
    }
    const WeightStorage storage
        = args.has("with-weights") ? WeightStorage::Values : WeightStorage::ExternalMissing;
    return writeInto(*out, [&] { writeSuite(*out, storage); });
}

const CommandRegistration kRegistration("generate-samples",
    { "write the sample-model suite (ONNX + README)", kUsage, runGenerateSamples,
        { "with-weights", "validation" } });

} // namespace
} // namespace mensa::cli
