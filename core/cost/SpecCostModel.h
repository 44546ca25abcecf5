#pragma once

#include "cost/CostModel.h"
#include "cost/SpecParser.h"

#include <array>
#include <string_view>
#include <vector>

namespace mensa {

// Bytes per MAC touched in a PE's registers: the stationary operand, the passing operand
// and the partial sum (modelling assumption, the same for every dataflow and variant).
inline constexpr double kRegisterBytesPerMac = 3.0;

// One channel's input plane that a convolution's im2col rows are cut from (what a window buffer
// reuses): rows x cols, the window's rows x cols and strides. rows = 0: the layer has no window
// (a matrix product), so every im2col element is a distinct input.
struct InputPlane {
    double rows = 0, cols = 0, kernelRows = 1, kernelCols = 1, strideRows = 1, strideCols = 1;
    double dilationRows = 1, dilationCols = 1; // spacing of the kernel taps on the input
};

// The layer as the PE array sees it: per group and time step a GEMM of
// Sr (output pixels x batch) x T (C*R*S window) x N (filters), repeated groups*steps times.
struct GemmShape {
    double sr = 1, t = 1, n = 1, groups = 1, steps = 1;
    double kernelH = 1, kernelW = 1, outH = 1, outW = 1, batch = 1;
    double bytesPerElement = 1;
    double inputBytesPerStep = 0; // activation bytes read per time step (dense)
    double weightDensity = 1, activationDensity = 1; // 1 unless the spec enables sparsity
    InputPlane plane;
    double macs() const { return sr * t * n * groups * steps; }
};

// What a dataflow mapping of a whole compute layer costs on the array and on-chip.
struct ArrayMapping {
    double computeCycles = 0;
    double spatialUtilization = 0;
    double macsExecuted = 0; // after zero skipping, if the array skips zeros
    double paramBufferReads = 0; // bytes
    double actBufferReads = 0; // bytes
    double actBufferWrites = 0; // bytes (outputs and partial sums)
    double accumulatorReads = 0, accumulatorWrites = 0; // bytes of partial sums (AccumulatorSpec)
    double windowReads = 0, windowWrites = 0; // bytes of inputs (WindowBufferSpec)
    double registerBytes = 0;
    double nocBytes = 0;
    double nocCycles = 0; // cycles the NoC needs for nocBytes (0 = not a limit)
    ArrayFolds folds; // the fold arithmetic behind computeCycles (shape fields filled later)
    double bufferBytes() const { return paramBufferReads + actBufferReads + actBufferWrites; }
    // No more compute cycles and no more bytes read or written at any buffer than `other`.
    bool noWorseThan(const ArrayMapping& other) const;
};

// Drops the mappings another one beats or equals on compute cycles and on each buffer's reads
// and writes (the earlier of two equal ones stays): no objective can prefer them, since a
// layer's time and energy grow with each of those counts (register bytes do not differ
// between mappings of a layer).
void keepUndominated(std::vector<ArrayMapping>& mappings);

// Shared machinery of the spec-driven cost models: buffer capacities and tiling (which
// decide DRAM traffic), the vector path for non-GEMM layers, the compute/memory overlap
// rule and energy accounting. Variants supply the dataflow mapping of compute layers.
class SpecCostModel : public CostModel {
public:
    // Validates the spec again (specs edited in code skip the parser); throws MensaError.
    explicit SpecCostModel(AcceleratorSpecPtr spec);

    const std::string& name() const override { return m_spec->name(); }
    LayerCost evaluate(const Layer& layer) const override;
    LayerCost evaluateIn(const Layer& layer, const EvaluationContext& context) const override;
    double peakMacsPerSecond() const override;
    double memoryBandwidth() const override;
    std::string memoryName() const override;
    double bufferBandwidth() const override;
    double staticPower() const override { return m_spec->static_power_w(); }
    // J per MAC at full reuse: MAC + kRegisterBytesPerMac x register-file energy (buffers: ~0).
    double peakOpsPerWatt() const override;
    double parameterCapacity() const override { return m_paramCapacity; }
    bool leavesToHost(const Layer& layer) const override { return runsOnHost(layer); }

