// libFuzzer target: the family-rules parser must turn any text into rules or a MensaError.
#include "cluster/FamilyClassifier.h"
#include "util/Error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    try {
        mensa::FamilyClassifier c = mensa::FamilyClassifier::fromText(
            std::string(reinterpret_cast<const char*>(data), size), "fuzz.textproto");
        mensa::Layer layer;
        layer.kind = mensa::LayerKind::Conv;
        layer.metrics.macs = 1000;
        int family = c.classify(layer);
        (void)c.familyName(family);
        (void)c.accelerator(family);
    }
    catch (const mensa::MensaError&) {
    }
    return 0;
}
