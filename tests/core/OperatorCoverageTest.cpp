// Compute the importer costs beyond plain Conv/Gemm/MatMul: Einsum equations, the bodies of
// If/Loop/Scan, ONNX Runtime contrib operators (com.microsoft) and models below opset 7
// upgraded by ONNX's version converter. Models are raw ONNX protobuf built here; expected MACs
// are worked out by hand from the operator definitions (docs/operator-coverage.md).
#include "model/Model.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>

namespace mensa {
namespace {

using ::testing::HasSubstr;
using Dims = std::vector<int64_t>;

void setType(onnx::ValueInfoProto* info, const std::string& name, const Dims& dims, int type)
{
    info->set_name(name);
    auto* t = info->mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    t->mutable_shape(); // a scalar has a shape with no dims
    for (int64_t d : dims)
        t->mutable_shape()->add_dim()->set_dim_value(d);
}

// Raw-protobuf builder for a graph (the main graph or a body).
class Graph {
public:
    explicit Graph(onnx::GraphProto* g)
        : m_g(g)
    {
    }
    void input(const std::string& name, const Dims& dims, int type = onnx::TensorProto::FLOAT)
    {
        setType(m_g->add_input(), name, dims, type);
    }
    void output(const std::string& name, const Dims& dims, int type = onnx::TensorProto::FLOAT)
    {
        setType(m_g->add_output(), name, dims, type);
    }
    void outputUntyped(const std::string& name, int type = onnx::TensorProto::FLOAT)
    {
        auto* info = m_g->add_output();
        info->set_name(name);
        info->mutable_type()->mutable_tensor_type()->set_elem_type(type);
    }
    // An initializer of zeros with real data (4 bytes per element for float, 1 for int8).
    void weight(const std::string& name, const Dims& dims, int type = onnx::TensorProto::FLOAT)
    {
        auto* t = m_g->add_initializer();
        t->set_name(name);
        t->set_data_type(type);
        int64_t n = 1;
        for (int64_t d : dims) {
            t->add_dims(d);
            n *= d;
        }
        int width = type == onnx::TensorProto::INT8 || type == onnx::TensorProto::BOOL ? 1
            : type == onnx::TensorProto::INT64                                         ? 8
                                                                                       : 4;
        t->set_raw_data(std::string(static_cast<size_t>(n * width), '\0'));
    }
    void scalar(const std::string& name, int64_t value)
    {
        auto* t = m_g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        t->add_int64_data(value);
    }
    void boolean(const std::string& name, bool value)
    {
        auto* t = m_g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::BOOL);
        t->add_int32_data(value ? 1 : 0);
    }
    onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& in,
        const std::vector<std::string>& out, const std::string& domain = "")
    {
        auto* n = m_g->add_node();
        n->set_op_type(op);
        n->set_name(op + "_" + std::to_string(m_g->node_size()));
        n->set_domain(domain);
        for (const auto& i : in)
            n->add_input(i);
        for (const auto& o : out)
            n->add_output(o);
        return n;
    }
    onnx::GraphProto* proto() { return m_g; }

private:
    onnx::GraphProto* m_g;
};

void intAttr(onnx::NodeProto* n, const std::string& name, int64_t v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}

void intsAttr(onnx::NodeProto* n, const std::string& name, const Dims& v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v)
        a->add_ints(x);
}

void stringAttr(onnx::NodeProto* n, const std::string& name, const std::string& v)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}

Graph graphAttr(onnx::NodeProto* n, const std::string& name)
{
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::GRAPH);
    a->mutable_g()->set_name(name);
    return Graph(a->mutable_g());
}

onnx::ModelProto model(int opset = 13, bool contrib = false)
{
    onnx::ModelProto m;
    m.set_ir_version(7);
    auto* op = m.add_opset_import();
    op->set_version(opset);
    if (contrib) {
        op = m.add_opset_import();
        op->set_domain("com.microsoft");
        op->set_version(1);
    }
    m.mutable_graph()->set_name("coverage");
    return m;
}