    const spec::AcceleratorSpec& spec() const { return *m_spec; }
    double peakMacsPerCycle() const;
    double activationCapacity() const { return m_actCapacity; }
    // Host-link bandwidth in bytes per second; 0 when the spec has no host_link block.
    double hostLinkBandwidth() const;
    // True when the spec's host link leaves this operator type to the host CPU.
    bool runsOnHost(const Layer& layer) const;

protected:
    // The legal mappings of a compute layer onto the PE array with this model's dataflow that
    // are worth comparing (none beaten by another on compute cycles and every buffer read and write
    // count), the dataflow's preferred one first; never empty. The objective picks among them.
    // Written into `mappings`, which is cleared first (the caller keeps its capacity).
    virtual void mapArray(const GemmShape& shape, std::vector<ArrayMapping>& mappings) const = 0;

    const spec::BufferSpec* weightBuffer() const;
    const spec::BufferSpec* activationBuffer() const;
    double paramBufferBandwidth() const;
    double actBufferBandwidth() const;

private:
    // DRAM bytes of one layer, split by what they fill: weights, spilled input read back,
    // spilled output written out.
    struct DramTraffic {
        double parameters = 0;
        double activationReads = 0;
        double activationWrites = 0;
        std::string_view order; // the tile loop order, empty when the weights are not tiled
        double weightTiles = 0, activationTiles = 0;
        double activations() const { return activationReads + activationWrites; }
        double total() const { return parameters + activations(); }
    };
    // Bytes the array side reads and writes at each on-chip level (before the DRAM fills).
    struct ArraySide {
        double parameterReads = 0, activationReads = 0, activationWrites = 0, registers = 0;
        double accumulatorReads = 0, accumulatorWrites = 0;
        double windowReads = 0, windowWrites = 0;
    };

    // A compute layer's operands and DRAM traffic, the same for every mapping of it.
    struct ComputeLayer {
        GemmShape g;
        std::array<DramTraffic, 2> drams; // the DRAM loop orders worth comparing
        size_t dramOrders = 1;
        bool resident = true;
        bool streamsPerStep = false;
    };
    LayerCost evaluateCompute(const Layer& layer, const EvaluationContext& context) const;
    ComputeLayer computeLayer(const Layer& layer, const EvaluationContext& context) const;
    LayerCost costOfMapping(const ComputeLayer& c, const ArrayMapping& map, const DramTraffic& dram,
        const EvaluationContext& context) const;
    LayerCost evaluateVector(const Layer& layer, const EvaluationContext& context) const;
    LayerCost evaluateOnHost(const Layer& layer, const EvaluationContext& context) const;
    void chargeHostLink(LayerCost& cost, double parameterBytes) const;
    void chargeHostTensors(LayerCost& cost, const EvaluationContext& context) const;
    GemmShape gemmShape(const Layer& layer) const;
    void recordShape(ArrayFolds& folds, const GemmShape& g) const;
    double activationSpill(double in, double out) const;
    DramTraffic spillTraffic(double parameters, double in, double out, double steps) const;
    void dramTraffic(ComputeLayer& c, double params, double in, double out, double staging) const;
    bool resident(double paramBytes, const EvaluationContext& context) const;
    double stagingBytes(const EvaluationContext& context) const;
    StorageAccesses levelAccesses(const ArraySide& array, const DramTraffic& dram) const;
    void addArrayEnergy(LayerCost& cost, const GemmShape& g, const ArrayMapping& map) const;
    double parameterReadEnergy() const;
    std::string_view parameterStoreName() const;
    std::string_view activationStoreName() const;
    void finish(LayerCost& cost, double macs, double dramBytes, double latencyPasses) const;
    void checkRange(const LayerCost& cost, const Layer& layer) const;
    double parameterWriteEnergy() const;

    AcceleratorSpecPtr m_spec;
    // Weights and activations both kept in the global buffer: each gets half, and the store
    // names say which share is which.
    bool m_sharedGlobal = false;
    double m_paramCapacity = 0;
    double m_actCapacity = 0;
    double m_bytesPerCycle = 0; // memory bandwidth per clock cycle
    double m_bufferBytesPerCycle = 0; // all on-chip buffers together, per clock cycle
    double m_linkBytesPerCycle = 0; // host link per clock cycle; 0 = no host link
    double m_layerOverheadCycles = 0; // host link's per-layer overhead, in clock cycles
};

} // namespace mensa
