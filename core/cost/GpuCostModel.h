#pragma once

#include "cost/CostModel.h"
#include "cost/SpecParser.h"

namespace mensa {

// A GPU (the Volta GPU of a Jetson AGX Xavier) as a roofline per layer (ProcessorCost.h):
// GEMM layers (Conv, FC, MatMul, recurrent) run on the tensor cores at the layer's precision
// (INT8 or FP16; FP32 falls back to one FMA per CUDA core and cycle), other layers on the
// CUDA cores at one element operation per core and cycle, each scaled by the operator
// kind's efficiency; every layer pays one kernel launch. Programmable: it runs every layer.
class GpuCostModel : public CostModel {
public:
    // Validates the spec (it must carry a gpu block); throws MensaError.
    explicit GpuCostModel(AcceleratorSpecPtr spec);

    const std::string& name() const override { return m_spec->name(); }
    LayerCost evaluate(const Layer& layer) const override;
    // Tensor-core INT8 peak.
    double peakMacsPerSecond() const override;
    double memoryBandwidth() const override;
    std::string memoryName() const override { return "shared DRAM"; }
    double staticPower() const override { return m_spec->gpu().idle_power_w(); }
    // 2 x peak MACs/s / active power.
    double peakOpsPerWatt() const override;

    // MACs per cycle of the whole GPU at a precision of BYTES_PER_ELEMENT (1, 2 or 4).
    double macsPerCycle(int bytesPerElement) const;
    // Element operations per cycle of all CUDA cores.
    double elementOpsPerCycle() const;
    double efficiency(LayerKind kind) const;

private:
    AcceleratorSpecPtr m_spec;
};

} // namespace mensa
