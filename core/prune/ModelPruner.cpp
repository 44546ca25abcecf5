#include "prune/ModelPruner.h"

#include "cost/SpecCostModel.h"
#include "onnx/OnnxModelReader.h"
#include "prune/ChannelGraph.h"
#include "prune/TensorData.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/TextFormat.h"

#include <onnx/shape_inference/implementation.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>

namespace mensa {
namespace {

using Kept = std::map<int, std::vector<int64_t>>; // space -> kept channels (absent: all)

std::string ratioText(double r)
{
    return formatNumber(r, "%.6g");
}

void checkRatio(double r, const std::string& file, const std::string& what)
{
    if (!(r >= 0 && r < 1))
        throw MensaError(file, what + "pruning ratio " + ratioText(r) + " is outside [0, 1)");
}

// Channels kept of `count` at ratio r: rounded, at least one; Array rounds to whole tiles.
int64_t keptCount(int64_t count, double r, const PruneRequest& request)
{
    const double keep = double(count) * (1.0 - r);
    if (request.granularity != PruneGranularity::Array)
        return std::clamp<int64_t>(std::llround(keep), 1, count);
    const int64_t w = std::max(1, request.arrayWidth);
    if (count <= w)
        return count;
    return std::clamp<int64_t>(std::llround(keep / double(w)) * w, w, count);
}

class Pruner {
public:
    Pruner(onnx::ModelProto& model, const PruneRequest& request, const std::string& name)
        : m_model(model)
        , m_request(request)
        , m_name(name)
    {
        for (auto& t : *m_model.mutable_graph()->mutable_initializer())
            m_tensors[t.name()] = &t;
    }

    PruneSummary run()
    {
        const ChannelGraph graph(m_model); // node indices and weights stay valid while pruning
        checkRequest(graph);
        m_summary.weightsBefore = countWeights(graph);
        if (m_request.granularity == PruneGranularity::Element)
            pruneElements(graph);
        else
            pruneChannels(graph);
        m_summary.weightsAfter = countWeights(graph);
        return m_summary;
    }

private:
    void checkRequest(const ChannelGraph& graph)
    {
        checkRatio(m_request.ratio, m_name, "");
        for (const auto& [layer, r] : m_request.perLayer) {
            checkRatio(r, m_request.perLayerSource, "layer '" + layer + "': ");
            const int node = graph.findNode(layer);
            if (node < 0)
                throw MensaError(m_request.perLayerSource, "unknown layer '" + layer + "'");
            if (graph.weightOf(node).empty())
                throw MensaError(
                    m_request.perLayerSource, "layer '" + layer + "' has no weights to prune");
        }
    }

    // Ratio asked for a node: per-layer entry (by node name or first output), else global.
    double ratioFor(const ChannelGraph& graph, int node) const
    {
        if (m_request.perLayer.empty())
            return m_request.ratio;
        const onnx::NodeProto& n = m_model.graph().node(node);
        for (const std::string& key : { n.name(), n.output_size() ? n.output(0) : "" }) {
            auto it = m_request.perLayer.find(key);
            if (!key.empty() && it != m_request.perLayer.end())
                return it->second;
        }
        (void)graph;
        return 0;
    }

    int64_t countWeights(const ChannelGraph& graph) const
    {
        int64_t total = 0;
        for (int i = 0; i < m_model.graph().node_size(); ++i) {
            const std::string w = graph.weightOf(i);
            if (w.empty())
                continue;
            const onnx::TensorProto& t = *m_tensors.at(w);
            total += std::llround(double(TensorData::elementCount(t)) * densityOf(t));
        }
        return total;
    }

    double densityOf(const onnx::TensorProto& t) const
    {
        for (const auto& entry : m_model.metadata_props())
            if (entry.key() == kWeightDensityKey + t.name())
                return parseNumber(entry.value()).value_or(1.0); // the importer vets it
        return 1.0;
    }

    void setDensity(const std::string& tensor, double density)
    {
        const std::string key = kWeightDensityKey + tensor;
        for (auto& entry : *m_model.mutable_metadata_props())
            if (entry.key() == key) {
                entry.set_value(formatExact(density));
                return;
            }
        auto* entry = m_model.add_metadata_props();
        entry->set_key(key);
        entry->set_value(formatExact(density));
    }

