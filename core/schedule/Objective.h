#pragma once

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

    // "latency", "energy", "edp" or "weighted:W" with 0 <= W <= 1; MensaError otherwise.
    static Objective parse(const std::string& text);
    std::string toString() const;
    // Latency weight of the scalar objectives (EDP has none: it is not a weighted sum).
    double latencyWeight() const;
};

} // namespace mensa
