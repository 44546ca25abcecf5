#include "samples/SampleGraph.h"

#include "onnx/WeightDataScanner.h"
#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>

namespace mensa {
namespace {

onnx::NodeProto& producerNode(onnx::GraphProto& graph, const std::string& tensor)
{
    for (auto& node : *graph.mutable_node())
        for (const auto& out : node.output())
            if (out == tensor)
                return node;
    throw MensaError("", "sample graph: no node produces '" + tensor + "'");
}

onnx::AttributeProto& attribute(onnx::NodeProto& node, const std::string& name)
{
    for (auto& attr : *node.mutable_attribute())
        if (attr.name() == name)
            return attr;
    auto* attr = node.add_attribute();
    attr->set_name(name);
    return *attr;
}

void setInts(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values)
{
    auto& attr = attribute(node, name);
    attr.set_type(onnx::AttributeProto::INTS);
    attr.clear_ints();
    for (int64_t v : values)
        attr.add_ints(v);
}

void setFloat(onnx::NodeProto& node, const std::string& name, float value)
{
    auto& attr = attribute(node, name);
    attr.set_type(onnx::AttributeProto::FLOAT);
    attr.set_f(value);
}

int64_t elementCount(const onnx::TensorProto& tensor)
{
    int64_t count = 1;
    for (int64_t d : tensor.dims())
        count *= d;
    return count;
}

// Gives a [K, C, k, k] weight tensor the kernel [K, C, kh, kw], keeping any data consistent.
void resizeKernel(onnx::TensorProto& tensor, int64_t kh, int64_t kw)
{
    const int64_t before = elementCount(tensor);
    tensor.set_dims(2, kh);
    tensor.set_dims(3, kw);
    const int64_t after = elementCount(tensor);
    if (!tensor.raw_data().empty())
        tensor.mutable_raw_data()->resize(tensor.raw_data().size() / before * after);
    if (tensor.float_data_size() > 0)
        tensor.mutable_float_data()->Truncate(static_cast<int>(after));
    for (auto& entry : *tensor.mutable_external_data())
        if (entry.key() == "length")
            entry.set_value(std::to_string(std::stoll(entry.value()) / before * after));
}

void resizeDeclaredKernel(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& infos,
    const std::string& name, int64_t kh, int64_t kw)
{
    for (auto& info : infos) {
        if (info.name() != name || !info.type().tensor_type().has_shape())
            continue;
        auto* shape = info.mutable_type()->mutable_tensor_type()->mutable_shape();
        if (shape->dim_size() == 4) {
            shape->mutable_dim(2)->set_dim_value(kh);
            shape->mutable_dim(3)->set_dim_value(kw);
        }
    }
}

void patchKernel(onnx::GraphProto& graph, const std::string& output, int64_t kh, int64_t kw)
{
    auto& node = producerNode(graph, output);
    setInts(node, "kernel_shape", { kh, kw });
    setInts(node, "pads", { kh / 2, kw / 2, kh / 2, kw / 2 });
    const std::string& weight = node.input(1);
    for (auto& tensor : *graph.mutable_initializer())
        if (tensor.name() == weight)
            resizeKernel(tensor, kh, kw);
    resizeDeclaredKernel(*graph.mutable_input(), weight, kh, kw);
    resizeDeclaredKernel(*graph.mutable_value_info(), weight, kh, kw);
}

} // namespace

SampleGraph::SampleGraph(std::string modelName)
    : GraphBuilder(std::move(modelName), 13)
{
}

std::string SampleGraph::convRect(
    const std::string& x, int64_t outChannels, int64_t kh, int64_t kw, bool bias)
{
    // A square kernel of the larger side with "same" padding has the same output shape.
    std::string y = conv(x, outChannels, std::max(kh, kw), 1, 1, -1, 1, bias);
    if (kh != kw)
        m_kernelPatches.push_back({ y, kh, kw });
    return y;
}

std::string SampleGraph::hardSigmoid(const std::string& x)
{
    std::string y = custom("HardSigmoid", { x }, shape(x));
    m_hardSigmoids.push_back(y);
    return y;
}

std::string SampleGraph::maxPoolHeight(const std::string& x, int64_t k)
{
    const auto s = shape(x); // [N, C, H, W]
    const int64_t n = s[0], c = s[1], h = s[2], w = s[3];
    std::string columns = reshape(transpose(x, { 0, 3, 1, 2 }), { n * w, c, h, 1 });
    std::string repeated = concat(std::vector<std::string>(static_cast<size_t>(k), columns), 3);
    std::string pooled = maxPool(repeated, k, k);
    return transpose(reshape(pooled, { n, w, c, h / k }), { 0, 2, 3, 1 });
}

int64_t SampleGraph::equivalentCells(int64_t input, int64_t cells, int64_t projection)
{
    // Solve 4h(I + h) + h*P = 4c(I + P) + c*P for h, rounded to a multiple of 8.
    const double target = 4.0 * cells * (input + projection) + double(cells) * projection;
    const double b = 4.0 * input + projection;
    const double h = (-b + std::sqrt(b * b + 16.0 * target)) / 8.0;
    return std::max<int64_t>(8, static_cast<int64_t>(std::llround(h / 8.0)) * 8);
}

std::string SampleGraph::lstmProjected(const std::string& x, int64_t cells, int64_t projection)
{
    const int64_t input = shape(x).back();
    return matmulWeights(lstm(x, equivalentCells(input, cells, projection)), projection);
}

onnx::ModelProto SampleGraph::buildPatched(WeightStorage storage) const
{
    onnx::ModelProto model = build(storage);
    // Generated files must not change with the application's version number.
    model.set_producer_name("mensa generate-samples");
    model.clear_producer_version();
    if (storage == WeightStorage::ExternalMissing) { // say so, so no importer needs to warn
        auto* entry = model.add_metadata_props();
        entry->set_key(kWeightsMetadataKey);
        entry->set_value(kShapesOnlyValue);
    }
    auto* graph = model.mutable_graph();
    for (const auto& patch : m_kernelPatches)
        patchKernel(*graph, patch.output, patch.kh, patch.kw);
    for (const auto& out : m_hardSigmoids) {
        auto& node = producerNode(*graph, out);
        setFloat(node, "alpha", 1.0f / 6.0f);
        setFloat(node, "beta", 0.5f);
    }
    return model;
}

} // namespace mensa
