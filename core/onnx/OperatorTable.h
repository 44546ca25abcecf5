#pragma once

#include "model/LayerKind.h"

#include <optional>
#include <string>

namespace mensa {

// Where the operands of a compute operator sit among the node inputs (-1: absent).
struct OperandLayout {
    int data = 0; // activation (X or A)
    int weight = 1; // W or B
    int bias = -1;
};

// The ONNX operators the importer models, by LayerKind: the default domain and the ONNX Runtime
// contrib operators of com.microsoft listed in docs/operator-coverage.md. Anything else is unknown.
class OperatorTable {
public:
    // The kind of an operator, or nullopt when it is not modelled.
    static std::optional<LayerKind> kindOf(const std::string& opType, const std::string& domain);
    // Operand positions of Conv/ConvTranspose/Gemm/MatMul and their quantized variants.
    static OperandLayout operandsOf(const std::string& opType);
    // Operators whose output depends only on input shapes (folded to constants after import).
    static bool isShapeOnly(const std::string& opType);
    // Whether input `index` of the operator holds weights (conv/FC weights and biases, norm
    // statistics, recurrent W/R/B): graph inputs used only there are parameters.
    static bool isWeightOperand(const std::string& opType, int index, size_t rank);
};

} // namespace mensa
