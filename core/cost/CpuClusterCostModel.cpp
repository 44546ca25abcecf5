#include "cost/CpuClusterCostModel.h"

#include "cost/ProcessorCost.h"
#include "cost/SpecValidator.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>

namespace mensa {
namespace {

constexpr double kPico = 1e-12;
constexpr double kMicro = 1e-6;

} // namespace

CpuClusterCostModel::CpuClusterCostModel(AcceleratorSpecPtr spec)
    : m_spec(std::move(spec))
{
    if (!m_spec || !m_spec->has_cpu())
        throw MensaError(m_spec ? m_spec->name() : "", "a CPU cluster model needs a cpu block");
    validateAccelerator(*m_spec, nullptr, m_spec->name(), "");
}

double CpuClusterCostModel::macsPerCycle(const Layer& layer) const
{
    const auto& c = m_spec->cpu();
    return layer.metrics.bytesPerElement <= 1 ? c.int8_macs_per_cycle_per_core()
                                              : c.fp32_macs_per_cycle_per_core();
}

// Compulsory traffic, plus the weights again for every L2-sized activation tile when they do
// not fit half the L2 themselves (the other half holds the activation tile).
double CpuClusterCostModel::dramBytes(const Layer& layer) const
{
    const double half = double(m_spec->cpu().l2_bytes()) / 2;
    const double params = double(layer.metrics.paramBytes);
    const double acts = double(layer.metrics.activationBytes());
    const double tiles = params > half ? std::max(1.0, std::ceil(acts / half)) : 1.0;
    return params * tiles + acts;
}

double CpuClusterCostModel::bandwidth(int cores) const
{
    const auto& c = m_spec->cpu();
    return std::min({ cores * c.core_bandwidth_gb_per_s(), c.cluster_bandwidth_gb_per_s(),
               c.dram_bandwidth_gb_per_s() })
        * 1e9;
}

LayerCost CpuClusterCostModel::evaluate(const Layer& layer) const
{
    return evaluateWithCores(layer, coreCount());
}

LayerCost CpuClusterCostModel::evaluateWithCores(const Layer& layer, int cores) const
{
    const auto& c = m_spec->cpu();
    if (cores < 1 || cores > c.cores())
        throw MensaError(name(),
            "core count " + std::to_string(cores) + " outside 1.." + std::to_string(c.cores()));
    LayerCost cost;
    cost.bound = "compute";
    if (isPureViewLayer(layer))
        return cost;
    const double hz = c.clock_mhz() * 1e6;
    const double bpe = std::max(1, layer.metrics.bytesPerElement);
    const double macs = double(layer.metrics.macs);
    double ops = double(layer.metrics.vectorOps);
    if (macs <= 0 && ops <= 0)
        ops = double(layer.metrics.outputActBytes) / bpe; // copies and unknown operators
    const double efficiency = c.gemm_efficiency() / (1 + c.core_scaling_loss() * (cores - 1));
    const double computeSeconds = macs / (cores * macsPerCycle(layer) * hz * efficiency)
        + ops / (cores * c.vector_ops_per_cycle_per_core() * hz);
    const double dram = dramBytes(layer);
    const double memorySeconds = dram / bandwidth(cores);
    const double overhead
        = (c.layer_overhead_us() + c.sync_overhead_us_per_core() * (cores - 1)) * kMicro;
    cost.seconds = std::max(computeSeconds, memorySeconds) + overhead;
    cost.computeCycles = computeSeconds * hz;
    cost.memoryCycles = memorySeconds * hz;
    cost.memory.dram = cost.memoryCycles;
    cost.memory.layerOverhead = overhead * hz;
    cost.cycles = cost.seconds * hz;
    cost.macs = macs;
    cost.bound = computeSeconds >= memorySeconds ? "compute" : "memory";
    const double peak = cores * macsPerCycle(layer) * cost.cycles;
    cost.utilization = peak > 0 ? std::min(1.0, macs / peak) : 0;
    cost.spatialUtilization = double(cores) / c.cores();
    cost.traffic.dramBytes = dram;
    cost.parametersOnChip = false; // weights come from DRAM every inference (through the L2)
    cost.energy[EnergyComponent::Mac] = cores * c.active_power_w_per_core() * cost.seconds;
    cost.energy[EnergyComponent::Static] = c.idle_power_w() * cost.seconds;
    chargeDram(cost, dram, double(layer.metrics.outputActBytes),
        dram * c.dram_energy_pj_per_byte() * kPico);
    if (layer.unknownOp) {
        cost.mapped = false;
        cost.failureReason = "operator '" + layer.opType
            + "' is not modelled; cost is a vector-path estimate (one operation per output "
              "element)";
    }
    if (!std::isfinite(cost.seconds) || cost.cycles > 9007199254740992.0)
        throw MensaError(name(), "cost of layer '" + layer.name + "' overflows");
    return cost;
}

double CpuClusterCostModel::peakMacsPerSecond() const
{
    const auto& c = m_spec->cpu();
    return c.cores() * std::max(c.int8_macs_per_cycle_per_core(), c.fp32_macs_per_cycle_per_core())
        * c.clock_mhz() * 1e6;
}

double CpuClusterCostModel::memoryBandwidth() const
{
    return bandwidth(coreCount());
}

double CpuClusterCostModel::peakOpsPerWatt() const
{
    const auto& c = m_spec->cpu();
    return 2 * peakMacsPerSecond() / (c.cores() * c.active_power_w_per_core() + c.idle_power_w());
}

} // namespace mensa