    void pruneElements(const ChannelGraph& graph)
    {
        std::set<std::string> done;
        for (int i = 0; i < m_model.graph().node_size(); ++i) {
            const std::string w = graph.weightOf(i);
            const double r = ratioFor(graph, i);
            if (w.empty() || r <= 0 || !done.insert(w).second)
                continue;
            onnx::TensorProto& t = *m_tensors.at(w);
            const int64_t total = TensorData::elementCount(t);
            const double before = densityOf(t);
            const int64_t zeroed = std::llround(double(total) * r);
            int64_t zeros = TensorData::zeroSmallest(t, zeroed);
            if (zeros < 0) { // no values: the density is annotated only
                m_summary.hadWeightData = false;
                zeros = std::max<int64_t>(zeroed, std::llround(double(total) * (1 - before)));
            }
            setDensity(w, total > 0 ? 1.0 - double(zeros) / double(total) : 1.0);
            ++m_summary.layersPruned;
        }
        if (!m_summary.hadWeightData)
            m_summary.notes.push_back(
                "some weights have no values: their density is annotated, not stored as zeros");
    }

    void pruneChannels(const ChannelGraph& graph)
    {
        const Kept kept = chooseChannels(graph);
        applySlices(graph, kept);
        for (const auto& attr : graph.groupAttributes())
            setGroup(attr.node, int64_t(expand(attr.channels, kept).size()));
        relayoutExternal();
        m_model.mutable_graph()->clear_value_info();
        onnx::shape_inference::InferShapes(m_model);
    }

    Kept chooseChannels(const ChannelGraph& graph)
    {
        std::map<int, std::vector<int>> groups; // root -> prunable spaces
        for (int s = 0; s < int(graph.spaces().size()); ++s)
            if (graph.spaces()[size_t(s)].prunable)
                groups[graph.group(s)].push_back(s);
        Kept kept;
        int candidates = 0;
        std::string firstBlocker;
        for (const auto& [root, members] : groups) {
            const double r = groupRatio(graph, root, members);
            const std::string& blocker = graph.spaces()[size_t(root)].blocker;
            if (!blocker.empty()) {
                if (firstBlocker.empty() && blocker.rfind("graph output", 0) != 0)
                    firstBlocker = blocker;
                if (r > 0 && !m_request.perLayer.empty())
                    throw MensaError(m_name,
                        "layer '" + layerOf(graph, members.front())
                            + "' cannot lose channels: " + blocker + " blocks it");
                continue;
            }
            ++candidates;
            const int64_t count = graph.spaces()[size_t(members.front())].count;
            const int64_t keep = keptCount(count, r, m_request);
            if (r <= 0 || keep >= count)
                continue;
            const std::vector<int64_t> chosen = strongest(graph, members, count, keep);
            for (int s : members)
                kept[s] = chosen;
            m_summary.layersPruned += int(members.size());
            m_summary.channelsRemoved += (count - keep) * int64_t(members.size());
        }
        if (candidates == 0 && (m_request.ratio > 0 || !m_request.perLayer.empty()))
            throw MensaError(m_name,
                "no layer's channels can be removed consistently"
                    + (firstBlocker.empty() ? std::string()
                                            : ": " + firstBlocker + " blocks them"));
        return kept;
    }

    std::string layerOf(const ChannelGraph& graph, int space) const
    {
        const int node = graph.spaces()[size_t(space)].producer;
        return node >= 0 ? graph.nodeName(node) : std::string("?");
    }

    // The one ratio of a group; per-layer ratios that differ inside a group are refused.
    double groupRatio(const ChannelGraph& graph, int root, const std::vector<int>& members) const
    {
        double r = -1;
        std::string first;
        for (int s : members) {
            const int node = graph.spaces()[size_t(s)].producer;
            const double rs = ratioFor(graph, node);
            if (r >= 0 && rs != r)
                throw MensaError(
                    m_request.perLayerSource.empty() ? m_name : m_request.perLayerSource,
                    "layers '" + first + "' and '" + graph.nodeName(node)
                        + "' must lose the same channels: '" + graph.joinedBy(root)
                        + "' joins them (give them one ratio)");
            if (r < 0)
                first = graph.nodeName(node);
            r = rs;
        }
        return std::max(r, 0.0);
    }