Model import(const onnx::ModelProto& m)
{
    return importOnnxBytes(m.SerializeAsString(), "coverage.onnx");
}

const Layer& layerOf(const Model& m, const std::string& opType)
{
    auto it = std::find_if(
        m.layers.begin(), m.layers.end(), [&](const Layer& l) { return l.opType == opType; });
    if (it == m.layers.end())
        throw std::runtime_error("no layer " + opType);
    return *it;
}

std::string allWarnings(const Model& m)
{
    std::string text;
    for (const auto& w : m.warnings)
        text += w + "\n";
    return text;
}

// ---- Einsum ---------------------------------------------------------------------------------

// An Einsum over graph inputs (weights: initializers) with the given equation.
Model einsum(const std::string& equation, const std::vector<Dims>& inputs, const Dims& out,
    const std::vector<Dims>& weights = {})
{
    onnx::ModelProto m = model(12);
    Graph g(m.mutable_graph());
    std::vector<std::string> names;
    for (size_t i = 0; i < inputs.size(); ++i) {
        names.push_back("x" + std::to_string(i));
        g.input(names.back(), inputs[i]);
    }
    for (size_t i = 0; i < weights.size(); ++i) {
        names.push_back("w" + std::to_string(i));
        g.weight(names.back(), weights[i]);
    }
    stringAttr(g.node("Einsum", names, { "y" }), "equation", equation);
    g.output("y", out);
    return import(m);
}

TEST(OperatorCoverage, EinsumMatrixProductWithAWeightOperand)
{
    Model m = einsum("ij,jk->ik", { { 3, 4 } }, { 3, 5 }, { { 4, 5 } });
    const Layer& l = layerOf(m, "Einsum");
    EXPECT_EQ(l.kind, LayerKind::FullyConnected);
    EXPECT_EQ(l.metrics.macs, 3 * 4 * 5);
    EXPECT_EQ(l.metrics.params, 4 * 5) << "an initializer operand is a parameter";
    EXPECT_EQ(allWarnings(m), "");
}

TEST(OperatorCoverage, EinsumBatchedImplicitAndEllipsis)
{
    EXPECT_EQ(layerOf(einsum("bij,bjk->bik", { { 2, 3, 4 }, { 2, 4, 5 } }, { 2, 3, 5 }), "Einsum")
                  .metrics.macs,
        2 * 3 * 4 * 5);
    Model batchedModel = einsum("bij,bjk->bik", { { 2, 3, 4 }, { 2, 4, 5 } }, { 2, 3, 5 });
    const Layer& batched = layerOf(batchedModel, "Einsum");
    EXPECT_EQ(batched.kind, LayerKind::MatMul);
    EXPECT_EQ(batched.metrics.params, 0);
    // Implicit output: the labels used once, alphabetically ("ik").
    EXPECT_EQ(
        layerOf(einsum("ij,jk", { { 3, 4 }, { 4, 5 } }, { 3, 5 }), "Einsum").metrics.macs, 60);
    // The ellipsis broadcasts [2, 3] against nothing: 2*3 batches of 4x5 by 5x6.
    EXPECT_EQ(layerOf(einsum("...ij,...jk->...ik", { { 2, 3, 4, 5 }, { 5, 6 } }, { 2, 3, 4, 6 }),
                  "Einsum")
                  .metrics.macs,
        2 * 3 * 4 * 5 * 6);
    // Broadcast of a size-1 ellipsis dim: [1, 4, 5] x [7, 5, 2] -> 7 batches.
    EXPECT_EQ(
        layerOf(einsum("...ij,...jk->...ik", { { 1, 4, 5 }, { 7, 5, 2 } }, { 7, 4, 2 }), "Einsum")
            .metrics.macs,
        7 * 4 * 5 * 2);
    // Dot product and outer product.
    EXPECT_EQ(layerOf(einsum("i,i->", { { 7 }, { 7 } }, {}), "Einsum").metrics.macs, 7);
    EXPECT_EQ(layerOf(einsum("i,j->ij", { { 3 }, { 4 } }, { 3, 4 }), "Einsum").metrics.macs, 12);
}

