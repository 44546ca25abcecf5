#pragma once

#include "cost/CostTypes.h"
#include "cost/Objective.h"
#include "model/Layer.h"

#include <memory>
#include <string>
#include <vector>

namespace mensa {

// Where a layer's parameters live during whole-model simulation (parameters of all layers
// compete for one parameter buffer; see Simulation.h).
struct EvaluationContext {
    enum class Residency { Auto, Resident, Streamed };
    // Auto: resident when the layer's parameters fit the parameter buffer on their own.
    Residency parameters = Residency::Auto;
    // Buffer bytes a streamed layer may use to stage its parameters; < 0: the whole buffer.
    double stagingBytes = -1;
    // Bytes of the model's own inputs this layer reads and outputs it writes: on a device with
    // a host link they cross the link every inference (ignored without one).
    double hostTensorBytes = 0;
    // What the layer's mapping onto the array is chosen for, among the legal mappings the
    // dataflow allows (the mapping policy's objective; the default policy's without one).
    Objective objective = Objective::defaults();
    // The accelerator's compiler left this layer to the host CPU: the compiler partitions a
    // model once, so an earlier host-only operator on this accelerator takes every later layer
    // with it. Only the bytes of inputs still on the accelerator cross the link
    // (hostInputBytes); everything else is already on the host.
    bool onHost = false;
    double hostInputBytes = 0;
};

// An analytical cost model of one accelerator, built from an immutable spec.
// Variants live beside it: SystolicCostModel (Edge TPU, Pascal, Jacquard, Pavlov)
// and RowStationaryCostModel (Eyeriss v2).
class CostModel {
public:
    virtual ~CostModel() = default;
    // Display name of the accelerator (the spec's name).
    virtual const std::string& name() const = 0;
    // Cost of running one characterised layer alone on this accelerator. Throws MensaError
    // only when a cost would overflow (not finite, or a count above 2^53).
    virtual LayerCost evaluate(const Layer& layer) const = 0;
    // Cost of a layer with the parameter placement decided by the caller; throws as evaluate().
    // The default ignores the context (models without a parameter buffer).
    virtual LayerCost evaluateIn(const Layer& layer, const EvaluationContext&) const
    {
        return evaluate(layer);
    }
    // Bytes of parameters that can stay resident on chip across inferences.
    virtual double parameterCapacity() const { return 0; }
    // True when this accelerator's compiler leaves the layer's operator to the host CPU.
    virtual bool leavesToHost(const Layer&) const { return false; }
    // Peak MACs per second, for utilisation and roofline plots; evaluate() never returns
    // seconds below LayerCost::macs / peakMacsPerSecond().
    virtual double peakMacsPerSecond() const = 0;
    // Sustained off-chip (or stacked-DRAM) bandwidth in bytes per second, for rooflines;
    // evaluate() never returns seconds below traffic.dramBytes / memoryBandwidth().
    virtual double memoryBandwidth() const = 0;
    // Name of the memory memoryBandwidth() belongs to ("DRAM", "stacked DRAM").
    virtual std::string memoryName() const { return "DRAM"; }
    // All on-chip buffer ports towards the PEs together, in bytes per second (0: no buffer
    // level); evaluate() never returns seconds below traffic.arrayBytes / bufferBandwidth().
    virtual double bufferBandwidth() const { return 0; }
    // Static power in watts, charged over a layer's duration.
    virtual double staticPower() const = 0;
    // Peak ops/s per watt: 2 x peak MACs/s / (peak MACs/s x J per MAC at full reuse + static W).
    virtual double peakOpsPerWatt() const = 0;
};

using CostModelPtr = std::shared_ptr<const CostModel>;

// A link between two accelerators of a system (e.g. Pascal <-> Pavlov over the
// memory interface). Moving a tensor costs bytes / bandwidth + latency and bytes * energy.
struct Link {
    int from = 0;
    int to = 0;
    std::string name;
    double bytesPerSecond = 0;
    double joulesPerByte = 0;
    double latencySeconds = 0;
};

// One or more accelerators plus the links between them. A single accelerator is a
// system of one.
struct AcceleratorSystem {
    std::string name;
    std::vector<CostModelPtr> accelerators;
    std::vector<Link> links;
    // Where the spec came from (empty for a system built in code): figures name the file and
    // a digest of this text so that a figure can be traced back to the exact spec.
    std::string sourcePath;
    std::string sourceText;

    // Cost of moving `bytes` from accelerator `from` to `to`; zero when from == to.
    // Pairs with no direct link go through DRAM (the slowest link declared, or a
    // modelling default when none is).
    TransferCost transfer(int from, int to, double bytes) const;
    // Index of the link used between two accelerators, or -1.
    int linkIndex(int from, int to) const;
    // A system of one accelerator, named like it (NAME overrides).
    static AcceleratorSystem of(CostModelPtr accelerator, const std::string& name = {});
};

} // namespace mensa
