// Every model of the ONNX operator test suite (Debian's libonnx-testdata, installed by
// scripts/install-deps.sh) imports or is refused with a one-line MensaError, and the MACs of
// every imported model equal a reference computed here from the protobuf alone: shapes from
// ONNX's own shape inference over the file's inputs and value_info, formulas from the ONNX
// operator definitions (not from the importer's LayerTranslator).
#include "model/Model.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <gtest/gtest.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace mensa {
namespace {

namespace fs = std::filesystem;
using Dims = std::vector<int64_t>;

const fs::path kCorpus = "/usr/share/libonnx-testdata/data";

class ShapeMap {
public:
    explicit ShapeMap(const onnx::GraphProto& g, const ShapeMap* outer = nullptr)
        : m_outer(outer)
    {
        for (const auto* list : { &g.input(), &g.value_info(), &g.output() })
            for (const auto& info : *list)
                add(info);
        for (const auto& init : g.initializer())
            m_dims[init.name()] = { init.dims().begin(), init.dims().end() };
        for (const auto& node : g.node())
            for (const auto& attr : node.attribute())
                if (node.op_type() == "Constant" && attr.name() == "value" && attr.has_t())
                    m_dims[node.output(0)] = { attr.t().dims().begin(), attr.t().dims().end() };
    }
    // Shape of input `i` of the node; nullopt when unknown or not static.
    std::optional<Dims> in(const onnx::NodeProto& n, int i) const
    {
        return get(i < n.input_size() ? n.input(i) : "");
    }
    std::optional<Dims> out(const onnx::NodeProto& n, int i) const
    {
        return get(i < n.output_size() ? n.output(i) : "");
    }

private:
    void add(const onnx::ValueInfoProto& info)
    {
        if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape())
            return;
        Dims d;
        for (const auto& dim : info.type().tensor_type().shape().dim()) {
            if (!dim.has_dim_value())
                return;
            d.push_back(dim.dim_value());
        }
        m_dims[info.name()] = d;
    }
    std::optional<Dims> get(const std::string& name) const
    {
        auto it = m_dims.find(name);
        if (!name.empty() && it == m_dims.end() && m_outer)
            return m_outer->get(name);
        return name.empty() || it == m_dims.end() ? std::nullopt : std::optional<Dims>(it->second);
    }
    std::unordered_map<std::string, Dims> m_dims;
    const ShapeMap* m_outer;
};

int64_t prod(const Dims& d, size_t from = 0)
{
    int64_t n = 1;
    for (size_t i = from; i < d.size(); ++i)
        n *= d[i];
    return n;
}

int64_t intAttr(const onnx::NodeProto& n, const std::string& name, int64_t fallback)
{
    for (const auto& a : n.attribute())
        if (a.name() == name)
            return a.i();
    return fallback;
}

// Einsum: one MAC per term of the sum = the product of every label's extent (the ellipsis dims
// broadcast right-aligned); a single operand only relabels or sums, no MACs.
std::optional<int64_t> einsumMacs(const onnx::NodeProto& n, const ShapeMap& shapes)
{
    std::string eq;
    for (const auto& a : n.attribute())
        if (a.name() == "equation")
            eq = a.s();
    eq.erase(std::remove(eq.begin(), eq.end(), ' '), eq.end());
    std::string lhs = eq.substr(0, eq.find("->"));
    std::vector<std::string> terms(1);
    for (char c : lhs) {
        if (c == ',')
            terms.emplace_back();
        else
            terms.back().push_back(c);
    }
    if (terms.size() < 2)
        return 0;
    std::map<char, int64_t> extent;
    Dims ellipsis;
    for (size_t t = 0; t < terms.size(); ++t) {
        auto d = shapes.in(n, static_cast<int>(t));
        if (!d)
            return std::nullopt;
        size_t letters = std::count_if(terms[t].begin(), terms[t].end(), ::isalpha);
        size_t pos = 0, dim = 0;
        for (; pos < terms[t].size(); ++pos) {
            if (terms[t][pos] == '.') { // the dims "..." covers
                Dims part(d->begin() + dim, d->begin() + dim + (d->size() - letters));
                dim += part.size();
                pos += 2;
                if (part.size() > ellipsis.size())
                    ellipsis.insert(ellipsis.begin(), part.size() - ellipsis.size(), 1);
                for (size_t k = 0; k < part.size(); ++k)
                    ellipsis[ellipsis.size() - part.size() + k]
                        = std::max(ellipsis[ellipsis.size() - part.size() + k], part[k]);
            }
            else {
                extent[terms[t][pos]] = std::max(extent[terms[t][pos]], (*d)[dim++]);
            }
        }
    }
    int64_t macs = prod(ellipsis);
    for (const auto& [label, e] : extent)
        macs *= e;
    return macs;
}

