#include "cost/BufferLoopNest.h"

namespace mensa {

bool isRelevant(GemmOperand operand, GemmDim dim)
{
    switch (operand) {
    case GemmOperand::Weights:
        return dim != GemmDim::Sr;
    case GemmOperand::Inputs:
        return dim != GemmDim::N;
    case GemmOperand::Outputs:
        return dim != GemmDim::T;
    }
    return true;
}

std::string_view toString(GemmDim dim)
{
    switch (dim) {
    case GemmDim::Sr:
        return "Sr";
    case GemmDim::T:
        return "T";
    case GemmDim::N:
        return "N";
    }
    return "?";
}

BufferLoopNest::BufferLoopNest(Loop outer, Loop middle, Loop inner)
    : m_loops { outer, middle, inner }
{
}

// The product of the trips of the irrelevant loops outside the innermost relevant loop.
double BufferLoopNest::fetches(GemmOperand operand) const
{
    int innermostRelevant = -1;
    for (int i = 0; i < int(m_loops.size()); ++i)
        if (isRelevant(operand, m_loops[size_t(i)].dim))
            innermostRelevant = i;
    double product = 1;
    for (int i = 0; i < innermostRelevant; ++i)
        if (!isRelevant(operand, m_loops[size_t(i)].dim))
            product *= m_loops[size_t(i)].trips;
    return product;
}

} // namespace mensa
