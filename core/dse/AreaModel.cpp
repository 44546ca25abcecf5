#include "dse/AreaModel.h"

#include "util/Error.h"

namespace mensa {
namespace {

// 45 nm, the node of the energy constants the built-in specs use (docs/methodology.md), so area
// and energy come from the same technology. Every constant: docs/area-model.md.
//
// [Horowitz] M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC
//   2014, table "Rough energy and area costs in 45nm": 8b multiply 282 um^2, 32b add 137 um^2,
//   8b add 36 um^2.
// [Mistry] K. Mistry et al., "A 45nm logic technology with high-k+metal gate transistors...",
//   IEDM 2007: 6T SRAM bit cell 0.346 um^2.
constexpr double kInt8MultiplyUm2 = 282; // [Horowitz]
constexpr double kInt32AddUm2 = 137; // [Horowitz]
constexpr double kSramBitCellUm2 = 0.346; // [Mistry]
// Modelling assumption: bit cells fill half of an SRAM macro; decoders, sense amplifiers and
// wiring the rest (array efficiency 0.5).
constexpr double kSramArrayEfficiency = 0.5;
// Modelling assumption: a flip-flop register-file bit takes 4 SRAM bit cells (flip-flop plus
// read multiplexing).
constexpr double kRegisterBitInSramCells = 4;
// Modelling assumption: the on-chip network (buses, routers, multicast) takes 10% of the area
// of the PE array it feeds (MAC units + register files).
constexpr double kNocFraction = 0.10;

constexpr ProcessNode kNodes[] = {
    { "45nm",
        kInt8MultiplyUm2 + kInt32AddUm2, // a MAC unit: multiplier + accumulator adder
        8192 * kSramBitCellUm2 / kSramArrayEfficiency, // 1 KiB = 8192 bits
        8 * kRegisterBitInSramCells* kSramBitCellUm2,
        // Modelling assumption: a vector lane is a MAC unit (multiply + 32-bit add).
        kInt8MultiplyUm2 + kInt32AddUm2, kNocFraction },
};

constexpr double kUm2PerMm2 = 1e6;

double sramMm2(const ProcessNode& node, double bytes)
{
    return bytes / 1024.0 * node.sramUm2PerKiB / kUm2PerMm2;
}

double bufferMm2(const ProcessNode& node, bool has, const spec::BufferSpec& buffer)
{
    return has ? sramMm2(node, double(buffer.size_bytes())) : 0.0;
}

} // namespace

std::string_view toString(AreaComponent component)
{
    switch (component) {
    case AreaComponent::MacUnits:
        return "mac_units";
    case AreaComponent::RegisterFiles:
        return "register_files";
    case AreaComponent::ParameterBuffer:
        return "parameter_buffer";
    case AreaComponent::ActivationBuffer:
        return "activation_buffer";
    case AreaComponent::GlobalBuffer:
        return "global_buffer";
    case AreaComponent::Accumulator:
        return "accumulator";
    case AreaComponent::WindowBuffer:
        return "window_buffer";
    case AreaComponent::Noc:
        return "noc";
    case AreaComponent::VectorUnit:
        return "vector_unit";
    case AreaComponent::Count:
        break;
    }
    return "?";
}

double AreaBreakdown::total() const
{
    double sum = 0;
    for (double v : mm2)
        sum += v;
    return sum;
}

AreaBreakdown& AreaBreakdown::operator+=(const AreaBreakdown& other)
{
    for (int c = 0; c < kAreaComponentCount; ++c)
        mm2[size_t(c)] += other.mm2[size_t(c)];
    return *this;
}

const ProcessNode* findProcessNode(std::string_view name)
{
    for (const ProcessNode& node : kNodes)
        if (node.name == name)
            return &node;
    return nullptr;
}

std::string processNodeNames()
{
    std::string out;
    for (const ProcessNode& node : kNodes)
        out += (out.empty() ? "" : ", ") + std::string(node.name);
    return out;
}

AreaBreakdown acceleratorArea(const spec::AcceleratorSpec& spec, std::string_view nodeName)
{
    const ProcessNode* node = findProcessNode(nodeName);
    if (!node)
        throw MensaError("", "unknown process node \"" + std::string(nodeName) + "\"");
    const double pes = double(spec.pe_rows()) * double(spec.pe_cols());
    AreaBreakdown a;
    a[AreaComponent::MacUnits]
        = pes * double(spec.macs_per_pe_per_cycle()) * node->macUnitUm2 / kUm2PerMm2;
    a[AreaComponent::RegisterFiles] = pes * double(spec.register_file_bytes_per_pe())
        * node->registerFileUm2PerByte / kUm2PerMm2;
    a[AreaComponent::ParameterBuffer]
        = bufferMm2(*node, spec.has_parameter_buffer(), spec.parameter_buffer());
    a[AreaComponent::ActivationBuffer]
        = bufferMm2(*node, spec.has_activation_buffer(), spec.activation_buffer());
    a[AreaComponent::GlobalBuffer]
        = bufferMm2(*node, spec.has_global_buffer(), spec.global_buffer());
    a[AreaComponent::Accumulator]
        = spec.has_accumulator() ? sramMm2(*node, double(spec.accumulator().size_bytes())) : 0.0;
    a[AreaComponent::WindowBuffer] = spec.has_window_buffer()
        ? sramMm2(*node, double(spec.window_buffer().size_bytes()))
        : 0.0;
    a[AreaComponent::Noc]
        = node->nocFractionOfArray * (a[AreaComponent::MacUnits] + a[AreaComponent::RegisterFiles]);
    a[AreaComponent::VectorUnit] = double(spec.vector().lanes()) * node->vectorLaneUm2 / kUm2PerMm2;
    return a;
}

AreaBreakdown systemArea(const spec::SystemSpec& spec, std::string_view node)
{
    AreaBreakdown total;
    for (const auto& accelerator : spec.accelerators())
        total += acceleratorArea(accelerator, node);
    return total;
}

} // namespace mensa
