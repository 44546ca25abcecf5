#pragma once

#include <string_view>

namespace mensa {

// What a layer does, at the granularity the cost models and the family classifier need.
enum class LayerKind {
    Conv, // dense or grouped convolution
    DepthwiseConv, // groups == input channels == output channels
    ConvTranspose,
    FullyConnected, // Gemm, or MatMul with a constant right operand
    MatMul, // MatMul between two activations (attention-like), no parameters
    Lstm,
    Gru,
    Rnn,
    Pool,
    Elementwise,
    Activation,
    Normalization,
    Softmax,
    Resize,
    Concat,
    Reshape, // Reshape, Flatten, Transpose, Squeeze, Slice, Gather... (data layout only)
    Other, // known to exist but not modelled, or unknown operator
};

std::string_view toString(LayerKind kind);

// Compute layers are the ones mapped onto the PE array; the rest go to the vector path.
bool isCompute(LayerKind kind);
bool isRecurrent(LayerKind kind);

} // namespace mensa
