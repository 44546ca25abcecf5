#include "schedule/Objective.h"

#include "util/Error.h"

#include <cstdio>
#include <cstdlib>

namespace mensa {

Objective Objective::parse(const std::string& text)
{
    if (text == "latency")
        return latency();
    if (text == "energy")
        return energy();
    if (text == "edp")
        return edp();
    const std::string prefix = "weighted:";
    if (text.rfind(prefix, 0) == 0) {
        const char* begin = text.c_str() + prefix.size();
        char* end = nullptr;
        double w = std::strtod(begin, &end);
        if (end != begin && *end == '\0' && w >= 0.0 && w <= 1.0)
            return weighted(w);
    }
    throw MensaError("",
        "unknown objective '" + text + "' (use latency, energy, edp or weighted:W with 0<=W<=1)");
}

std::string Objective::toString() const
{
    switch (kind) {
    case Kind::Latency:
        return "latency";
    case Kind::Energy:
        return "energy";
    case Kind::Edp:
        return "edp";
    case Kind::Weighted:
        break;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "weighted:%g", weight);
    return buffer;
}

double Objective::latencyWeight() const
{
    switch (kind) {
    case Kind::Latency:
        return 1.0;
    case Kind::Energy:
        return 0.0;
    default:
        return weight;
    }
}

} // namespace mensa
