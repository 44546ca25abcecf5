#pragma once

#include <cstdint>
#include <string>

namespace mensa {

// Element operations per output element on the vector path, by ONNX op type. Estimates:
//  1 for a compare/add/select (Relu, Add, Max, Cast, nearest Resize),
//  2 for a multiply-add or clamp pair (Clip, LeakyRelu, PRelu, BatchNormalization as scale+shift,
//    HardSigmoid), 4 for HardSwish, 4 for a transcendental (Sigmoid, Tanh, Exp, Erf, Elu...),
//  8 for GELU/Mish, 5 for normalisations that compute statistics (LayerNorm: mean, variance,
//  normalise, scale, shift), 4 for Softmax (max, subtract+exp, sum, divide) and 4 for linear
//  Resize (bilinear weights), 16 for cubic. Layout-only ops (Reshape, Concat...) cost 0.
class VectorOpCosts {
public:
    static int64_t perElement(const std::string& opType, const std::string& resizeMode = "");
    // Gate work per hidden unit and time step of a recurrent cell (sigmoids, tanhs, products).
    static int64_t perRecurrentUnit(const std::string& opType);
};

} // namespace mensa
