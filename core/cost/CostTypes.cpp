#include "cost/CostTypes.h"

#include <cmath>

namespace mensa {

std::string_view toString(EnergyComponent component)
{
    switch (component) {
    case EnergyComponent::Mac:
        return "MAC";
    case EnergyComponent::RegisterFile:
        return "Register file";
    case EnergyComponent::Buffer:
        return "On-chip buffers";
    case EnergyComponent::Noc:
        return "NoC";
    case EnergyComponent::OffChip:
        return "Off-chip + DRAM";
    case EnergyComponent::Static:
        return "Static";
    case EnergyComponent::Count:
        break;
    }
    return "?";
}

std::string_view toString(StorageLevel level)
{
    switch (level) {
    case StorageLevel::OffChip:
        return "off-chip memory";
    case StorageLevel::ParameterStore:
        return "parameter store";
    case StorageLevel::ActivationStore:
        return "activation store";
    case StorageLevel::WindowBuffer:
        return "window buffer";
    case StorageLevel::Accumulator:
        return "accumulator";
    case StorageLevel::RegisterFile:
        return "PE registers";
    case StorageLevel::Count:
        break;
    }
    return "?";
}

double EnergyBreakdown::total() const
{
    double sum = 0;
    for (double j : joules)
        sum += j;
    return sum;
}

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& other)
{
    for (int i = 0; i < kEnergyComponentCount; ++i)
        joules[i] += other.joules[i];
    return *this;
}

double StorageAccesses::bufferJoules() const
{
    const auto& self = *this;
    return self[StorageLevel::ParameterStore].joules + self[StorageLevel::ActivationStore].joules
        + self[StorageLevel::WindowBuffer].joules + self[StorageLevel::Accumulator].joules;
}

StorageAccesses& StorageAccesses::operator+=(const StorageAccesses& other)
{
    for (int i = 0; i < kStorageLevelCount; ++i) {
        StorageAccess& mine = levels[i];
        const StorageAccess& theirs = other.levels[i];
        mine.reads += theirs.reads;
        mine.writes += theirs.writes;
        mine.joules += theirs.joules;
    }
    return *this;
}

namespace {

std::string count(double value)
{
    return std::to_string(std::llround(value));
}

} // namespace

std::string mappingSummary(const ArrayFolds& f)
{
    if (!f.hostReason.empty())
        return "host CPU (" + std::string(f.hostReason) + ")";
    if (f.dataflow.empty())
        return "vector path";
    std::string out(f.dataflow);
    if (f.dataflow == "row stationary")
        out += ", sets " + count(f.setKernelRows) + "x" + count(f.setOutputRows) + " x"
            + count(f.setsPerPass) + ", filters " + count(f.filterSets) + "x"
            + count(f.filtersPerPe) + ", channels " + count(f.channelSets) + "x"
            + count(f.channelsPerPe);
    else if (f.packedGroups > 1)
        out += ", " + count(f.packedGroups) + " groups packed";
    if (f.registerSteps > 1)
        out += ", " + count(f.registerSteps) + " elements of T per PE";
    if (!f.tileOrder.empty())
        out += ", " + std::string(f.tileOrder) + " (" + count(f.weightTiles) + " weight x "
            + count(f.activationTiles) + " activation tiles)";
    return out;
}

} // namespace mensa
