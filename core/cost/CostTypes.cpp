#include "cost/CostTypes.h"

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

} // namespace mensa
