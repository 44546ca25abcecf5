#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

// Channel bookkeeping of an ONNX graph for structured pruning. Every tensor's channel axis is
// a list of segments of "channel spaces": a space is opened by a layer that creates channels
// (Conv, Gemm, MatMul with a weight initializer) or by something the pruner cannot remove
// channels from (a graph input, an operator it does not know). Operators that keep channels
// (activations, BatchNorm, pooling, depthwise Conv) pass the list on, Concat joins lists, and
// elementwise operators (a residual Add, a squeeze-excite Mul) tie the spaces of their inputs
// into one group that must be pruned identically. A group is blocked, with the node that
// blocks it, when one of its spaces cannot lose channels.
class ChannelGraph {
public:
    struct Segment {
        int space = 0;
        int64_t begin = 0; // first channel of the space in this segment
        int64_t count = 0;
    };
    using Channels = std::vector<Segment>; // a tensor's channel axis, in order

    // One channel space: the output channels of one layer.
    struct Space {
        int64_t count = 0;
        int producer = -1; // node index; -1 for a graph input or an unknown source
        bool prunable = false;
        std::string blocker; // why the group cannot lose channels ("" when it can)
    };

    // A weight or parameter tensor sliced along one axis by a tensor's channels.
    struct Slice {
        std::string tensor; // initializer name
        int axis = 0;
        Channels channels; // channel list selecting the kept positions along that axis
    };

    // A depthwise Conv whose `group` attribute becomes its kept channel count.
    struct GroupAttribute {
        int node = 0;
        Channels channels;
    };

    // Builds the bookkeeping from a model (node order must be topological).
    explicit ChannelGraph(const onnx::ModelProto& model);

    const std::vector<Space>& spaces() const { return m_spaces; }
    // Group representative of a space (union-find).
    int group(int space) const;
    // The node that tied two spaces of one group together ("" when a space is alone).
    const std::string& joinedBy(int group) const;
    const std::vector<Slice>& slices() const { return m_slices; }
    const std::vector<GroupAttribute>& groupAttributes() const { return m_groupAttributes; }
    // Display name of a node (its name, else its first output).
    std::string nodeName(int node) const;
    // Node index of a name (node name or first output), -1 when unknown.
    int findNode(const std::string& name) const;
    // The weight initializer of a layer that creates channels (Conv, Gemm, MatMul), or "".
    std::string weightOf(int node) const;
    // The axis of weightOf(node) that holds output channels.
    int outputAxisOf(int node) const;

private:
    void collectShapes(const onnx::ModelProto& model);
    void visit(int nodeIndex);
    void visitConv(int nodeIndex);
    void visitDense(int nodeIndex);
    void visitElementwise(int nodeIndex);
    void visitConcat(int nodeIndex);
    void visitFlatten(int nodeIndex);
    void visitPassThrough(int nodeIndex, const std::vector<int>& paramInputs);
    void visitUnknown(int nodeIndex);
    int openSpace(int64_t count, int producer, bool prunable, const std::string& blocker = "");
    Channels fixedChannels(const std::string& tensor, int producer, const std::string& why);
    const Channels& channelsOf(const std::string& tensor);
    void block(const Channels& channels, const std::string& why);
    void unite(const Channels& a, const Channels& b, const std::string& node);
    void sliceParam(const std::string& tensor, int axis, const Channels& channels);
    bool isInitializer(const std::string& name) const;
    const std::vector<int64_t>* shape(const std::string& tensor) const;
    int64_t channelCount(const Channels& channels) const;
    int64_t attributeInt(
        const onnx::NodeProto& node, const std::string& name, int64_t fallback) const;

    const onnx::GraphProto& m_graph;
    std::map<std::string, const onnx::TensorProto*> m_initializers;
    std::map<std::string, std::vector<int64_t>> m_shapes;
    std::map<std::string, Channels> m_channels;
    std::map<std::string, int> m_axis; // channel axis of a tensor (default 1)
    std::vector<Space> m_spaces;
    mutable std::vector<int> m_parent;
    std::map<int, std::string> m_joinedBy;
    std::vector<Slice> m_slices;
    std::vector<GroupAttribute> m_groupAttributes;
    std::map<int, std::string> m_weights; // node -> weight initializer
    std::map<int, int> m_outputAxis;
};

} // namespace mensa
