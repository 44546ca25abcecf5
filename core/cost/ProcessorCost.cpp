#include "cost/ProcessorCost.h"

#include "util/CheckedMath.h"

#include <algorithm>

namespace mensa {

bool isPureViewLayer(const Layer& layer)
{
    static const char* const kViews[]
        = { "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout" };
    return layer.kind == LayerKind::Reshape && !layer.unknownOp
        && std::any_of(
            std::begin(kViews), std::end(kViews), [&](const char* v) { return layer.opType == v; });
}

double operatorEfficiency(
    const google::protobuf::RepeatedPtrField<spec::GpuSpec::OperatorEfficiency>& table,
    double defaultEfficiency, LayerKind kind)
{
    for (const auto& entry : table)
        if (entry.kind() == toString(kind))
            return entry.efficiency();
    return defaultEfficiency;
}

double elementOps(const Layer& layer)
{
    if (layer.metrics.vectorOps > 0)
        return double(layer.metrics.vectorOps);
    return double(layer.metrics.outputActBytes) / std::max(1, layer.metrics.bytesPerElement);
}

void chargeDram(LayerCost& cost, double bytes, double writeBytes, double joules)
{
    cost.levels[StorageLevel::OffChip] = { "DRAM", bytes - writeBytes, writeBytes, joules };
    cost.energy[EnergyComponent::OffChip] = cost.levels[StorageLevel::OffChip].joules;
}

void finishProcessorCost(LayerCost& cost, const ProcessorRoofline& r, double macs,
    const Layer& layer, const std::string& processor)
{
    const double memorySeconds = r.dramBytes / r.dramBytesPerSecond;
    const double busy = std::max(r.computeSeconds, memorySeconds);
    cost.seconds = busy + r.overheadSeconds;
    cost.computeCycles = r.computeSeconds * r.clockHz;
    cost.memoryCycles = memorySeconds * r.clockHz;
    cost.cycles = cost.seconds * r.clockHz;
    cost.memory.dram = cost.memoryCycles;
    cost.memory.layerOverhead = r.overheadSeconds * r.clockHz;
    cost.macs = macs;
    cost.bound = r.computeSeconds >= memorySeconds ? "compute" : "memory";
    cost.utilization
        = cost.cycles > 0 && r.peakMacsPerCycle > 0 ? macs / (r.peakMacsPerCycle * cost.cycles) : 0;
    cost.spatialUtilization = cost.utilization;
    cost.folds.peakMacsPerCycle = r.peakMacsPerCycle;
    cost.traffic.dramBytes = r.dramBytes;
    cost.energy[EnergyComponent::Mac] = (r.activePowerW - r.idlePowerW) * busy;
    cost.energy[EnergyComponent::Static] = r.idlePowerW * cost.seconds;
    chargeDram(cost, r.dramBytes, r.dramWriteBytes, r.dramBytes * r.dramJoulesPerByte);
    const std::string where = "layer '" + layer.name + "' on '" + processor + "'";
    checkedCount(cost.cycles, where, "cycles");
    checkedCount(cost.traffic.dramBytes, where, "bytes moved");
    checkedNonNegative(cost.seconds, where, "latency");
    checkedNonNegative(cost.energy.total(), where, "energy");
}

} // namespace mensa
