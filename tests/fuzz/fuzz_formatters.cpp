// libFuzzer target: every Qt-free number formatter takes any double (NaN, infinities,
// subnormals, the extremes) without crashing, reading out of range or printing an empty
// string, and a finite value never prints as "inf"/"nan".
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void formatOne(double value)
{
    const bool finite = std::isfinite(value);
    for (const char* format : { "%.6g", "%.9g", "%.3g", "%+.1f%%", "%.0f", "%.3f" }) {
        std::string text = mensa::formatNumber(value, format);
        check(!text.empty() && text.size() < 400);
        check(finite == mensa::nonFiniteText(value).empty());
    }
    std::string quantity = mensa::quantityText(value);
    check(!quantity.empty());
    check(finite || quantity == mensa::nonFiniteText(value));
    check(!finite
        || (quantity.find("inf") == std::string::npos
            && quantity.find("nan") == std::string::npos));
    std::string json = mensa::jsonNumber(value);
    check(finite || json == "null");
    (void)mensa::csvField(quantity);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Every 8 bytes are one double, bit for bit (NaN payloads and infinities included).
    for (size_t offset = 0; offset + sizeof(double) <= size; offset += sizeof(double)) {
        double value = 0;
        std::memcpy(&value, data + offset, sizeof value);
        formatOne(value);
    }
    return 0;
}
