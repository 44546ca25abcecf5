#pragma once

#include "cost/CostModel.h"
#include "cost/Simulation.h"
#include "model/Model.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mensa {

// The memory levels a hierarchical roofline draws a slanted roof for: the accelerator's
// memory (off-chip DRAM, or the stacked DRAM of a near-data accelerator) and its on-chip
// buffers. A layer's bytes at a level are the bytes the cost model times at that level:
// traffic.dramBytes between memory and buffers, traffic.arrayBytes between the buffers and
// the PEs (DRAM fills written into a buffer count at the memory level only, as in a
// hierarchical roofline), so no layer can sit above a roof.
enum class MemoryLevel { Memory, Buffer };
constexpr int kMemoryLevelCount = 2;

// One slanted roof: performance <= bytesPerSecond * intensity at this level.
struct MemoryRoof {
    MemoryLevel level = MemoryLevel::Memory;
    std::string name; // "DRAM", "stacked DRAM" or "on-chip buffer"
    double bytesPerSecond = 0;
};

// The roofs of one accelerator. Units: op/s and op/B, one op = one multiply or one add
// (a MAC is two ops).
struct AcceleratorRoofs {
    std::string accelerator;
    double peakOpsPerSecond = 0; // 2 x peak MACs per second
    std::vector<MemoryRoof> memories; // levels with a bandwidth, memory first

    const MemoryRoof* roof(MemoryLevel level) const;
    // min(peak, bandwidth * intensity) for the level's roof; the peak alone without one.
    double attainable(MemoryLevel level, double intensity) const;
    // Intensity where the level's slanted roof meets the peak (0 without the level).
    double ridge(MemoryLevel level) const;
};

// One layer as it ran on one accelerator. A recurrent layer is shown per time step:
// ops, seconds and bytes are those of one step (the layer's totals divided by its steps).
struct LayerRooflinePoint {
    int layer = -1;
    int accelerator = 0; // the accelerator the layer ran on (index given by the caller)
    int steps = 1; // time steps of a recurrent layer, else 1
    double ops = 0; // 2 x the MACs the cost model executed in one step
    double seconds = 0; // one step
    double opsPerSecond = 0; // achieved: ops / seconds
    std::array<double, kMemoryLevelCount> bytes {}; // crossing each level in one step

    // ops / bytes at the level; 0 when no byte crosses it (the layer has no point there).
    double intensity(MemoryLevel level) const;
};

// Roofs of every accelerator of a system and a point per layer that did MACs.
struct Roofline {
    std::vector<AcceleratorRoofs> accelerators; // index = the system's accelerator index
    std::vector<LayerRooflinePoint> points;
};

AcceleratorRoofs acceleratorRoofs(const CostModel& accelerator);
// The point of a layer run at `cost` on accelerator `accelerator`; none when the layer ran
// no MACs on the array (cost.macs), was not mapped or took no time.
std::optional<LayerRooflinePoint> rooflinePoint(
    const Layer& layer, int index, const LayerCost& cost, int accelerator);
// Every layer of a simulated model (layer i ran on cost.assignment[i] of `system`).
Roofline roofline(const Model& model, const AcceleratorSystem& system, const ModelCost& cost);

std::string_view toString(MemoryLevel level);

} // namespace mensa