TEST(OperatorCoverage, EinsumWithOneOperandSumsOrRelabelsWithoutMacs)
{
    Model traceModel = einsum("ii->", { { 4, 4 } }, {});
    const Layer& trace = layerOf(traceModel, "Einsum");
    EXPECT_EQ(trace.kind, LayerKind::Pool) << "a trace sums like ReduceSum";
    EXPECT_EQ(trace.metrics.macs, 0);
    EXPECT_EQ(trace.metrics.vectorOps, 4) << "4 diagonal terms summed";
    Model diagonalModel = einsum("ii->i", { { 4, 4 } }, { 4 });
    const Layer& diagonal = layerOf(diagonalModel, "Einsum");
    EXPECT_EQ(diagonal.kind, LayerKind::Reshape);
    EXPECT_EQ(diagonal.metrics.macs, 0);
    Model rowSumModel = einsum("ij->i", { { 3, 5 } }, { 3 });
    const Layer& rowSum = layerOf(rowSumModel, "Einsum");
    EXPECT_EQ(rowSum.metrics.vectorOps, 15);
}

TEST(OperatorCoverage, EinsumThatDoesNotFitItsOperandsIsRefused)
{
    onnx::ModelProto m = model(12);
    Graph g(m.mutable_graph());
    g.input("a", { 3, 4 });
    g.input("b", { 4, 5 });
    stringAttr(g.node("Einsum", { "a", "b" }, { "y" }), "equation", "ijk,jk->ik");
    g.output("y", { 3, 5 });
    try {
        import(m);
        FAIL() << "a rank-3 term over a rank-2 operand was accepted";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.what(), HasSubstr("coverage.onnx: "));
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
}

// ---- Control flow ---------------------------------------------------------------------------

// y = x @ w in `g` (x: [rows, k], w: [k, n] an initializer of the main graph).
void matmulInto(Graph& g, const std::string& x, const std::string& w, const std::string& y)
{
    g.node("MatMul", { x, w }, { y });
}

TEST(OperatorCoverage, IfCountsTheLargerBranchAndSaysWhich)
{
    onnx::ModelProto m = model(13);
    Graph g(m.mutable_graph());
    g.input("x", { 2, 3 });
    g.input("cond", {}, onnx::TensorProto::BOOL);
    g.weight("w_sq", { 3, 3 });
    g.weight("w", { 3, 4 });
    auto* node = g.node("If", { "cond" }, { "y" });
    Graph thenG = graphAttr(node, "then_branch"); // two matmuls: 2*3*3 + 2*3*4 = 42 MACs
    matmulInto(thenG, "x", "w_sq", "t1");
    matmulInto(thenG, "t1", "w", "t2");
    thenG.output("t2", { 2, 4 });
    Graph elseG = graphAttr(node, "else_branch"); // one: 24 MACs
    matmulInto(elseG, "x", "w", "e1");
    elseG.output("e1", { 2, 4 });
    g.output("y", { 2, 4 });
    Model model = import(m);
    EXPECT_EQ(totals(model).macs, 42);
    EXPECT_THAT(allWarnings(model), HasSubstr("If 'If_1': counted its then_branch (42 MACs)"));
    EXPECT_THAT(allWarnings(model), HasSubstr("else_branch: 24 MACs"));
    EXPECT_NO_THROW(layerOf(model, "If"));
    EXPECT_EQ(model.layers.front().name, "If_1/MatMul_1") << "body layers are named after their If";
    EXPECT_THAT(allWarnings(model), ::testing::Not(HasSubstr("not modelled")));
}

