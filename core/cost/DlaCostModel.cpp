#include "cost/DlaCostModel.h"

#include "cost/ProcessorCost.h"
#include "cost/SpecValidator.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace mensa {
namespace {

bool listed(const google::protobuf::RepeatedPtrField<std::string>& list, std::string_view name)
{
    return std::find(list.begin(), list.end(), name) != list.end();
}

// Layers the convolution core runs (FC is a 1x1 convolution on NVDLA).
bool onConvolutionCore(LayerKind kind)
{
    return kind == LayerKind::Conv || kind == LayerKind::DepthwiseConv
        || kind == LayerKind::ConvTranspose || kind == LayerKind::FullyConnected;
}

} // namespace

DlaCostModel::DlaCostModel(AcceleratorSpecPtr spec)
    : m_spec(std::move(spec))
{
    const auto& s = *m_spec;
    if (!s.has_dla())
        throw MensaError(s.name(), "DlaCostModel needs a dla block");
    validateAccelerator(s, nullptr, s.name().empty() ? "accelerator spec" : s.name(), "");
}

double DlaCostModel::efficiency(LayerKind kind) const
{
    const auto& d = m_spec->dla();
    return operatorEfficiency(d.efficiency(), d.default_efficiency(), kind);
}

double DlaCostModel::peakMacsPerSecond() const
{
    return double(m_spec->dla().conv_int8_macs_per_cycle()) * m_spec->dla().clock_mhz() * 1e6;
}

double DlaCostModel::memoryBandwidth() const
{
    return m_spec->dla().dram_bandwidth_gb_per_s() * 1e9;
}

double DlaCostModel::peakOpsPerWatt() const
{
    return 2 * peakMacsPerSecond() / m_spec->dla().active_power_w();
}

std::string DlaCostModel::refusal(const Layer& layer) const
{
    const auto& d = m_spec->dla();
    if (layer.unknownOp)
        return "operator '" + layer.opType + "' is not modelled; the DLA compiler would refuse it";
    if (!listed(d.supported_kinds(), toString(layer.kind)))
        return "the DLA does not run " + std::string(toString(layer.kind))
            + " layers (GPU fallback)";
    if (listed(d.unsupported_operators(), layer.opType))
        return "the DLA does not run the operator '" + layer.opType + "' (GPU fallback)";
    for (const auto& fused : layer.fusedOps)
        if (listed(d.unsupported_operators(), fused))
            return "the DLA does not run the fused operator '" + fused + "' (GPU fallback)";
    if (layer.metrics.bytesPerElement > 2)
        return "the DLA has no FP32 path (INT8 and FP16 only; GPU fallback)";
    return "";
}

double DlaCostModel::convolutionReads(const Layer& layer) const
{
    const double half = double(m_spec->dla().conv_buffer_bytes()) / 2;
    const double weights = double(layer.metrics.paramBytes);
    const double input = double(layer.metrics.inputActBytes);
    const double inputPerWeightGroup = weights + input * std::max(1.0, std::ceil(weights / half));
    const double weightsPerInputTile = input + weights * std::max(1.0, std::ceil(input / half));
    return std::min(inputPerWeightGroup, weightsPerInputTile);
}

LayerCost DlaCostModel::evaluate(const Layer& layer) const
{
    LayerCost cost;
    if (isPureViewLayer(layer)) {
        cost.bound = "compute";
        return cost;
    }
    if (std::string why = refusal(layer); !why.empty()) {
        cost.mapped = false;
        cost.failureReason = std::move(why);
        return cost;
    }
    const auto& d = m_spec->dla();
    ProcessorRoofline r;
    r.clockHz = d.clock_mhz() * 1e6;
    r.peakMacsPerCycle = layer.metrics.bytesPerElement <= 1 ? d.conv_int8_macs_per_cycle()
                                                            : d.conv_fp16_macs_per_cycle();
    const double eff = efficiency(layer.kind);
    double macs = 0;
    double reads = double(layer.metrics.paramBytes + layer.metrics.inputActBytes);
    if (onConvolutionCore(layer.kind) && layer.metrics.macs > 0) {
        macs = double(layer.metrics.macs);
        r.computeSeconds = macs / (r.peakMacsPerCycle * eff * r.clockHz);
        reads = convolutionReads(layer);
    }
    else {
        const double ops = elementOps(layer);
        r.computeSeconds = ops / (d.post_ops_per_cycle() * eff * r.clockHz);
        cost.folds.vectorOps = ops;
        cost.folds.vectorLanes = d.post_ops_per_cycle();
    }
    r.dramBytes = reads + double(layer.metrics.outputActBytes);
    r.dramWriteBytes = double(layer.metrics.outputActBytes);
    r.dramBytesPerSecond = memoryBandwidth();
    r.overheadSeconds = d.per_layer_overhead_us() * 1e-6;
    r.activePowerW = d.active_power_w();
    r.idlePowerW = d.idle_power_w();
    r.dramJoulesPerByte = d.dram_energy_pj_per_byte() * 1e-12;
    cost.parametersOnChip = false;
    finishProcessorCost(cost, r, macs, layer, name());
    return cost;
}

} // namespace mensa
