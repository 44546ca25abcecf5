#include "cost/GpuCostModel.h"

#include "cost/ProcessorCost.h"
#include "cost/SpecValidator.h"
#include "util/Error.h"

namespace mensa {

GpuCostModel::GpuCostModel(AcceleratorSpecPtr spec)
    : m_spec(std::move(spec))
{
    const auto& s = *m_spec;
    if (!s.has_gpu())
        throw MensaError(s.name(), "GpuCostModel needs a gpu block");
    validateAccelerator(s, nullptr, s.name().empty() ? "accelerator spec" : s.name(), "");
}

double GpuCostModel::macsPerCycle(int bytesPerElement) const
{
    const auto& g = m_spec->gpu();
    double tensorCores = double(g.sms()) * g.tensor_cores_per_sm();
    if (bytesPerElement <= 1)
        return tensorCores * g.tensor_core_int8_macs_per_cycle();
    if (bytesPerElement == 2)
        return tensorCores * g.tensor_core_fp16_macs_per_cycle();
    return elementOpsPerCycle(); // FP32: one FMA per CUDA core
}

double GpuCostModel::elementOpsPerCycle() const
{
    return double(m_spec->gpu().sms()) * m_spec->gpu().cuda_cores_per_sm();
}

double GpuCostModel::efficiency(LayerKind kind) const
{
    const auto& g = m_spec->gpu();
    return operatorEfficiency(g.efficiency(), g.default_efficiency(), kind);
}

double GpuCostModel::peakMacsPerSecond() const
{
    return macsPerCycle(1) * m_spec->gpu().clock_mhz() * 1e6;
}

double GpuCostModel::memoryBandwidth() const
{
    return m_spec->gpu().dram_bandwidth_gb_per_s() * 1e9;
}

double GpuCostModel::peakOpsPerWatt() const
{
    return 2 * peakMacsPerSecond() / m_spec->gpu().active_power_w();
}

LayerCost GpuCostModel::evaluate(const Layer& layer) const
{
    LayerCost cost;
    if (isPureViewLayer(layer)) {
        cost.bound = "compute";
        return cost;
    }
    const auto& g = m_spec->gpu();
    ProcessorRoofline r;
    r.clockHz = g.clock_mhz() * 1e6;
    const int bpe = std::max(1, layer.metrics.bytesPerElement);
    const double eff = efficiency(layer.kind);
    double macs = 0;
    if (isCompute(layer.kind) && !layer.unknownOp && layer.metrics.macs > 0) {
        macs = double(layer.metrics.macs);
        r.peakMacsPerCycle = macsPerCycle(bpe);
        r.computeSeconds = macs / (r.peakMacsPerCycle * eff * r.clockHz);
    }
    else {
        r.peakMacsPerCycle = macsPerCycle(bpe);
        r.computeSeconds = elementOps(layer) / (elementOpsPerCycle() * eff * r.clockHz);
        cost.folds.vectorOps = elementOps(layer);
        cost.folds.vectorLanes = elementOpsPerCycle();
    }
    r.dramBytes = double(
        layer.metrics.paramBytes + layer.metrics.inputActBytes + layer.metrics.outputActBytes);
    r.dramWriteBytes = double(layer.metrics.outputActBytes);
    r.dramBytesPerSecond = memoryBandwidth();
    r.overheadSeconds = g.kernel_launch_us() * 1e-6;
    r.activePowerW = g.active_power_w();
    r.idlePowerW = g.idle_power_w();
    r.dramJoulesPerByte = g.dram_energy_pj_per_byte() * 1e-12;
    cost.parametersOnChip = false;
    finishProcessorCost(cost, r, macs, layer, name());
    return cost;
}

} // namespace mensa