// A Loop whose body multiplies the carried [2, 4] value by a [4, 4] weight: 32 MACs a trip.
onnx::ModelProto loopModel(bool constantTrips)
{
    onnx::ModelProto m = model(13);
    Graph g(m.mutable_graph());
    g.input("v0", { 2, 4 });
    if (constantTrips)
        g.scalar("trips", 5);
    else
        g.input("trips", {}, onnx::TensorProto::INT64);
    g.boolean("keep_going", true);
    g.weight("w", { 4, 4 });
    auto* node = g.node("Loop", { "trips", "keep_going", "v0" }, { "v_final" });
    Graph body = graphAttr(node, "body");
    body.input("i", {}, onnx::TensorProto::INT64);
    body.input("cond_in", {}, onnx::TensorProto::BOOL);
    body.input("v_in", { 2, 4 });
    body.node("Identity", { "cond_in" }, { "cond_out" });
    matmulInto(body, "v_in", "w", "v_out");
    body.output("cond_out", {}, onnx::TensorProto::BOOL);
    body.output("v_out", { 2, 4 });
    g.output("v_final", { 2, 4 });
    return m;
}

TEST(OperatorCoverage, LoopWithAConstantTripCountRepeatsItsBody)
{
    Model m = import(loopModel(true));
    EXPECT_EQ(totals(m).macs, 5 * 32);
    const Layer& body = layerOf(m, "MatMul");
    EXPECT_EQ(body.nest.steps, 5);
    EXPECT_EQ(body.metrics.params, 16) << "the weights are read once";
    EXPECT_EQ(body.metrics.outputActBytes, 5 * 2 * 4) << "one [2, 4] int8 result per trip";
    EXPECT_EQ(body.name, "Loop_1/MatMul_2");
    EXPECT_THAT(allWarnings(m), ::testing::Not(HasSubstr("per iteration")));
}

TEST(OperatorCoverage, LoopWithADynamicTripCountCountsOneIterationAndSaysSo)
{
    Model m = import(loopModel(false));
    EXPECT_EQ(totals(m).macs, 32);
    EXPECT_THAT(allWarnings(m), HasSubstr("Loop 'Loop_1': the trip count is not a constant"));
    EXPECT_THAT(allWarnings(m),
        HasSubstr("(32 MACs) is counted for one iteration: the count is per iteration"));
}

TEST(OperatorCoverage, ScanRepeatsItsBodyOverTheScanLength)
{
    onnx::ModelProto m = model(11);
    Graph g(m.mutable_graph());
    g.input("s0", { 4 });
    g.input("xs", { 6, 4 });
    g.weight("w", { 4, 4 });
    auto* node = g.node("Scan", { "s0", "xs" }, { "s_final", "ys" });
    intAttr(node, "num_scan_inputs", 1);
    Graph body = graphAttr(node, "body");
    body.input("s_in", { 4 });
    body.input("x_in", { 4 });
    matmulInto(body, "x_in", "w", "mm"); // [4] @ [4, 4]: 16 MACs a step
    body.node("Add", { "s_in", "mm" }, { "s_out" });
    body.node("Identity", { "mm" }, { "y_out" });
    body.output("s_out", { 4 });
    body.output("y_out", { 4 });
    g.output("s_final", { 4 });
    g.output("ys", { 6, 4 });
    Model model = import(m);
    EXPECT_EQ(totals(model).macs, 6 * 16);
    EXPECT_EQ(layerOf(model, "MatMul").nest.steps, 6);
}

TEST(OperatorCoverage, OpsetEightScanRepeatsItsBodyPerBatchEntryAndStep)
{
    onnx::ModelProto m = model(8);
    Graph g(m.mutable_graph());
    g.input("s0", { 3, 4 });
    g.input("xs", { 3, 6, 4 }); // batch 3, 6 steps
    g.weight("w", { 4, 4 });
    auto* node = g.node("Scan", { "", "s0", "xs" }, { "s_final", "ys" });
    intAttr(node, "num_scan_inputs", 1);
    Graph body = graphAttr(node, "body");
    body.input("s_in", { 4 });
    body.input("x_in", { 4 });
    matmulInto(body, "x_in", "w", "mm");
    body.node("Add", { "s_in", "mm" }, { "s_out" });
    body.node("Identity", { "mm" }, { "y_out" });
    body.output("s_out", { 4 });
    body.output("y_out", { 4 });
    g.output("s_final", { 3, 4 });
    g.output("ys", { 3, 6, 4 });
    EXPECT_EQ(totals(import(m)).macs, 3 * 6 * 16);
}

