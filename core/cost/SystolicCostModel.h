#pragma once

#include "cost/BufferLoopNest.h"
#include "cost/SpecCostModel.h"
#include "cost/WindowSweep.h"

namespace mensa {

// SCALE-Sim-style systolic array (Edge TPU, Pascal, Pavlov, Jacquard). The dataflow picks
// which GEMM operand is held in the R x C array (weights, outputs or inputs); the two
// spatial dimensions are cut into folds of R x C, and every fold pays a load of its
// stationary operand, a fill/drain skew of R + C - 2 and its streaming time. Edge folds
// are under-filled, so matrix-vector and depthwise layers use few PEs. Small groups of a
// grouped/depthwise conv are packed block-diagonally into one fold (in PEs where the
// dataflow holds T and N, in stream cycles where it streams them). A PE with k
// MACs per cycle reduces k window elements per cycle, so the window dimension takes
// ceil(T / k) steps. The array's dataflow fixes the spatial unrolling and the fold loops
// (their order does not change any count: the stream is innermost), so a grouped layer's
// packing is the one mapping choice left to the objective.
class SystolicCostModel : public SpecCostModel {
public:
    explicit SystolicCostModel(AcceleratorSpecPtr spec);

    // Folds and per-fold cycles of one GEMM pass, exposed for tests and plots.
    struct Folds {
        double packedGroups = 1; // groups sharing one fold (block-diagonal packing)
        double rowFolds = 0, colFolds = 0;
        double spatialRows = 0, spatialCols = 0, stream = 0;
        double loadCycles = 0, skewCycles = 0;
        double cyclesPerPass = 0; // one group of one time step
        double spatialUtilization = 0;
        // With an accumulator (AccumulatorSpec): the stream is taken in `chunks` of at most
        // `chunkRows` rows, each reloading the fold's stationary operand; 1 and 0 without one.
        double chunks = 1, chunkRows = 0;
        // With stationary registers (stationary_registers_per_pe): the stationary elements per
        // MAC lane each PE takes in turn along T; every streamed element takes this many cycles.
        double registerSteps = 1;
    };
    Folds folds(const GemmShape& shape) const;

protected:
    // The fewest-cycles packing first, and for a grouped layer the other packing too.
    void mapArray(const GemmShape& shape, std::vector<ArrayMapping>& mappings) const override;

private:
    double packingFit(const GemmShape& shape) const;
    Folds foldsPacking(const GemmShape& shape, double packedGroups) const;
    double registerSteps(double reduction) const;
    double passCycles(const Folds& f) const;
    double accumulatorRows() const;
    void chunkForAccumulator(Folds& f) const;
    void recordFolds(ArrayFolds& out, const Folds& f, double passes) const;
    BufferLoopNest loopNest(const Folds& f) const;
    ArrayMapping mapFolds(const GemmShape& shape, const Folds& f) const;
    void addAccumulator(
        ArrayMapping& m, const GemmShape& shape, const Folds& f, double visits) const;
    WindowTiling windowTiling(const GemmShape& shape, const Folds& f) const;
    double addWindowBuffer(ArrayMapping& m, const GemmShape& shape, const Folds& f) const;
};

} // namespace mensa
