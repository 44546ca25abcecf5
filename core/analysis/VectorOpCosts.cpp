#include "analysis/VectorOpCosts.h"

#include <unordered_map>

namespace mensa {

int64_t VectorOpCosts::perElement(const std::string& opType, const std::string& resizeMode)
{
    static const std::unordered_map<std::string, int64_t> kCosts = {
        { "Relu", 1 },
        { "ThresholdedRelu", 1 },
        { "Clip", 2 },
        { "LeakyRelu", 2 },
        { "PRelu", 2 },
        { "HardSigmoid", 2 },
        { "HardSwish", 4 },
        { "Sigmoid", 4 },
        { "Tanh", 4 },
        { "Elu", 4 },
        { "Selu", 4 },
        { "Celu", 4 },
        { "Softplus", 4 },
        { "Softsign", 3 },
        { "Gelu", 8 },
        { "Mish", 8 },
        { "Exp", 4 },
        { "Log", 4 },
        { "Erf", 4 },
        { "Sqrt", 4 },
        { "Pow", 4 },
        { "Sin", 4 },
        { "Cos", 4 },
        { "Reciprocal", 2 },
        { "QuantizeLinear", 2 },
        { "DequantizeLinear", 2 },
        { "BatchNormalization", 2 },
        { "LayerNormalization", 5 },
        { "InstanceNormalization", 5 },
        { "GroupNormalization", 5 },
        { "MeanVarianceNormalization", 5 },
        { "LpNormalization", 3 },
        { "LRN", 5 },
        { "Softmax", 4 },
        { "LogSoftmax", 4 },
        { "Hardmax", 2 },
    };
    if (opType == "Resize" || opType == "Upsample") {
        if (resizeMode == "linear" || resizeMode == "bilinear")
            return 4;
        return resizeMode == "cubic" ? 16 : 1;
    }
    auto it = kCosts.find(opType);
    return it == kCosts.end() ? 1 : it->second;
}

int64_t VectorOpCosts::perRecurrentUnit(const std::string& opType)
{
    if (opType == "LSTM")
        return 24; // 3 sigmoids + 2 tanh (4 each) + 4 products/sums
    if (opType == "GRU")
        return 18; // 2 sigmoids + 1 tanh + 6 products/sums
    return 5; // RNN: tanh + bias add
}

} // namespace mensa
