#pragma once

#include "model/Model.h"
#include "samples/SampleSuite.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mensa {

// What the README's table says about one generated sample file.
struct SampleSummary {
    std::string name;
    SampleKind kind = SampleKind::Cnn;
    ModelTotals totals;
    int64_t fileBytes = 0;
};

// Imports a sample's serialized bytes and totals its layers, MACs and parameters.
// Throws MensaError when the bytes do not import.
SampleSummary summarizeSample(const SampleModel& sample, const std::string& bytes);

// "569.3 M", "4.11 G", "850 k", "62" (SI prefixes, three significant digits).
std::string formatCount(double value);

// The Markdown README of sample_models/, generated from the suite and the summaries
// (one per suite sample, in suite order).
std::string sampleSuiteReadme(const std::vector<SampleSummary>& summaries, WeightStorage storage);

} // namespace mensa