// ---- ONNX Runtime contrib operators ---------------------------------------------------------

TEST(OperatorCoverage, ContribAttentionCountsProjectionAndScoresWithItsWeights)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("x", { 2, 8, 16 });
    g.weight("w", { 16, 48 });
    g.weight("b", { 48 });
    intAttr(g.node("Attention", { "x", "w", "b" }, { "y" }, "com.microsoft"), "num_heads", 2);
    g.node("Relu", { "y" }, { "z" }); // shape inference carries on past the contrib output
    g.outputUntyped("z");
    Model model = import(m);
    const Layer& l = layerOf(model, "com.microsoft::Attention");
    // Per token: 16*48 (Q, K, V projections) + 8*16 (Q K^T) + 8*16 (scores x V); 2*8 tokens.
    EXPECT_EQ(l.metrics.macs, 2 * 8 * (16 * 48 + 8 * 16 + 8 * 16));
    EXPECT_EQ(l.metrics.params, 16 * 48 + 48);
    EXPECT_EQ(model.tensor("z")->shape, (Dims { 2, 8, 16 }));
    EXPECT_THAT(allWarnings(model), ::testing::Not(HasSubstr("not modelled")));
}

TEST(OperatorCoverage, ContribAttentionWithPastAttendsOverPastAndNewPositions)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("x", { 1, 4, 16 });
    g.weight("w", { 16, 40 });
    g.weight("b", { 40 });
    g.input("past", { 2, 1, 2, 6, 8 }); // 6 cached positions of 2 heads x 8
    auto* n
        = g.node("Attention", { "x", "w", "b", "", "past" }, { "y", "present" }, "com.microsoft");
    intAttr(n, "num_heads", 2);
    intsAttr(n, "qkv_hidden_sizes", { 16, 16, 8 });
    g.outputUntyped("y");
    Model model = import(m);
    // Per token: 16*40 projections + (4 + 6) * (16 + 8) for Q K^T and scores x V.
    EXPECT_EQ(
        layerOf(model, "com.microsoft::Attention").metrics.macs, 4 * (16 * 40 + 10 * (16 + 8)));
    EXPECT_EQ(model.tensor("y")->shape, (Dims { 1, 4, 8 })) << "the output has the value width";
}

// The front of an ONNX Runtime-optimised BERT: embeddings + LayerNorm, then Attention reading
// the mask index; the embedding tables are parameters.
TEST(OperatorCoverage, ContribEmbedLayerNormalizationFeedsAttentionItsMask)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("ids", { 2, 8 }, onnx::TensorProto::INT32);
    g.input("segments", { 2, 8 }, onnx::TensorProto::INT32);
    g.weight("words", { 100, 16 });
    g.weight("positions", { 8, 16 });
    g.weight("segment_table", { 2, 16 });
    g.weight("gamma", { 16 });
    g.weight("beta", { 16 });
    g.weight("w", { 16, 48 });
    g.weight("b", { 48 });
    g.node("EmbedLayerNormalization",
        { "ids", "segments", "words", "positions", "segment_table", "gamma", "beta" },
        { "embedded", "mask_index" }, "com.microsoft");
    intAttr(g.node("Attention", { "embedded", "w", "b", "mask_index" }, { "y", "present" },
                "com.microsoft"),
        "num_heads", 2);
    g.outputUntyped("y");
    g.outputUntyped("present");
    Model model = import(m);
    const Layer& embed = layerOf(model, "com.microsoft::EmbedLayerNormalization");
    EXPECT_EQ(embed.kind, LayerKind::Normalization);
    EXPECT_EQ(embed.metrics.params, (100 + 8 + 2) * 16 + 32) << "the three tables, scale and shift";
    EXPECT_EQ(model.tensor("mask_index")->shape, (Dims { 2 }));
    EXPECT_EQ(model.tensor("present")->shape, (Dims { 2, 2, 2, 8, 8 }))
        << "[2, B, heads, S, head size]";
    EXPECT_EQ(layerOf(model, "com.microsoft::Attention").metrics.macs, 2 * 8 * (16 * 48 + 8 * 32));
}