    // The `keep` channels of largest summed L1 weight over the group's producers (the first
    // ones when no weight has values), ascending.
    std::vector<int64_t> strongest(
        const ChannelGraph& graph, const std::vector<int>& members, int64_t count, int64_t keep)
    {
        std::vector<double> score(size_t(count), 0.0);
        for (int s : members) {
            const int node = graph.spaces()[size_t(s)].producer;
            const std::vector<double> l1 = TensorData::l1PerIndex(
                *m_tensors.at(graph.weightOf(node)), graph.outputAxisOf(node));
            for (size_t i = 0; i < l1.size() && i < score.size(); ++i)
                score[i] += l1[i];
        }
        std::vector<int64_t> order(static_cast<size_t>(count));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
            [&score](int64_t a, int64_t b) { return score[size_t(a)] > score[size_t(b)]; });
        order.resize(size_t(keep));
        std::sort(order.begin(), order.end());
        return order;
    }

    static std::vector<int64_t> expand(const ChannelGraph::Channels& channels, const Kept& kept)
    {
        std::vector<int64_t> indices;
        int64_t offset = 0;
        for (const auto& seg : channels) {
            auto it = kept.find(seg.space);
            if (it == kept.end())
                for (int64_t i = 0; i < seg.count; ++i)
                    indices.push_back(offset + i);
            else
                for (int64_t i : it->second)
                    indices.push_back(offset + i);
            offset += seg.count;
        }
        return indices;
    }

    void applySlices(const ChannelGraph& graph, const Kept& kept)
    {
        std::map<std::pair<std::string, int>, std::vector<int64_t>> done;
        for (const auto& slice : graph.slices()) {
            onnx::TensorProto& t = *m_tensors.at(slice.tensor);
            const std::vector<int64_t> indices = expand(slice.channels, kept);
            auto [it, fresh] = done.insert({ { slice.tensor, slice.axis }, indices });
            if (!fresh) {
                if (it->second != indices)
                    throw MensaError(m_name,
                        "weight '" + slice.tensor
                            + "' is shared by layers that would lose different channels");
                continue;
            }
            int64_t full = 0;
            for (const auto& seg : slice.channels)
                full += seg.count;
            if (slice.axis >= t.dims_size() || t.dims(slice.axis) != full)
                throw MensaError(m_name,
                    "weight '" + slice.tensor + "' does not have the " + std::to_string(full)
                        + " channels its input has");
            if (int64_t(indices.size()) == t.dims(slice.axis))
                continue;
            if (!TensorData::hasValues(t))
                m_summary.hadWeightData = false;
            try {
                TensorData::gather(t, slice.axis, indices);
            }
            catch (const MensaError& e) {
                throw MensaError(m_name, e.problem());
            }
        }
    }

    void setGroup(int node, int64_t groups)
    {
        for (auto& a : *m_model.mutable_graph()->mutable_node(node)->mutable_attribute())
            if (a.name() == "group")
                a.set_i(groups);
    }

    // External data that was not loaded: new lengths, page-aligned offsets, the new location.
    void relayoutExternal()
    {
        int64_t offset = 0;
        for (auto& t : *m_model.mutable_graph()->mutable_initializer()) {
            if (t.data_location() != onnx::TensorProto::EXTERNAL)
                continue;
            const int64_t bytes
                = TensorData::elementCount(t) * TensorData::elementSize(t.data_type());
            for (auto& entry : *t.mutable_external_data()) {
                if (entry.key() == "location" && !m_request.externalLocation.empty())
                    entry.set_value(m_request.externalLocation);
                else if (entry.key() == "offset")
                    entry.set_value(std::to_string(offset));
                else if (entry.key() == "length")
                    entry.set_value(std::to_string(bytes));
            }
            offset += (bytes + 4095) / 4096 * 4096;
        }
    }

