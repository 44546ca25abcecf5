#pragma once

#include <array>
#include <string>
#include <string_view>

namespace mensa {

// Energy components, in the order the breakdown charts stack them.
enum class EnergyComponent { Mac, RegisterFile, Buffer, Noc, OffChip, Static, Count };
constexpr int kEnergyComponentCount = static_cast<int>(EnergyComponent::Count);
std::string_view toString(EnergyComponent component);

// Energy in joules per component; feeds the breakdown charts directly.
struct EnergyBreakdown {
    std::array<double, kEnergyComponentCount> joules {};

    double& operator[](EnergyComponent c) { return joules[static_cast<int>(c)]; }
    double operator[](EnergyComponent c) const { return joules[static_cast<int>(c)]; }
    double total() const;
    EnergyBreakdown& operator+=(const EnergyBreakdown& other);
};

// Bytes moved at each level of the memory hierarchy for one layer.
struct TrafficBreakdown {
    double dramBytes = 0; // off-chip (or, near-data, the stacked DRAM) reads + writes
    double bufferBytes = 0; // on-chip buffer reads + writes
    double arrayBytes = 0; // between the buffers and the PE array or vector unit (bufferBytes
                           // without the DRAM fills)
    double registerBytes = 0; // PE register file accesses
    double nocBytes = 0; // bytes crossing the on-chip network
};

// Result of evaluating one layer on one accelerator (Timeloop-style: carries the reason
// when the layer cannot be mapped instead of throwing).
struct LayerCost {
    bool mapped = true;
    std::string failureReason; // set when !mapped
    double computeCycles = 0; // PE-array (or vector path) busy cycles, folds included
    double memoryCycles = 0; // cycles the memory system needs for the layer's traffic
    double cycles = 0; // total after overlapping compute and memory
    double seconds = 0;
    double macs = 0; // MACs the PE array executed (after any zero skipping); 0 on the vector path
    double utilization = 0; // achieved MACs / (peak MACs per cycle * cycles), 0..1
    double spatialUtilization = 0; // PEs holding work / PEs, averaged over folds, 0..1
    TrafficBreakdown traffic;
    EnergyBreakdown energy;
    bool parametersOnChip = true; // false when weights had to be streamed (re)fetched
    std::string bound; // "compute" or "memory"
};

// Cost of moving a tensor between two accelerators of a system.
struct TransferCost {
    double seconds = 0;
    double joules = 0;
};

} // namespace mensa
