#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace mensa {

// Folds the QuantizeLinear/DequantizeLinear annotations of a QDQ-format int8 model (the form
// ONNX Runtime's and TensorRT's quantizers write) into the int8 model they describe: an int8
// accelerator runs the quantized convolution, not a float one between fake-quantize passes.
// - DequantizeLinear of an initializer (quantized weights): its consumers read the initializer.
// - QuantizeLinear -> DequantizeLinear on an activation: the pair's consumers read the pair's
//   input, and the QuantizeLinear goes when nothing else reads it.
// A DequantizeLinear whose output is a model output stays: it is the real conversion back to
// float at the end (the DEQUANTIZE an Edge TPU model leaves to the host).
class QdqFolder {
public:
    // Returns a one-line note for the model's warnings ("" when nothing was folded).
    static std::string fold(onnx::GraphProto& graph);
};

} // namespace mensa
