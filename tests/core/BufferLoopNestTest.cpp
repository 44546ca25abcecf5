// The loop-nest reuse rule behind the systolic buffer counts: an operand is re-fetched once per
// trip of every loop over a dimension it does not depend on that sits outside one of its own
// loops; inside all of them, the tile stays in the array.
#include "cost/BufferLoopNest.h"

#include <gtest/gtest.h>

using namespace mensa;

TEST(BufferLoopNest, OperandsDependOnTheirOwnDimensionsOnly)
{
    EXPECT_TRUE(isRelevant(GemmOperand::Weights, GemmDim::T));
    EXPECT_TRUE(isRelevant(GemmOperand::Weights, GemmDim::N));
    EXPECT_FALSE(isRelevant(GemmOperand::Weights, GemmDim::Sr));
    EXPECT_FALSE(isRelevant(GemmOperand::Inputs, GemmDim::N));
    EXPECT_FALSE(isRelevant(GemmOperand::Outputs, GemmDim::T));
}

// Weight stationary as SCALE-Sim runs it: 2 N folds, 9 T folds, 784 rows streamed. Weights:
// Sr is inside both of their loops (read once). Inputs: the N folds sit outside their T loop
// (read twice). Outputs: the T folds sit outside their Sr loop (9 visits: 8 round trips).
TEST(BufferLoopNest, WeightStationaryRefetchesInputsPerColumnFoldAndPartialSumsPerRowFold)
{
    const BufferLoopNest ws({ GemmDim::N, 2 }, { GemmDim::T, 9 }, { GemmDim::Sr, 784 });
    EXPECT_EQ(ws.fetches(GemmOperand::Weights), 1);
    EXPECT_EQ(ws.fetches(GemmOperand::Inputs), 2);
    EXPECT_EQ(ws.fetches(GemmOperand::Outputs), 9);
}

// Output stationary: 13 Sr folds, 2 N folds, T streamed. Weights re-read per Sr fold, inputs
// per N fold, outputs written once (T runs inside both of their loops).
TEST(BufferLoopNest, OutputStationaryKeepsOutputsAndRefetchesBothOperands)
{
    const BufferLoopNest os({ GemmDim::Sr, 13 }, { GemmDim::N, 2 }, { GemmDim::T, 576 });
    EXPECT_EQ(os.fetches(GemmOperand::Weights), 13);
    EXPECT_EQ(os.fetches(GemmOperand::Inputs), 2);
    EXPECT_EQ(os.fetches(GemmOperand::Outputs), 1);
}

// Input stationary: 9 T folds, 13 Sr folds, N streamed. Weights re-read per Sr fold, inputs
// once, outputs revisited per T fold.
TEST(BufferLoopNest, InputStationaryRefetchesWeightsPerColumnFoldAndPartialSumsPerRowFold)
{
    const BufferLoopNest is({ GemmDim::T, 9 }, { GemmDim::Sr, 13 }, { GemmDim::N, 128 });
    EXPECT_EQ(is.fetches(GemmOperand::Weights), 13);
    EXPECT_EQ(is.fetches(GemmOperand::Inputs), 1);
    EXPECT_EQ(is.fetches(GemmOperand::Outputs), 9);
}

// The order matters, not just the trips: the same loops in other orders move the re-fetches.
TEST(BufferLoopNest, SwappingTheFoldLoopsMovesTheRefetches)
{
    const BufferLoopNest tOuter({ GemmDim::T, 9 }, { GemmDim::N, 2 }, { GemmDim::Sr, 784 });
    EXPECT_EQ(tOuter.fetches(GemmOperand::Weights), 1);
    // Inputs: N (irrelevant) is outside Sr, their innermost loop: 2 fetches still.
    EXPECT_EQ(tOuter.fetches(GemmOperand::Inputs), 2);
    // Outputs: T (irrelevant) is outermost, outside N and Sr: 9 visits.
    EXPECT_EQ(tOuter.fetches(GemmOperand::Outputs), 9);
    // Sr folds outermost: weights re-read per Sr fold, inputs once (N runs inside their T
    // loop), partial sums per T fold.
    const BufferLoopNest srOuter({ GemmDim::Sr, 4 }, { GemmDim::T, 9 }, { GemmDim::N, 2 });
    EXPECT_EQ(srOuter.fetches(GemmOperand::Weights), 4);
    EXPECT_EQ(srOuter.fetches(GemmOperand::Inputs), 1);
    EXPECT_EQ(srOuter.fetches(GemmOperand::Outputs), 9);
}