TEST(OperatorCoverage, ContribDynamicQuantizeMatMulOwnsOnlyItsWeights)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("a", { 4, 32 });
    g.weight("b", { 32, 10 }, onnx::TensorProto::INT8);
    g.weight("b_scale", {});
    g.node("DynamicQuantizeMatMul", { "a", "b", "b_scale" }, { "y" }, "com.microsoft");
    g.outputUntyped("y");
    Model model = import(m);
    const Layer& l = layerOf(model, "com.microsoft::DynamicQuantizeMatMul");
    EXPECT_EQ(l.metrics.macs, 4 * 32 * 10);
    EXPECT_EQ(l.params, (std::vector<std::string> { "b" }));
    EXPECT_EQ(model.tensor("y")->shape, (Dims { 4, 10 }));
}

TEST(OperatorCoverage, ContribMultiHeadAttentionCountsScoresAndValues)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("q", { 2, 8, 16 });
    g.input("k", { 2, 10, 16 });
    g.input("v", { 2, 10, 12 });
    intAttr(
        g.node("MultiHeadAttention", { "q", "k", "v" }, { "y" }, "com.microsoft"), "num_heads", 4);
    g.outputUntyped("y");
    Model model = import(m);
    EXPECT_EQ(
        layerOf(model, "com.microsoft::MultiHeadAttention").metrics.macs, 2 * 8 * 10 * (16 + 12));
    EXPECT_EQ(model.tensor("y")->shape, (Dims { 2, 8, 12 }));
}

TEST(OperatorCoverage, ContribSkipLayerNormalizationOwnsItsScaleAndShift)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("x", { 2, 8, 16 });
    g.input("skip", { 2, 8, 16 });
    g.weight("gamma", { 16 });
    g.weight("beta", { 16 });
    g.node("SkipLayerNormalization", { "x", "skip", "gamma", "beta" }, { "y" }, "com.microsoft");
    g.outputUntyped("y");
    Model model = import(m);
    const Layer& l = layerOf(model, "com.microsoft::SkipLayerNormalization");
    EXPECT_EQ(l.kind, LayerKind::Normalization);
    EXPECT_EQ(l.metrics.params, 32);
    EXPECT_EQ(l.metrics.macs, 0);
    EXPECT_EQ(model.tensor("y")->shape, (Dims { 2, 8, 16 }));
}

TEST(OperatorCoverage, ContribFusedMatMulHonoursItsTransposes)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("a", { 2, 3, 4 }); // transA: [2, 4, 3]
    g.weight("b", { 5, 3 }); // transB: [3, 5]
    auto* n = g.node("FusedMatMul", { "a", "b" }, { "y" }, "com.microsoft");
    intAttr(n, "transA", 1);
    intAttr(n, "transB", 1);
    g.outputUntyped("y");
    Model model = import(m);
    const Layer& l = layerOf(model, "com.microsoft::FusedMatMul");
    EXPECT_EQ(l.metrics.macs, 2 * 4 * 3 * 5);
    EXPECT_EQ(l.metrics.params, 15);
    EXPECT_EQ(model.tensor("y")->shape, (Dims { 2, 4, 5 }));
}

