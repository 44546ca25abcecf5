#include "cost/Objective.h"

#include "util/Error.h"
#include "util/TextFormat.h"

#include <algorithm>
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
        const auto w = parseNumber(std::string_view(text).substr(prefix.size()));
        if (w && *w >= 0.0 && *w <= 1.0)
            return weighted(*w);
    }
    throw MensaError("",
        "unknown objective '" + text + "' (use latency, energy, edp or weighted:W with 0<=W<=1)");
}

std::string Objective::toString() const
{
    if (kind != Kind::Weighted)
        return kindName();
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

const char* Objective::kindName() const
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
    return "weighted";
}

namespace {

// What the objective minimises for one alternative, and the tie-breaker after it.
struct Score {
    double first = 0, second = 0;
    bool operator<(const Score& o) const
    {
        return first < o.first || (first == o.first && second < o.second);
    }
};

double smallest(std::span<const double> values)
{
    return *std::min_element(values.begin(), values.end());
}

} // namespace

int Objective::best(std::span<const double> seconds, std::span<const double> joules) const
{
    const size_t n = std::min(seconds.size(), joules.size());
    if (n == 0)
        return -1;
    // Weighted terms are made dimensionless by the alternatives' own minima (> 0 guarded).
    const double s0 = std::max(smallest(seconds.first(n)), 1e-300);
    const double e0 = std::max(smallest(joules.first(n)), 1e-300);
    auto score = [&](size_t i) -> Score {
        switch (kind) {
        case Kind::Latency:
            return { seconds[i], joules[i] };
        case Kind::Energy:
            return { joules[i], seconds[i] };
        case Kind::Edp:
            return { seconds[i] * joules[i], seconds[i] };
        case Kind::Weighted:
            break;
        }
        return { weight * seconds[i] / s0 + (1 - weight) * joules[i] / e0, seconds[i] };
    };
    size_t chosen = 0;
    for (size_t i = 1; i < n; ++i)
        if (score(i) < score(chosen))
            chosen = i;
    return int(chosen);
}

} // namespace mensa
