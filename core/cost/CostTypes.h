#pragma once

#include <array>
#include <string>
#include <string_view>

namespace mensa {

// Energy components, in the order the breakdown charts stack them.
enum class EnergyComponent { Mac, RegisterFile, Buffer, Noc, OffChip, Static, Count };
constexpr int kEnergyComponentCount = static_cast<int>(EnergyComponent::Count);
std::string_view toString(EnergyComponent component);

// Energy in joules per component; feeds the breakdown charts directly.
struct EnergyBreakdown {
    std::array<double, kEnergyComponentCount> joules {};

    double& operator[](EnergyComponent c) { return joules[static_cast<int>(c)]; }
    double operator[](EnergyComponent c) const { return joules[static_cast<int>(c)]; }
    double total() const;
    EnergyBreakdown& operator+=(const EnergyBreakdown& other);
};

// Bytes moved at each level of the memory hierarchy for one layer.
struct TrafficBreakdown {
    double dramBytes = 0; // off-chip (or, near-data, the stacked DRAM) reads + writes
    double bufferBytes = 0; // on-chip buffer reads + writes
    double arrayBytes = 0; // between the buffers and the PE array or vector unit (bufferBytes
                           // without the DRAM fills)
    double registerBytes = 0; // PE register file accesses
    double nocBytes = 0; // bytes crossing the on-chip network
    double hostLinkBytes = 0; // bytes over the host link (a Coral device's USB / PCIe), not DRAM
};

// The storage levels a layer reads and writes, outermost first. ParameterStore is where the
// weights are read from towards the PEs (the parameter buffer, the global buffer, or the PE
// register files when weights bypass the buffers); ActivationStore holds the activations
// (the activation or global buffer); RegisterFile is the PEs' own registers (operands and
// partial sums).
// The memory levels a layer's bytes are counted at. WindowBuffer: the line buffer between the
// activation store and a systolic array that serves the im2col inputs (WindowBufferSpec);
// Accumulator: the SRAM below a systolic array that adds up partial sums (AccumulatorSpec); each
// zero on a design without one.
enum class StorageLevel {
    OffChip,
    ParameterStore,
    ActivationStore,
    WindowBuffer,
    Accumulator,
    RegisterFile,
    Count
};
constexpr int kStorageLevelCount = static_cast<int>(StorageLevel::Count);

// Bytes read from and written into one memory level by one layer, and the energy charged
// there. The name is static text (the spec's kind of store: "DRAM", "parameter buffer"...).
struct StorageAccess {
    std::string_view name;
    double reads = 0;
    double writes = 0;
    double joules = 0;
    double bytes() const { return reads + writes; }
};

// Per-level reads and writes of a layer (or, summed, a model). The energy components Buffer
// (ParameterStore + ActivationStore + WindowBuffer + Accumulator), RegisterFile and OffChip (plus
// the host link) are these joules; the TrafficBreakdown byte counts are these reads + writes (the
// window buffer's and accumulator's bytes only here: they have their own ports, not the
// buffers').
struct StorageAccesses {
    std::array<StorageAccess, kStorageLevelCount> levels {};

