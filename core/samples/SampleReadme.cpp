#include "samples/SampleReadme.h"

#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace mensa {
namespace {

std::string storageText(WeightStorage storage)
{
    switch (storage) {
    case WeightStorage::ExternalMissing:
        return "Weights are not stored. Every initializer declares its shape and points at an "
               "external data file `<name>.weights.bin` (ONNX external data, "
               "`data_location: EXTERNAL`) that is deliberately not shipped: shapes are all "
               "characterization and the cost models need, and the files stay small. Each model "
               "says so in its metadata (`mensa.weights`: `shapes only: the external data files "
               "are not shipped`), so Mensa's importer works from the shapes without a warning; "
               "a model without that entry whose external data is missing gets a one-line "
               "warning. "
               "Other ONNX tools that need the values will report the missing file; "
               "`onnx.checker` accepts the models once any file of the declared size is put "
               "beside them (the test suite checks exactly that, and also checks the same "
               "models with weights declared as graph inputs).";
    case WeightStorage::GraphInputs:
        return "Weights are not stored: they are declared as graph inputs with their shapes, "
               "without initializers.";
    case WeightStorage::Values:
        return "Weights are stored as initializer data (placeholder values, not trained).";
    }
    return "";
}

const char* kIntro
    = "# Sample models\n\n"
      "Public neural-network architectures covering the four kinds of models in the Mensa "
      "study (Boroumand et al., PACT 2021: 24 Google edge models that are CNNs, LSTMs, "
      "Transducers and RCNNs). The Google models themselves are not public; these published "
      "architectures stand in for them, built layer by layer with the channel counts, "
      "strides, kernel sizes and sequence lengths of the cited papers.\n\n"
      "This file and every `.onnx` file here are generated; do not edit them by hand. "
      "Regenerate with\n\n"
      "    mensa generate-samples --out sample_models\n\n"
      "(source: `core/samples/`). Generation is deterministic: the test suite checks that the "
      "committed files are byte-for-byte what the generator produces.\n\n";

const char* kCounting
    = "Counts come from importing each file with Mensa's importer: *layers* are after "
      "BatchNorm, activations and elementwise chains are fused into the layer feeding them (see "
      "docs/methodology.md), *compute layers* "
      "are the ones mapped onto a PE array (conv, depthwise conv, fully connected, MatMul, "
      "LSTM/GRU/RNN), *MACs* are per inference at batch 1 (a recurrent layer counts all its "
      "time steps), *parameters* are weights plus biases.\n\n";

std::string tableRow(const SampleModel& sample, const SampleSummary& summary)
{
    std::ostringstream row;
    row << "| `" << sample.name << ".onnx` | " << toString(sample.kind) << " | "
        << summary.totals.layers << " | " << summary.totals.computeLayers << " | "
        << formatCount(double(summary.totals.macs)) << " | "
        << formatCount(double(summary.totals.params)) << " | "
        << formatCount(double(summary.fileBytes)) << "B | " << sample.publication.citation()
        << " |\n";
    return row.str();
}

std::string modelSection(const SampleModel& sample)
{
    const auto& p = sample.publication;
    std::ostringstream text;
    text << "### " << sample.name << " (" << toString(sample.kind) << ")\n\n"
         << sample.description << "\n\n"
         << p.authors << ". *" << p.title << "*. " << p.venue << ", " << p.year << ".";
    if (!p.arxiv.empty())
        text << " arXiv:" << p.arxiv << ".";
    text << "\n\n";
    return text.str();
}

} // namespace

SampleSummary summarizeSample(const SampleModel& sample, const std::string& bytes)
{
    Model model = importOnnxBytes(bytes, sample.name + ".onnx");
    return { sample.name, sample.kind, totals(model), static_cast<int64_t>(bytes.size()) };
}

std::string formatCount(double value)
{
    static const char* prefixes[] = { "", " k", " M", " G", " T" };
    int index = 0;
    while (std::fabs(value) >= 1000.0 && index < 4) {
        value /= 1000.0;
        ++index;
    }
    char buffer[32];
    if (index == 0)
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    else
        std::snprintf(buffer, sizeof buffer,
            value < 10        ? "%.2f%s"
                : value < 100 ? "%.1f%s"
                              : "%.0f%s",
            value, prefixes[index]);
    return buffer;
}

std::string sampleSuiteReadme(const std::vector<SampleSummary>& summaries, WeightStorage storage)
{
    const auto& suite = sampleSuite();
    if (summaries.size() != suite.size())
        throw MensaError("", "sample README: expected one summary per suite model");
    std::ostringstream md;
    md << kIntro << "## Weights\n\n"
       << storageText(storage) << "\n\n## Models\n\n"
       << kCounting
       << "| Model | Kind | Layers | Compute layers | MACs | Parameters | File | Publication |\n"
       << "|---|---|---:|---:|---:|---:|---:|---|\n";
    for (size_t i = 0; i < suite.size(); ++i)
        md << tableRow(suite[i], summaries[i]);
    md << "\n## Architectures\n\n";
    for (const auto& sample : suite)
        md << modelSection(sample);
    return md.str();
}

} // namespace mensa