    onnx::ModelProto& m_model;
    const PruneRequest& m_request;
    std::string m_name;
    std::map<std::string, onnx::TensorProto*> m_tensors;
    PruneSummary m_summary;
};

// Loads external data found beside the model into raw_data; missing files are left alone.
void loadExternalData(onnx::ModelProto& model, const std::filesystem::path& dir)
{
    for (auto& t : *model.mutable_graph()->mutable_initializer()) {
        if (t.data_location() != onnx::TensorProto::EXTERNAL)
            continue;
        std::string location;
        int64_t offset = 0, length = -1;
        for (const auto& e : t.external_data()) {
            if (e.key() == "location")
                location = e.value();
            else if (e.key() == "offset")
                offset = std::stoll(e.value());
            else if (e.key() == "length")
                length = std::stoll(e.value());
        }
        const int64_t bytes = TensorData::elementCount(t) * TensorData::elementSize(t.data_type());
        const std::filesystem::path file = dir / location;
        if (location.empty() || !regularFileProblem(file.string()).empty())
            continue;
        if (length < 0)
            length = bytes;
        std::ifstream in(file, std::ios::binary);
        std::string data(size_t(std::max<int64_t>(0, length)), '\0');
        if (length != bytes || !in.seekg(offset) || !in.read(data.data(), length))
            continue;
        t.set_raw_data(std::move(data));
        t.clear_external_data();
        t.clear_data_location();
    }
}

} // namespace

PruneGranularity parseGranularity(const std::string& text)
{
    if (text == "element")
        return PruneGranularity::Element;
    if (text == "channel")
        return PruneGranularity::Channel;
    if (text == "array")
        return PruneGranularity::Array;
    throw MensaError("", "unknown granularity '" + text + "' (use element, channel or array)");
}

const char* granularityName(PruneGranularity granularity)
{
    switch (granularity) {
    case PruneGranularity::Element:
        return "element";
    case PruneGranularity::Channel:
        return "channel";
    case PruneGranularity::Array:
        return "array";
    }
    return "?";
}

PruneResult pruneModel(
    const onnx::ModelProto& model, const PruneRequest& request, const std::string& displayName)
{
    PruneResult result;
    result.model = model;
    try {
        result.summary = Pruner(result.model, request, displayName).run();
    }
    catch (const MensaError& e) {
        if (e.file().empty())
            throw MensaError(displayName, e.problem());
        throw;
    }
    catch (const std::exception& e) {
        throw MensaError(displayName, std::string("cannot prune: ") + e.what());
    }
    return result;
}

onnx::ModelProto readModelWithWeights(const std::string& path)
{
    requireRegularFile(path);
    std::ifstream in(path, std::ios::binary);
    google::protobuf::io::IstreamInputStream raw(&in);
    google::protobuf::io::CodedInputStream coded(&raw);
    coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
    onnx::ModelProto model;
    if (!model.ParseFromCodedStream(&coded))
        throw MensaError(path, "not an ONNX model (protobuf parse failed)");
    try {
        OnnxModelReader::validate(model);
    }
    catch (const MensaError& e) {
        throw MensaError(path, e.problem());
    }
    loadExternalData(model, std::filesystem::absolute(path).parent_path());
    return model;
}

std::map<std::string, double> parsePerLayerRatios(
    const std::string& text, const std::string& source)
{
    std::map<std::string, double> ratios;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        line = line.substr(0, line.find('#'));
        std::replace(line.begin(), line.end(), '=', ' ');
        std::istringstream fields(line);
        std::string layer, ratio, extra;
        if (!(fields >> layer))
            continue;
        const std::string where = "line " + std::to_string(number) + ": ";
        if (!(fields >> ratio) || (fields >> extra))
            throw MensaError(source, where + "expected 'LAYER RATIO'");
        const auto r = parseNumber(ratio);
        if (!r)
            throw MensaError(source, where + "'" + ratio + "' is not a number");
        checkRatio(*r, source, where + "layer '" + layer + "': ");
        ratios[layer] = *r;
    }
    if (ratios.empty())
        throw MensaError(source, "no 'LAYER RATIO' lines");
    return ratios;
}

int arrayWidthOf(const AcceleratorSystem& system)
{
    int width = 0;
    for (const auto& accelerator : system.accelerators)
        if (const auto* spec = dynamic_cast<const SpecCostModel*>(accelerator.get()))
            width = std::max(width, spec->spec().pe_cols());
    return width > 0 ? width : 64;
}

} // namespace mensa
