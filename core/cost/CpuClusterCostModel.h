#pragma once

#include "cost/CostModel.h"
#include "cost/SpecParser.h"

namespace mensa {

// One cluster of identical CPU cores (spec block `cpu`, e.g. the Cortex-A73 cluster of a
// HiKey 970), timed as a roofline with a per-layer overhead (docs/pipeit.md):
//   eff(c)    = gemm_efficiency / (1 + core_scaling_loss * (c - 1))
//   compute   = MACs / (c * macs_per_cycle * clock * eff(c)) + ops / (c * vector_ops * clock)
//   bandwidth = min(c * core_bw, cluster_bw, dram_bw)
//   DRAM      = params * tiles + inputs + outputs, tiles = ceil(acts / (L2 / 2)) when the
//               weights do not fit half the L2 (else 1)
//   seconds   = max(compute, DRAM / bandwidth) + layer_overhead + sync_overhead * (c - 1)
//   energy    = c * active_power * seconds (Mac) + idle_power * seconds (Static)
//               + DRAM * dram_energy (OffChip)
// The MAC rate is the int8 one for 1-byte elements and the fp32 one otherwise.
class CpuClusterCostModel : public CostModel {
public:
    // Validates the spec's cpu block again (specs edited in code skip the parser).
    explicit CpuClusterCostModel(AcceleratorSpecPtr spec);

    const std::string& name() const override { return m_spec->name(); }
    // The layer on all cores of the cluster.
    LayerCost evaluate(const Layer& layer) const override;
    // All cores, int8 rate (the higher one).
    double peakMacsPerSecond() const override;
    // What the whole cluster can draw: min(cluster share, SoC total).
    double memoryBandwidth() const override;
    double staticPower() const override { return m_spec->cpu().idle_power_w(); }
    // 2 x peak MACs/s over (all cores' active power + idle power).
    double peakOpsPerWatt() const override;

    // The layer on `cores` cores (1..coreCount()); MensaError outside that range.
    LayerCost evaluateWithCores(const Layer& layer, int cores) const;
    int coreCount() const { return m_spec->cpu().cores(); }
    const std::string& coreType() const { return m_spec->cpu().core_type(); }
    const spec::AcceleratorSpec& spec() const { return *m_spec; }

private:
    double macsPerCycle(const Layer& layer) const;
    double dramBytes(const Layer& layer) const;
    double bandwidth(int cores) const;

    AcceleratorSpecPtr m_spec;
};

} // namespace mensa
