#pragma once

#include "proto/accelerator.pb.h"

#include <array>
#include <string>
#include <string_view>

namespace mensa {

// Area components of an accelerator, in the order the breakdowns list them.
enum class AreaComponent {
    MacUnits,
    RegisterFiles,
    ParameterBuffer,
    ActivationBuffer,
    GlobalBuffer,
    Accumulator, // AccumulatorSpec's SRAM below a systolic array
    WindowBuffer, // WindowBufferSpec's SRAM on its input path
    Noc,
    VectorUnit,
    Count
};
constexpr int kAreaComponentCount = static_cast<int>(AreaComponent::Count);
std::string_view toString(AreaComponent component);

// Area in mm^2 per component, like EnergyBreakdown for energy.
struct AreaBreakdown {
    std::array<double, kAreaComponentCount> mm2 {};

    double& operator[](AreaComponent c) { return mm2[static_cast<int>(c)]; }
    double operator[](AreaComponent c) const { return mm2[static_cast<int>(c)]; }
    double total() const;
    AreaBreakdown& operator+=(const AreaBreakdown& other);
};

// The constants of one process node (every value's source: docs/area-model.md and AreaModel.cpp).
struct ProcessNode {
    std::string_view name;
    double macUnitUm2; // one int8 multiply-accumulate unit (8-bit multiplier + 32-bit adder)
    double sramUm2PerKiB; // SRAM macro area per KiB, bit cells and periphery
    double registerFileUm2PerByte; // flip-flop register file per byte
    double vectorLaneUm2; // one lane of the vector unit
    double nocFractionOfArray; // NoC area as a fraction of MAC units + register files
};

constexpr std::string_view kDefaultProcessNode = "45nm";
// The node called `name`, or null.
const ProcessNode* findProcessNode(std::string_view name);
// "45nm" (comma separated when there are several).
std::string processNodeNames();

// Area of one accelerator at `node` (must exist, see findProcessNode).
AreaBreakdown acceleratorArea(const spec::AcceleratorSpec& spec, std::string_view node);
// Sum over the accelerators of a system.
AreaBreakdown systemArea(const spec::SystemSpec& spec, std::string_view node);

} // namespace mensa