// Reference MACs of one node; 0 for operators without multiply-accumulate work.
std::optional<int64_t> nodeMacs(const onnx::NodeProto& n, const ShapeMap& s)
{
    const std::string& op = n.op_type();
    if (op == "Conv" || op == "ConvInteger" || op == "QLinearConv") {
        auto w = s.in(n, op == "QLinearConv" ? 3 : 1);
        auto y = s.out(n, 0);
        if (!w || !y)
            return std::nullopt;
        return prod(*y) * (*w)[1] * prod(*w, 2); // every output: C/group x kernel
    }
    if (op == "ConvTranspose") {
        auto x = s.in(n, 0), w = s.in(n, 1);
        if (!x || !w)
            return std::nullopt;
        return prod(*x) * (*w)[1] * prod(*w, 2); // every input scattered to M/group x kernel
    }
    if (op == "Gemm") {
        auto a = s.in(n, 0), b = s.in(n, 1);
        if (!a || !b)
            return std::nullopt;
        int64_t m = intAttr(n, "transA", 0) ? (*a)[1] : (*a)[0];
        return m * (intAttr(n, "transA", 0) ? (*a)[0] : (*a)[1])
            * (intAttr(n, "transB", 0) ? (*b)[0] : (*b)[1]);
    }
    if (op == "MatMul" || op == "MatMulInteger" || op == "QLinearMatMul") {
        auto a = s.in(n, 0), y = s.out(n, 0);
        if (!a || !y)
            return std::nullopt;
        return prod(*y) * a->back();
    }
    if (op == "LSTM" || op == "GRU" || op == "RNN") {
        auto x = s.in(n, 0), w = s.in(n, 1), r = s.in(n, 2);
        if (!x || !w || !r)
            return std::nullopt;
        return (*x)[0] * (*x)[1] * (*w)[0] * (*w)[1] * ((*x)[2] + (*r)[2]);
    }
    if (op == "Einsum")
        return einsumMacs(n, s);
    return 0;
}

struct Reference {
    std::optional<int64_t> macs;
    int opset = 0; // Scan 8 has a batch axis before its scan axis
    int computeNodes = 0;
    std::string whyNot;
};

// An int64 scalar initializer or Constant of `g` (a Loop trip count).
std::optional<int64_t> scalarValue(const onnx::GraphProto& g, const std::string& name)
{
    auto read = [](const onnx::TensorProto& t) -> std::optional<int64_t> {
        if (t.int64_data_size() == 1)
            return t.int64_data(0);
        int64_t v = 0;
        if (t.data_type() != onnx::TensorProto::INT64 || t.raw_data().size() != sizeof v)
            return std::nullopt;
        std::memcpy(&v, t.raw_data().data(), sizeof v);
        return v;
    };
    for (const auto& init : g.initializer())
        if (!name.empty() && init.name() == name)
            return read(init);
    for (const auto& n : g.node())
        if (n.op_type() == "Constant" && n.output(0) == name)
            for (const auto& a : n.attribute())
                if (a.name() == "value" && a.has_t())
                    return read(a.t());
    return std::nullopt;
}

const onnx::GraphProto* body(const onnx::NodeProto& n, const std::string& name)
{
    for (const auto& a : n.attribute())
        if (a.name() == name && a.has_g())
            return &a.g();
    return nullptr;
}

// The documented control-flow policy: If = larger branch, Loop = constant trip count x body
// (else one iteration), Scan = scan length x body.
std::optional<int64_t> graphMacs(const onnx::GraphProto& g, const ShapeMap* outer, Reference& ref);

std::optional<int64_t> controlFlowMacs(
    const onnx::GraphProto& g, const onnx::NodeProto& n, const ShapeMap& shapes, Reference& ref)
{
    if (n.op_type() == "If") {
        auto a = graphMacs(*body(n, "then_branch"), &shapes, ref);
        auto b = graphMacs(*body(n, "else_branch"), &shapes, ref);
        return a && b ? std::optional<int64_t>(std::max(*a, *b)) : std::nullopt;
    }
    auto macs = graphMacs(*body(n, "body"), &shapes, ref);
    if (!macs)
        return std::nullopt;
    if (n.op_type() == "Loop")
        return *macs * std::max<int64_t>(0, scalarValue(g, n.input(0)).value_or(1));
    int64_t scanInputs = intAttr(n, "num_scan_inputs", 0);
    auto first = shapes.in(n, n.input_size() - static_cast<int>(scanInputs));
    if (ref.opset < 9)
        return *macs * (first && first->size() >= 2 ? (*first)[0] * (*first)[1] : 1);
    return *macs * (first && !first->empty() ? (*first)[0] : 1);
}

