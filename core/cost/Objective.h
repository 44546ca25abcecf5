#pragma once

#include <span>
#include <string>

namespace mensa {

// What an assignment of layers to accelerators minimises. Latency and energy are the
// serial sums of layer and transfer costs; EDP is their product; Weighted is
//   w * latency / L0 + (1 - w) * energy / E0
// with L0 and E0 the lowest latency and lowest energy among single-accelerator mappings,
// so both terms are dimensionless (w = 1 is pure latency, w = 0 pure energy).
struct Objective {
    enum class Kind { Latency, Energy, Edp, Weighted };
    Kind kind = Kind::Latency;
    double weight = 1.0; // latency weight of Weighted

    static Objective latency() { return { Kind::Latency, 1.0 }; }
    static Objective energy() { return { Kind::Energy, 0.0 }; }
    static Objective edp() { return { Kind::Edp, 0.5 }; }
    static Objective weighted(double w) { return { Kind::Weighted, w }; }
    // The objective of the default mapping policy (MappingPolicy::defaults) and of a layer
    // evaluated with no context.
    static Objective defaults() { return edp(); }

    // "latency", "energy", "edp" or "weighted:W" with 0 <= W <= 1; MensaError otherwise.
    static Objective parse(const std::string& text);
    std::string toString() const;
    // Latency weight of the scalar objectives (EDP has none: it is not a weighted sum).
    double latencyWeight() const;
    // Index of the best of several alternatives for one layer (its legal mappings), given
    // each one's seconds and joules: latency and energy compare the one and then the other,
    // EDP their product, Weighted the weighted sum over the alternatives' own minima. Ties go
    // to the lower index; -1 when there is no alternative.
    int best(std::span<const double> seconds, std::span<const double> joules) const;
    // Static name of the kind ("latency", "energy", "edp", "weighted").
    const char* kindName() const;
};

} // namespace mensa
