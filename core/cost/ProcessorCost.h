#pragma once

#include "cost/CostTypes.h"
#include "model/Layer.h"
#include "proto/accelerator.pb.h"

#include <string>

namespace mensa {

// Shared arithmetic of the programmable-processor models (GpuCostModel, DlaCostModel): a
// roofline per layer,
//   busy    = max(compute seconds at the operator's efficiency, DRAM bytes / bandwidth)
//   seconds = busy + fixed per-layer overhead (kernel launch / DLA task submission)
//   energy  = (active - idle) W x busy  [Mac]  +  idle W x seconds  [Static]
//             + DRAM bytes x pJ/byte    [OffChip]
// (docs/processors.md). Every tensor of a layer (weights, inputs, outputs) crosses DRAM
// once: on a Jetson-class SoC layers hand activations over through the shared DRAM.
struct ProcessorRoofline {
    double clockHz = 0;
    double peakMacsPerCycle = 0; // at the layer's precision, for utilisation
    double computeSeconds = 0;
    double dramBytes = 0;
    double dramWriteBytes = 0; // of dramBytes, the outputs written back
    double dramBytesPerSecond = 0;
    double overheadSeconds = 0;
    double activePowerW = 0;
    double idlePowerW = 0;
    double dramJoulesPerByte = 0;
};

// Ops that only relabel a tensor (Reshape, Flatten, Squeeze, ...): free on any processor.
bool isPureViewLayer(const Layer& layer);

// Efficiency of one operator kind: the listed entry for toString(kind), else the default.
double operatorEfficiency(
    const google::protobuf::RepeatedPtrField<spec::GpuSpec::OperatorEfficiency>& table,
    double defaultEfficiency, LayerKind kind);

// Element operations of a non-GEMM layer (vectorOps, or one per output element for copies).
double elementOps(const Layer& layer);

// A processor's only storage level is DRAM: every tensor is read from it and the outputs
// written back. Sets the off-chip level (`bytes` in all, `writeBytes` of them written,
// `joules` for all) and the OffChip energy component from it.
void chargeDram(LayerCost& cost, double bytes, double writeBytes, double joules);

// Fills cycles, seconds, traffic, energy, bound and utilisation of `cost` from the roofline;
// throws MensaError (checked arithmetic) when a figure overflows, naming layer and processor.
void finishProcessorCost(LayerCost& cost, const ProcessorRoofline& r, double macs,
    const Layer& layer, const std::string& processor);

} // namespace mensa
