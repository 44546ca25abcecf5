#pragma once

#include <array>
#include <string_view>

namespace mensa {

// The dimensions of the GEMM an array runs per group and time step (GemmShape): output rows
// Sr, window T and filters N.
enum class GemmDim { Sr, T, N };
// The three operands and the dimensions each is indexed by: weights (T, N), inputs (Sr, T),
// outputs and their partial sums (Sr, N).
enum class GemmOperand { Weights, Inputs, Outputs };

bool isRelevant(GemmOperand operand, GemmDim dim);
std::string_view toString(GemmDim dim);

// The temporal loops of a dataflow's mapping at the buffer level, outer to inner, each over
// one GEMM dimension with its trip count (folds, or the streamed extent); the tile inside the
// innermost loop is what the array holds. How often an operand crosses the buffer-to-array
// boundary follows from where the loops irrelevant to it sit (Timeloop's and ZigZag's rule):
// an irrelevant loop inside every relevant loop re-uses the tile already in the array
// (stationarity); one outside a relevant loop re-fetches the operand's whole extent per trip.
class BufferLoopNest {
public:
    struct Loop {
        GemmDim dim = GemmDim::Sr;
        double trips = 1;
    };

    BufferLoopNest(Loop outer, Loop middle, Loop inner);

    // Times the operand's whole extent is read from the buffer (weights, inputs) or written to
    // it (outputs: the first write of each output, then one per partial-sum round trip).
    double fetches(GemmOperand operand) const;
    const std::array<Loop, 3>& loops() const { return m_loops; }

private:
    std::array<Loop, 3> m_loops;
};

} // namespace mensa