    StorageAccess& operator[](StorageLevel l) { return levels[static_cast<int>(l)]; }
    const StorageAccess& operator[](StorageLevel l) const { return levels[static_cast<int>(l)]; }
    StorageAccesses& operator+=(const StorageAccesses& other); // adds the figures, not the names
    // The Buffer energy component: the parameter store's, activation store's, window buffer's and
    // accumulator's.
    double bufferJoules() const;
};
// Generic name of a level ("off-chip memory", "parameter store"...), for sums over designs.
std::string_view toString(StorageLevel level);

// How a compute layer was laid onto the PE array: the fold arithmetic behind computeCycles,
// as the cost model computed it (dataflow empty: the layer ran on the vector path).
struct ArrayFolds {
    // Static text (copied with every layer cost, so never a heap string): "weight stationary",
    // "output stationary", "input stationary", "row stationary"; empty on the vector path.
    std::string_view dataflow;
    double arrayRows = 0, arrayCols = 0; // physical PE array
    double macsPerPe = 0; // MACs per PE per cycle
    double peakMacsPerCycle = 0; // arrayRows x arrayCols x macsPerPe
    double sr = 0, t = 0, n = 0; // GEMM per group and time step: Sr x T x N
    double groups = 0, steps = 0;
    std::string_view rowDimension, colDimension, streamDimension; // what the rows, columns
                                                                  // and stream hold ("Sr", ...)
    double mappedRows = 0, mappedCols = 0; // operand extent laid on rows / columns (row
                                           // stationary: logical PEs x 1)
    double rowFolds = 0, colFolds = 0; // folds along rows and columns (row stationary: passes)
    double packedGroups = 1; // groups sharing one fold (block-diagonal packing)
    // Row stationary: the PE set chosen for the layer (kernel rows x output rows, one 1-D
    // convolution per PE) and how many sets run side by side in a pass; 0 elsewhere.
    double setKernelRows = 0, setOutputRows = 0, setsPerPass = 0;
    // Row stationary: how the sets of a pass (filterSets x channelSets) and the filter rows of
    // a PE (filtersPerPe x channelsPerPe) share inputs and partial sums; 0 elsewhere.
    double filterSets = 0, channelSets = 0, filtersPerPe = 0, channelsPerPe = 0;
    // Systolic: the buffer-level loop nest, outer to inner ("N", "T", "Sr" and trips; the
    // innermost loop is the stream); empty elsewhere.
    std::array<std::string_view, 3> loopDimensions {};
    std::array<double, 3> loopTrips {};
    // Both array models: how often each operand's whole extent crosses the buffer-to-array
    // boundary per group and step: weights and inputs read weightFetches / inputFetches
    // times, partial sums round-tripping psumSpills times (outputs written 1 + psumSpills).
    double weightFetches = 0, inputFetches = 0, psumSpills = 0;
    // Systolic: stationary elements per MAC lane each PE takes in turn along T, its partial sum
    // staying in the PE (stationary_registers_per_pe; 1: one, as in SCALE-Sim); 0 elsewhere.
    double registerSteps = 0;
    // Systolic with an accumulator: the chunks its stream is taken in (1: it fits); 0 without.
    double accumulatorChunks = 0;
    // Systolic with a window buffer: how it reuses the layer's inputs ("rows and columns",
    // "columns only", "bypassed"; empty without one), the bytes of real input the activation
    // store gives it per sweep of the array against the im2col bytes the array reads from it
    // (per group and step), and the band it must hold for that reuse.
    std::string_view windowReuse;
    double windowSweepBytes = 0, im2colSweepBytes = 0, windowBandBytes = 0;
    double passes = 0; // repetitions of all folds (groups / packed x steps, or steps)
    // Both array models: the legal mappings compared for the layer (those no other beats on
    // compute cycles and every buffer read and write count) and the objective the chosen one is
    // best for
    // ("latency", "energy", "edp", "weighted"); 0 and empty on the vector path.
    double mappingCandidates = 0;
    std::string_view mappingObjective;
    // DRAM-level loop order when neither the weights nor the activations fit on chip:
    // "weights outer" (the spilled input re-read per weight tile) or "activations outer" (the
    // weights re-read per activation tile), chosen by the objective among tileOrders (1 or 2)
    // undominated orders. The order is empty when the activations fit (one tile of them); the
    // tile counts are 0 when the weights need no tiling either.
    std::string_view tileOrder;
    double tileOrders = 0, weightTiles = 0, activationTiles = 0;
    double streamCycles = 0; // per fold: streaming the moving operand
    double loadCycles = 0; // per fold: loading the stationary operand
    double fillDrainCycles = 0; // per fold (systolic skew R + C - 2) or per step (row stationary)
    double cyclesPerPass = 0; // all folds of one pass
    double vectorOps = 0, vectorLanes = 0; // vector path: operations and lanes
    // On the host CPU (LayerCost::onHost): why (kHostOperator: its operator type is one the
    // accelerator's compiler leaves to the host; kAfterHostOperator: the compiler partitions a
    // model once, so it follows one), its operations and the host's rate.
    static constexpr std::string_view kHostOperator = "host operator";
    static constexpr std::string_view kAfterHostOperator = "after the first host operator";
    std::string_view hostReason;
    double hostOps = 0, hostOpsPerSecond = 0;
};

// The chosen mapping in one line, for tables: "host CPU (host operator)"; "vector path"; "weight
// stationary" (", 7 groups packed", ", 9 elements of T per PE"); "row stationary, sets 3x1 x64,
// filters 1x42, channels 64x1" (kernel rows x output rows x sets per pass, filter sets x filters
// per PE, channel sets x channels per PE), then any DRAM loop order (", weights outer (10 weight x
// 4 activation tiles)").
std::string mappingSummary(const ArrayFolds& folds);

// What the memory side of a layer's time is made of; memoryCycles is the largest of the
// first three, and the exposed latency is added to the total once per dependent pass.
struct MemoryCycles {
    double dram = 0; // off-chip (or stacked-DRAM) bytes / bandwidth
    double bufferPorts = 0; // on-chip buffer bytes / port bandwidth
    double noc = 0; // on-chip network bytes / bandwidth
    double exposedLatency = 0; // DRAM latency not hidden by overlap
    double hostLink = 0; // host-link bytes / link bandwidth (0 without a host link)
    double hostTensors = 0; // model inputs / outputs over the host link, added (not overlapped)
    double layerOverhead = 0; // fixed per-layer host cost, added to the total (not overlapped)
};

// Result of evaluating one layer on one accelerator (Timeloop-style: carries the reason
// when the layer cannot be mapped instead of throwing).
struct LayerCost {
    bool mapped = true;
    std::string failureReason; // set when !mapped
    double computeCycles = 0; // PE-array (or vector path) busy cycles, folds included
    double memoryCycles = 0; // cycles the memory system needs for the layer's traffic
    double cycles = 0; // total after overlapping compute and memory
    double seconds = 0;
    double macs = 0; // MACs the PE array executed (after any zero skipping); 0 on the vector path
    double utilization = 0; // achieved MACs / (peak MACs per cycle * cycles), 0..1
    double spatialUtilization = 0; // PEs holding work / PEs, averaged over folds, 0..1
    TrafficBreakdown traffic;
    StorageAccesses levels; // the traffic and storage energy split by level, reads and writes
    EnergyBreakdown energy;
    bool parametersOnChip = true; // false when weights had to be streamed (re)fetched
    bool onHost = false; // the operator ran on the host CPU (a host_link host operator)
    std::string bound; // "compute" or "memory"
    ArrayFolds folds; // how computeCycles came about
    MemoryCycles memory; // how memoryCycles came about
};

// Cost of moving a tensor between two accelerators of a system.
struct TransferCost {
    double seconds = 0;
    double joules = 0;
};

} // namespace mensa
