#include "onnx/OperatorTable.h"

#include <unordered_map>

namespace mensa {
namespace {

const std::unordered_map<std::string, LayerKind>& table()
{
    using K = LayerKind;
    static const std::unordered_map<std::string, LayerKind> kTable = {
        { "Conv", K::Conv }, { "ConvInteger", K::Conv }, { "QLinearConv", K::Conv },
        { "ConvTranspose", K::ConvTranspose }, { "Gemm", K::FullyConnected },
        { "MatMul", K::FullyConnected }, { "MatMulInteger", K::FullyConnected },
        { "QLinearMatMul", K::FullyConnected }, { "LSTM", K::Lstm }, { "GRU", K::Gru },
        { "RNN", K::Rnn }, { "MaxPool", K::Pool }, { "AveragePool", K::Pool },
        { "LpPool", K::Pool }, { "GlobalAveragePool", K::Pool }, { "GlobalMaxPool", K::Pool },
        { "GlobalLpPool", K::Pool }, { "ReduceMean", K::Pool }, { "ReduceSum", K::Pool },
        { "ReduceMax", K::Pool }, { "ReduceMin", K::Pool }, { "ReduceProd", K::Pool },
        { "ReduceL1", K::Pool }, { "ReduceL2", K::Pool }, { "ReduceLogSum", K::Pool },
        { "ReduceLogSumExp", K::Pool }, { "ReduceSumSquare", K::Pool }, { "ArgMax", K::Pool },
        { "ArgMin", K::Pool }, { "Add", K::Elementwise }, { "Sub", K::Elementwise },
        { "Mul", K::Elementwise }, { "Div", K::Elementwise }, { "Pow", K::Elementwise },
        { "Max", K::Elementwise }, { "Min", K::Elementwise }, { "Sum", K::Elementwise },
        { "Mean", K::Elementwise }, { "Neg", K::Elementwise }, { "Abs", K::Elementwise },
        { "Sqrt", K::Elementwise }, { "Reciprocal", K::Elementwise }, { "Exp", K::Elementwise },
        { "Log", K::Elementwise }, { "Erf", K::Elementwise }, { "Floor", K::Elementwise },
        { "Ceil", K::Elementwise }, { "Round", K::Elementwise }, { "Sign", K::Elementwise },
        { "Mod", K::Elementwise }, { "Equal", K::Elementwise }, { "Greater", K::Elementwise },
        { "GreaterOrEqual", K::Elementwise }, { "Less", K::Elementwise },
        { "LessOrEqual", K::Elementwise }, { "And", K::Elementwise }, { "Or", K::Elementwise },
        { "Xor", K::Elementwise }, { "Not", K::Elementwise }, { "Where", K::Elementwise },
        { "Cast", K::Elementwise }, { "Sin", K::Elementwise }, { "Cos", K::Elementwise },
        { "IsNaN", K::Elementwise }, { "IsInf", K::Elementwise }, { "BitShift", K::Elementwise },
        { "QuantizeLinear", K::Elementwise }, { "DequantizeLinear", K::Elementwise },
        { "CumSum", K::Elementwise }, { "Relu", K::Activation }, { "Clip", K::Activation },
        { "Sigmoid", K::Activation }, { "Tanh", K::Activation }, { "HardSwish", K::Activation },
        { "HardSigmoid", K::Activation }, { "LeakyRelu", K::Activation },
        { "PRelu", K::Activation }, { "Elu", K::Activation }, { "Selu", K::Activation },
        { "Celu", K::Activation }, { "Gelu", K::Activation }, { "Softplus", K::Activation },
        { "Softsign", K::Activation }, { "ThresholdedRelu", K::Activation },
        { "Mish", K::Activation }, { "BatchNormalization", K::Normalization },
        { "LayerNormalization", K::Normalization }, { "InstanceNormalization", K::Normalization },
        { "GroupNormalization", K::Normalization }, { "LpNormalization", K::Normalization },
        { "MeanVarianceNormalization", K::Normalization }, { "LRN", K::Normalization },
        { "Softmax", K::Softmax }, { "LogSoftmax", K::Softmax }, { "Hardmax", K::Softmax },
        { "Resize", K::Resize }, { "Upsample", K::Resize }, { "Concat", K::Concat },
        { "Reshape", K::Reshape }, { "Flatten", K::Reshape }, { "Transpose", K::Reshape },
        { "Squeeze", K::Reshape }, { "Unsqueeze", K::Reshape }, { "Slice", K::Reshape },
        { "Gather", K::Reshape }, { "GatherElements", K::Reshape }, { "GatherND", K::Reshape },
        { "Shape", K::Reshape }, { "Size", K::Reshape }, { "Split", K::Reshape },
        { "Pad", K::Reshape }, { "Expand", K::Reshape }, { "Tile", K::Reshape },
        { "Identity", K::Reshape }, { "Dropout", K::Reshape }, { "DepthToSpace", K::Reshape },
        { "SpaceToDepth", K::Reshape }, { "ConstantOfShape", K::Reshape }, { "Range", K::Reshape },
        { "ScatterND", K::Reshape }, { "ScatterElements", K::Reshape }, { "OneHot", K::Reshape },
        { "EyeLike", K::Reshape }, { "Trilu", K::Reshape }, { "ReverseSequence", K::Reshape },
        { "Einsum",
            K::MatMul }, // becomes FullyConnected with a constant operand, Pool/Reshape with one
        { "If", K::Other }, { "Loop", K::Other },
        { "Scan", K::Other }, // bodies expanded by GraphTranslator
    };
    return kTable;
}

// ONNX Runtime contrib operators (domain com.microsoft) that exported models use.
const std::unordered_map<std::string, LayerKind>& contribTable()
{
    using K = LayerKind;
    static const std::unordered_map<std::string, LayerKind> kTable = {
        { "Attention", K::FullyConnected },
        { "MultiHeadAttention", K::MatMul },
        { "FusedMatMul", K::FullyConnected },
        { "QOrderedMatMul", K::FullyConnected },
        { "SkipLayerNormalization", K::Normalization },
        { "SkipSimplifiedLayerNormalization", K::Normalization },
        { "Gelu", K::Activation },
        { "FastGelu", K::Activation },
        { "BiasGelu", K::Activation },
        { "QuickGelu", K::Activation },
        { "MatMulIntegerToFloat", K::FullyConnected },
        { "DynamicQuantizeMatMul", K::FullyConnected },
        { "EmbedLayerNormalization", K::Normalization },
        { "LayerNormalization", K::Normalization },
        { "SimplifiedLayerNormalization", K::Normalization },
    };
    return kTable;
}

} // namespace

std::optional<LayerKind> OperatorTable::kindOf(const std::string& opType, const std::string& domain)
{
    bool contrib = domain == "com.microsoft";
    if (!domain.empty() && domain != "ai.onnx" && !contrib)
        return std::nullopt;
    const auto& kinds = contrib ? contribTable() : table();
    auto it = kinds.find(opType);
    if (it == kinds.end())
        return std::nullopt;
    return it->second;
}

OperandLayout OperatorTable::operandsOf(const std::string& opType)
{
    if (opType == "QLinearConv")
        return { 0, 3, 8 };
    if (opType == "QLinearMatMul")
        return { 0, 3, -1 };
    if (opType == "QOrderedMatMul")
        return { 0, 2, 5 };
    if (opType == "Conv" || opType == "ConvTranspose" || opType == "Gemm")
        return { 0, 1, 2 };
    return { 0, 1,
        -1 }; // MatMul, ConvInteger, MatMulInteger, FusedMatMul, the contrib quantized MatMuls
}

bool OperatorTable::isWeightOperand(const std::string& opType, int index, size_t rank)
{
    if (opType == "Conv" || opType == "ConvTranspose" || opType == "Gemm")
        return index == 1 || index == 2;
    if (opType == "MatMul") // a second activation operand is batched or fed by a node
        return index == 1 && rank == 2;
    if (opType == "BatchNormalization")
        return index >= 1 && index <= 4;
    if (opType == "LayerNormalization" || opType == "InstanceNormalization" || opType == "PRelu")
        return index >= 1 && index <= 2;
    if (opType == "LSTM" || opType == "GRU" || opType == "RNN")
        return index >= 1 && index <= 3;
    return false;
}

bool OperatorTable::isShapeOnly(const std::string& opType)
{
    return opType == "Shape" || opType == "Size";
}

} // namespace mensa
