#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace mensa {

// How a built model stores its weights.
enum class WeightStorage {
    Values, // real initializer data (zeros / small pseudo-random values); files get large
    ExternalMissing, // initializers point at an external data file that is not shipped:
                     // shapes are enough for characterization and simulation. Standard ONNX
                     // external-data form (location "<model>.weights.bin", page-aligned offset,
                     // length); onnx's checker accepts it once that file exists (it checks that).
    GraphInputs, // weights declared as graph inputs with their shapes, no initializers
                 // (small shape/scale constants stay inline initializers in every form)
};

// Builds ONNX models in code (tests, benchmarks and the sample-model generator).
// Every method returns the name of the tensor it produces and tracks its shape, so layer
// parameters get the right shapes. Layouts are NCHW; sequences are [T, N, features].
class GraphBuilder {
public:
    explicit GraphBuilder(std::string modelName, int opset = 13);
    ~GraphBuilder();
    GraphBuilder(GraphBuilder&&) noexcept;
    GraphBuilder& operator=(GraphBuilder&&) noexcept;

    std::string input(const std::string& name, const std::vector<int64_t>& shape);
    void output(const std::string& tensor);
    const std::vector<int64_t>& shape(const std::string& tensor) const;

    // Convolution with "same"-style symmetric padding (kernel/2 * dilation) unless pad >= 0.
    std::string conv(const std::string& x, int64_t outChannels, int64_t kernel, int64_t stride = 1,
        int64_t groups = 1, int64_t pad = -1, int64_t dilation = 1, bool bias = true);
    std::string depthwiseConv(const std::string& x, int64_t kernel, int64_t stride = 1);
    // Transposed convolution, unpadded ((in - 1) x stride + kernel), or with `same` the padding
    // that gives in x stride (Keras' "same": the extra row and column at the end).
    std::string convTranspose(const std::string& x, int64_t outChannels, int64_t kernel,
        int64_t stride, bool same = false, bool bias = true);
    std::string batchNorm(const std::string& x);
    std::string relu(const std::string& x);
    std::string relu6(const std::string& x); // Clip(0, 6)
    std::string sigmoid(const std::string& x);
    std::string tanh(const std::string& x);
    std::string hardSwish(const std::string& x); // x * HardSigmoid(x), as exporters emit it
    std::string add(const std::string& a, const std::string& b);
    std::string mul(const std::string& a, const std::string& b);
    std::string concat(const std::vector<std::string>& xs, int64_t axis);
    // `ceil`: ONNX ceil_mode, the last partial window kept (Caffe's and torchvision's SqueezeNet).
    std::string maxPool(
        const std::string& x, int64_t kernel, int64_t stride, int64_t pad = 0, bool ceil = false);
    std::string avgPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad = 0);
    std::string globalAvgPool(const std::string& x);
    std::string flatten(const std::string& x);
    std::string reshape(const std::string& x, const std::vector<int64_t>& shape);
    std::string transpose(const std::string& x, const std::vector<int64_t>& perm);
    std::string gemm(const std::string& x, int64_t outFeatures, bool bias = true); // x: [N, K]
    std::string matmulWeights(const std::string& x, int64_t outFeatures); // x: [..., K] @ W[K, out]
    std::string matmul(const std::string& a, const std::string& b); // two activations
    std::string softmax(const std::string& x, int64_t axis = -1);
    std::string resize(const std::string& x, double scale); // nearest, spatial dims
    // Bilinear resize of [N, C, H, W] to height x width, by output size (opset 11 and later).
    std::string resizeBilinear(const std::string& x, int64_t height, int64_t width);
    std::string argMax(const std::string& x, int64_t axis); // keeps the reduced axis
    // Recurrent layers over x: [T, N, I]; return Y reshaped to [T, N, directions*hidden].
    std::string lstm(const std::string& x, int64_t hidden, bool bidirectional = false);
    std::string gru(const std::string& x, int64_t hidden, bool bidirectional = false);
    std::string rnn(const std::string& x, int64_t hidden);
    // Any other operator (tests of unknown-op handling); output has the given shape.
    std::string custom(const std::string& opType, const std::vector<std::string>& inputs,
        const std::vector<int64_t>& outShape, const std::string& domain = "");

    // The model as an ONNX ModelProto, and serialised bytes of it.
    onnx::ModelProto build(WeightStorage storage = WeightStorage::ExternalMissing) const;
    std::string serialize(WeightStorage storage = WeightStorage::ExternalMissing) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace mensa
