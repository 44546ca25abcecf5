#pragma once

#include "model/LayerKind.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

// The loop nest of a layer in one canonical form, so that every cost model maps one shape.
// MACs = steps * batch * groups * outChannels * inChannels * outH * outW * kernelH * kernelW.
//  Conv:        per group K = outChannels, C = inChannels, P x Q output, R x S kernel.
//  FC / MatMul: batch = rows of the left operand (times any broadcast batch), C = inner dim,
//               K = output features, P = Q = R = S = 1.
//  LSTM/GRU/RNN: one time step is a matrix-vector product of the gate weights
//               [gates*hidden x (input+hidden)] with [input;hidden]: K = gates*hidden*directions,
//               C = input+hidden, steps = sequence length.
//  ConvTranspose: the loop runs over input positions, each scattered through the kernel:
//               outH x outW = the input's spatial size, inH x inW = the produced output size.
//  1-D / 3-D conv and pool: spatial dims fold into H x W (1 x L; D*H x W), kernels likewise.
//  Pool:        outChannels = channels, kernelH x kernelW = window (global pool: the input).
//  Non-compute layers: batch * outChannels * outH * outW is the element count of the output.
struct LoopNest {
    int64_t batch = 1;
    int64_t groups = 1;
    int64_t outChannels = 1;
    int64_t inChannels = 1;
    int64_t outH = 1;
    int64_t outW = 1;
    int64_t kernelH = 1;
    int64_t kernelW = 1;
    int64_t inH = 1;
    int64_t inW = 1;
    int64_t strideH = 1;
    int64_t strideW = 1;
    int64_t dilationH = 1; // Conv: spacing of the kernel taps on the input (1: adjacent)
    int64_t dilationW = 1;
    int64_t steps = 1; // time steps of a recurrent layer
};

// Characteristics of one layer (the axes of the Mensa study). Byte figures use the
// element precision chosen for characterization (int8 by default).
struct LayerMetrics {
    int64_t macs = 0; // over the whole layer (all time steps)
    int64_t macsPerStep = 0; // per time step for recurrent layers, else == macs
    int64_t vectorOps = 0; // element operations on the vector path (non-GEMM work)
    int64_t params = 0; // weights + biases
    int64_t paramBytes = 0;
    int64_t inputActBytes = 0; // activations read (all non-parameter inputs)
    int64_t outputActBytes = 0; // activations written
    double flopPerByte = 0.0; // 2*MACs / (paramBytes + inputActBytes + outputActBytes)
    double paramReuse = 0.0; // MACs per parameter (0 when there are no parameters)
    int bytesPerElement = 1;
    // Fraction of non-zero parameters (1: dense). An element-pruned model says so in an
    // annotation (onnx/WeightDensity.h); only designs whose spec enables sparsity use it.
    double weightDensity = 1.0;

    int64_t activationBytes() const { return inputActBytes + outputActBytes; }
};

struct Layer {
    std::string name;
    std::string opType; // the ONNX op type of the main node (e.g. "Conv")
    LayerKind kind = LayerKind::Other;
    std::vector<std::string> inputs; // activation tensor names (parameters excluded)
    std::vector<std::string> params; // parameter (initializer) tensor names
    std::vector<std::string> outputs; // tensor names produced
    std::vector<std::string> fusedOps; // e.g. {"BatchNormalization", "Relu"} folded into a conv
    // Inputs and params that fused elementwise ops brought in (Add then Mul(., s) adds s): the
    // main node's own operand count is the rest, and each fused op counts its own per element.
    int fusedOperands = 0;
    std::map<std::string, std::string> attributes; // shown to the user, not interpreted
    LoopNest nest;
    LayerMetrics metrics;
    bool unknownOp = false; // operator the importer does not model (zero MACs)
};

} // namespace mensa