TEST(OperatorCoverage, ContribQOrderedMatMulCountsItsInt8Product)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("a", { 2, 4, 8 }, onnx::TensorProto::INT8);
    g.input("scale_a", {}, onnx::TensorProto::FLOAT);
    g.weight("b", { 8, 6 }, onnx::TensorProto::INT8);
    g.weight("scale_b", {});
    g.weight("scale_y", {});
    g.node(
        "QOrderedMatMul", { "a", "scale_a", "b", "scale_b", "scale_y" }, { "y" }, "com.microsoft");
    g.outputUntyped("y", onnx::TensorProto::INT8);
    Model model = import(m);
    const Layer& l = layerOf(model, "com.microsoft::QOrderedMatMul");
    EXPECT_EQ(l.metrics.macs, 2 * 4 * 8 * 6);
    EXPECT_EQ(l.params, (std::vector<std::string> { "b" })) << "the scales are not weights";
}

TEST(OperatorCoverage, UncostedContribOperatorsAreNamedInAWarning)
{
    onnx::ModelProto m = model(13, true);
    Graph g(m.mutable_graph());
    g.input("x", { 2, 8 });
    g.node("Relu", { "x" }, { "r" });
    auto* n = g.node("NhwcConv", { "r" }, { "y" }, "com.microsoft");
    (void)n;
    g.output("y", { 2, 8 });
    Model model = import(m);
    EXPECT_THAT(allWarnings(model), HasSubstr("com.microsoft::NhwcConv"));
}

// ---- Opset upgrade --------------------------------------------------------------------------

TEST(OperatorCoverage, OpsetBelowSevenIsUpgradedByTheVersionConverter)
{
    auto convNet = [](int opset) {
        onnx::ModelProto m = model(opset);
        m.set_ir_version(3);
        Graph g(m.mutable_graph());
        g.input("x", { 1, 3, 8, 8 });
        g.input("w", { 4, 3, 3, 3 }); // IR 3: initializers are graph inputs too
        g.weight("w", { 4, 3, 3, 3 });
        auto* conv = g.node("Conv", { "x", "w" }, { "c" });
        intsAttr(conv, "kernel_shape", { 3, 3 });
        g.node("Relu", { "c" }, { "y" });
        g.output("y", { 1, 4, 6, 6 });
        return m;
    };
    Model old = import(convNet(1));
    Model current = import(convNet(7));
    EXPECT_EQ(totals(old).macs, 1 * 4 * 6 * 6 * 3 * 3 * 3);
    EXPECT_EQ(totals(old).macs, totals(current).macs);
    EXPECT_THAT(
        allWarnings(old), HasSubstr("upgraded from opset 1 to 7 by the ONNX version converter"));
    EXPECT_THAT(allWarnings(current), ::testing::Not(HasSubstr("upgraded")));
}

TEST(OperatorCoverage, ABodyThatCannotBeCostedIsNamedNotRefused)
{
    onnx::ModelProto m = loopModel(true);
    onnx::GraphProto* body = m.mutable_graph()->mutable_node(0)->mutable_attribute(0)->mutable_g();
    Graph(body).node("Unheard", { "v_in" }, { "mystery" }, "example.custom"); // no shape anywhere
    Graph(body).node("Relu", { "mystery" }, { "relu_out" });
    Model model = import(m);
    EXPECT_THAT(allWarnings(model), HasSubstr("Loop 'Loop_1': body not costed ("));
    EXPECT_EQ(totals(model).macs, 0);
}

TEST(OperatorCoverage, AModelTheVersionConverterCannotUpgradeIsRefusedInOneLine)
{
    onnx::ModelProto m = model(5);
    m.set_ir_version(3);
    Graph g(m.mutable_graph());
    g.input("x", { 2, 3 });
    // An operator of a domain the converter has no adapters for (the import policy lets custom
    // domains through with a warning; the converter does not).
    g.node("NoSuchOperator", { "x" }, { "y" }, "com.vendor");
    g.output("y", { 2, 3 });
    try {
        import(m);
        FAIL() << "an opset-5 model with an operator the converter cannot handle was upgraded";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.what(),
            HasSubstr("coverage.onnx: opset 5 is older than 7 and ONNX's version converter could "
                      "not upgrade it"));
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
}

} // namespace
} // namespace mensa