std::optional<int64_t> graphMacs(const onnx::GraphProto& g, const ShapeMap* outer, Reference& ref)
{
    ShapeMap shapes(g, outer);
    int64_t total = 0;
    for (const auto& node : g.node()) {
        bool control
            = node.op_type() == "If" || node.op_type() == "Loop" || node.op_type() == "Scan";
        auto macs = control ? controlFlowMacs(g, node, shapes, ref) : nodeMacs(node, shapes);
        if (!macs)
            return std::nullopt;
        ref.computeNodes += !control && *macs > 0;
        total += *macs;
    }
    return total;
}

Reference referenceMacs(const fs::path& path)
{
    onnx::ModelProto proto;
    std::ifstream in(path, std::ios::binary);
    if (!proto.ParseFromIstream(&in))
        return { std::nullopt, 0, 0, "not parseable" };
    try {
        onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance());
    }
    catch (const std::exception&) {
        // partial value_info is still useful
    }
    Reference ref;
    for (const auto& import : proto.opset_import())
        if (import.domain().empty() || import.domain() == "ai.onnx")
            ref.opset = static_cast<int>(import.version());
    ref.macs = graphMacs(proto.graph(), nullptr, ref);
    if (!ref.macs)
        ref.whyNot = "a compute node without static shapes";
    return ref;
}

std::vector<fs::path> corpusModels()
{
    std::vector<fs::path> models;
    for (const auto& entry : fs::recursive_directory_iterator(kCorpus))
        if (entry.is_regular_file() && entry.path().extension() == ".onnx")
            models.push_back(entry.path());
    std::sort(models.begin(), models.end());
    return models;
}

TEST(OnnxCorpus, EveryModelImportsOrIsRefusedAndMacsMatchAnIndependentCount)
{
    if (!fs::is_directory(kCorpus))
        GTEST_SKIP() << "the ONNX operator test models are not installed at " << kCorpus
                     << " (apt-get install libonnx-testdata, as scripts/install-deps.sh does)";
    std::vector<fs::path> models = corpusModels();
    ASSERT_GT(models.size(), 1000u) << "the libonnx-testdata corpus looks incomplete";
    int imported = 0, refused = 0, compared = 0, withMacs = 0, upgraded = 0, computeNodes = 0;
    int converterRefusals = 0;
    std::map<std::string, int> notCompared, refusals;
    for (const auto& path : models) {
        Reference ref = referenceMacs(path);
        try {
            Model model = importOnnxFile(path.string());
            ++imported;
            for (const auto& w : model.warnings)
                upgraded += w.find("by the ONNX version converter") != std::string::npos;
            if (!ref.macs) {
                ++notCompared[ref.whyNot];
                continue;
            }
            ++compared;
            withMacs += *ref.macs > 0;
            computeNodes += ref.computeNodes;
            EXPECT_EQ(totals(model).macs, *ref.macs) << path;
        }
        catch (const MensaError& e) {
            ++refused;
            std::string message = e.what();
            EXPECT_EQ(message.find('\n'), std::string::npos) << path << ": " << message;
            EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u)
                << "the refusal names the file: " << message;
            ++refusals[e.problem().substr(0, 60)];
            converterRefusals += e.problem().find("version converter") != std::string::npos;
            if (e.problem().find("version converter") != std::string::npos)
                std::cout << "[ refused  ] " << message << "\n";
        }
        catch (const std::exception& e) {
            ADD_FAILURE() << path << ": not a MensaError: " << e.what();
        }
    }
    std::cout << "[ corpus   ] " << models.size() << " models: " << imported << " imported ("
              << upgraded << " upgraded from an opset below 7), " << refused
              << " refused by policy\n"
              << "[ corpus   ] MACs compared on " << compared << " imported models (" << withMacs
              << " with compute, " << computeNodes << " compute nodes), not compared:";
    if (notCompared.empty())
        std::cout << " none";
    for (const auto& [why, count] : notCompared)
        std::cout << " " << count << " " << why << ";";
    std::cout << "\n";
    for (const auto& [cause, count] : refusals)
        std::cout << "[ refused  ] " << count << " x " << cause << "\n";
    EXPECT_EQ(imported + refused, static_cast<int>(models.size()));
    // The suite's opset 1-6 files all hold operators the converter has adapters for.
    EXPECT_EQ(converterRefusals, 0) << "old-opset models the version converter could not upgrade";
}

} // namespace
} // namespace mensa
