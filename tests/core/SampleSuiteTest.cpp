#include "samples/SampleSuite.h"
#include "model/Model.h"
#include "onnx/OnnxImporter.h"
#include "samples/SampleGraph.h"
#include "samples/SampleReadme.h"

#include <gtest/gtest.h>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace mensa;

namespace {

bool hasKind(const Model& model, bool (*predicate)(LayerKind))
{
    return std::any_of(model.layers.begin(), model.layers.end(),
        [&](const Layer& l) { return predicate(l.kind); });
}

bool isConvLike(LayerKind k)
{
    return k == LayerKind::Conv || k == LayerKind::DepthwiseConv;
}
bool isLstm(LayerKind k)
{
    return k == LayerKind::Lstm;
}

// Layers reachable from the graph input `input` (through the layers' activation inputs).
std::vector<bool> reachableFrom(const Model& model, const std::string& input)
{
    std::vector<bool> reached(model.layers.size(), false);
    std::set<std::string> live { input };
    for (size_t i = 0; i < model.layers.size(); ++i) { // layers are in topological order
        const auto& layer = model.layers[i];
        if (std::none_of(layer.inputs.begin(), layer.inputs.end(),
                [&](const std::string& t) { return live.count(t) > 0; }))
            continue;
        reached[i] = true;
        live.insert(layer.outputs.begin(), layer.outputs.end());
    }
    return reached;
}

class SampleSuiteModel : public ::testing::TestWithParam<std::string> {
protected:
    const SampleModel& sample() const { return *findSample(GetParam()); }
    Model imported() const
    {
        return importOnnxBytes(serializeSample(sample()), sample().name + ".onnx");
    }
};

// Names of the suite models that satisfy `keep` (all of them by default).
std::vector<std::string> suiteNames(bool (*keep)(const SampleModel&) = nullptr)
{
    std::vector<std::string> names;
    for (const auto& s : sampleSuite())
        if (!keep || keep(s))
            names.push_back(s.name);
    return names;
}

bool isTransducer(const SampleModel& s)
{
    return s.kind == SampleKind::Transducer;
}
bool isRcnn(const SampleModel& s)
{
    return s.kind == SampleKind::Rcnn;
}
bool hasPublishedFigures(const SampleModel& s)
{
    return s.published.macs > 0 || s.published.params > 0;
}

class TransducerSample : public SampleSuiteModel { };
class RcnnSample : public SampleSuiteModel { };
class PublishedSample : public SampleSuiteModel { };

} // namespace

TEST(SampleSuite, CoversTheFourKindsWithAtLeastSixteenUniqueModels)
{
    const auto& suite = sampleSuite();
    EXPECT_GE(suite.size(), 16u);
    std::set<std::string> names;
    std::set<SampleKind> kinds;
    for (const auto& s : suite) {
        EXPECT_TRUE(names.insert(s.name).second) << "duplicate " << s.name;
        kinds.insert(s.kind);
        EXPECT_FALSE(s.description.empty()) << s.name;
        EXPECT_FALSE(s.publication.authors.empty()) << s.name;
        EXPECT_GE(s.publication.year, 2013) << s.name;
    }
    EXPECT_EQ(kinds.size(), 4u);
    EXPECT_NE(findSample("mobilenet_v2"), nullptr); // the app's default model
    EXPECT_EQ(findSample("no_such_model"), nullptr);
}

TEST(SampleSuite, CitationsNameLeadAuthorVenueYearAndArxiv)
{
    Publication many { "Howard, Zhu, Chen", "t", "CVPR", 2018, "1801.04381" };
    EXPECT_EQ(many.citation(), "Howard et al., CVPR 2018, arXiv:1801.04381");
    Publication two { "Gupta, Akin", "t", "MLSys", 2020, "" };
    EXPECT_EQ(two.citation(), "Gupta and Akin, MLSys 2020");
    Publication preprint { "Zaremba, Sutskever, Vinyals", "t", "arXiv preprint", 2014,
        "1409.2329" };
    EXPECT_EQ(preprint.citation(), "Zaremba et al., 2014, arXiv:1409.2329");
}

TEST(SampleSuite, FormatsCountsWithThreeSignificantDigits)
{
    EXPECT_EQ(formatCount(62), "62");
    EXPECT_EQ(formatCount(4.2312e6), "4.23 M");
    EXPECT_EQ(formatCount(569.4e6), "569 M");
    EXPECT_EQ(formatCount(23.81e6), "23.8 M");
    EXPECT_EQ(formatCount(5.713e9), "5.71 G");
}

TEST(SampleGraph, EquivalentLstmpCellsMatchTheProjectedLayersWeights)
{
    for (auto [input, cells, proj] :
        { std::array<int64_t, 3> { 640, 2048, 640 }, { 40, 500, 200 }, { 256, 832, 512 } }) {
        const double lstmp = 4.0 * cells * (input + proj) + double(cells) * proj;
        const int64_t h = SampleGraph::equivalentCells(input, cells, proj);
        EXPECT_EQ(h % 8, 0);
        EXPECT_NEAR((4.0 * h * (input + h) + double(h) * proj) / lstmp, 1.0, 0.03) << cells;
    }
}

TEST(SampleGraph, RectangularKernelsArePatchedIntoWeightsAndAttributes)
{
    SampleGraph g("rect");
    std::string y = g.convRect(g.input("x", { 1, 8, 17, 17 }), 16, 1, 7);
    EXPECT_EQ(g.shape(y), (std::vector<int64_t> { 1, 16, 17, 17 }));
    g.output(y);
    ASSERT_NO_THROW(onnx::checker::check_model(g.buildPatched(WeightStorage::GraphInputs)));
    onnx::ModelProto proto = g.buildPatched(WeightStorage::ExternalMissing);
    const auto& weight = proto.graph().initializer(0);
    EXPECT_EQ(std::vector<int64_t>(weight.dims().begin(), weight.dims().end()),
        (std::vector<int64_t> { 16, 8, 1, 7 }));
    Model model = importOnnxBytes(proto.SerializeAsString(), "rect.onnx");
    ASSERT_EQ(model.layers.size(), 1u);
    EXPECT_EQ(model.layers[0].metrics.macs, 16LL * 8 * 17 * 17 * 1 * 7);
    EXPECT_EQ(model.layers[0].nest.kernelH, 1);
    EXPECT_EQ(model.layers[0].nest.kernelW, 7);
}

TEST(SampleGraph, HeightPoolingKeepsTheWidth)
{
    SampleGraph g("pool");
    std::string y = g.maxPoolHeight(g.input("x", { 2, 4, 8, 25 }), 2);
    EXPECT_EQ(g.shape(y), (std::vector<int64_t> { 2, 4, 4, 25 }));
    g.output(y);
    EXPECT_NO_THROW(onnx::checker::check_model(g.buildPatched(WeightStorage::GraphInputs)));
}

// The shipped form (external data that is not shipped) is checked the way onnx checks a
// file with external data: beside a sparse placeholder of the size the tensors declare.
// onnx's checker requires that file to exist; it is the only part deliberately missing.
TEST_P(SampleSuiteModel, PassesTheOnnxCheckerBesideAPlaceholderWeightsFile)
{
    namespace fs = std::filesystem;
    onnx::ModelProto proto = sample().build(WeightStorage::ExternalMissing);
    std::string location;
    int64_t extent = 0;
    for (const auto& tensor : proto.graph().initializer()) {
        if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
            continue; // small constants (shapes, clip bounds) are stored inline
        std::map<std::string, std::string> entries;
        for (const auto& entry : tensor.external_data())
            entries[entry.key()] = entry.value();
        location = entries.at("location");
        extent = std::max<int64_t>(
            extent, std::stoll(entries.at("offset")) + std::stoll(entries.at("length")));
    }
    ASSERT_FALSE(location.empty());
    fs::path dir = fs::temp_directory_path() / ("mensa_sample_check_" + sample().name);
    fs::create_directories(dir);
    std::ofstream(dir / (sample().name + ".onnx"), std::ios::binary) << serializeSample(sample());
    std::ofstream(dir / location, std::ios::binary).close();
    fs::resize_file(dir / location, static_cast<uintmax_t>(extent));
    EXPECT_NO_THROW(onnx::checker::check_model((dir / (sample().name + ".onnx")).string()));
    fs::remove_all(dir);
}

TEST_P(SampleSuiteModel, PassesTheOnnxCheckerWithWeightsAsGraphInputs)
{
    EXPECT_NO_THROW(onnx::checker::check_model(sample().build(WeightStorage::GraphInputs)));
}

TEST_P(SampleSuiteModel, SerializesDeterministically)
{
    EXPECT_EQ(serializeSample(sample()), serializeSample(sample()));
}

TEST_P(SampleSuiteModel, ImportsWithTheKindsCharacteristicLayers)
{
    Model model = imported();
    ModelTotals t = totals(model);
    EXPECT_GT(t.computeLayers, 0);
    EXPECT_GT(t.macs, 0);
    for (const auto& layer : model.layers)
        EXPECT_FALSE(layer.unknownOp) << layer.name << " " << layer.opType;
    switch (sample().kind) {
    case SampleKind::Cnn:
        EXPECT_TRUE(hasKind(model, isConvLike));
        EXPECT_FALSE(hasKind(model, isRecurrent));
        break;
    case SampleKind::Lstm:
        EXPECT_TRUE(hasKind(model, isLstm));
        EXPECT_FALSE(hasKind(model, isConvLike));
        break;
    case SampleKind::Transducer:
        break; // structure checked below
    case SampleKind::Rcnn:
        EXPECT_TRUE(hasKind(model, isConvLike));
        EXPECT_TRUE(hasKind(model, isRecurrent));
        break;
    }
}

// Encoder and prediction networks are separate LSTM stacks on their own inputs; the
// joint network is the first layer that depends on both, followed by the vocabulary FC.
TEST_P(TransducerSample, HasEncoderPredictionAndJointNetworks)
{
    Model model = imported();
    ASSERT_EQ(model.graphInputs.size(), 2u);
    auto encoder = reachableFrom(model, model.graphInputs[0]);
    auto prediction = reachableFrom(model, model.graphInputs[1]);
    int encoderLstms = 0, predictionLstms = 0, joint = -1;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        bool lstm = model.layers[i].kind == LayerKind::Lstm;
        encoderLstms += lstm && encoder[i] && !prediction[i];
        predictionLstms += lstm && prediction[i] && !encoder[i];
        if (joint < 0 && encoder[i] && prediction[i])
            joint = static_cast<int>(i);
    }
    EXPECT_GE(encoderLstms, 3);
    EXPECT_GE(predictionLstms, 1);
    ASSERT_GE(joint, 0);
    bool vocabularyFc = false;
    for (size_t i = joint; i < model.layers.size(); ++i)
        vocabularyFc |= model.layers[i].kind == LayerKind::FullyConnected;
    EXPECT_TRUE(vocabularyFc);
}

TEST_P(RcnnSample, ConvFrontEndComesBeforeTheRecurrentLayers)
{
    Model model = imported();
    auto first = [&](bool (*p)(LayerKind)) {
        auto it = std::find_if(
            model.layers.begin(), model.layers.end(), [&](const Layer& l) { return p(l.kind); });
        return it - model.layers.begin();
    };
    EXPECT_LT(first(isConvLike), first(isRecurrent));
}

TEST_P(PublishedSample, MatchesPublishedMacsAndParameters)
{
    const auto& published = sample().published;
    ModelTotals t = totals(imported());
    if (published.macs > 0) {
        EXPECT_NEAR(double(t.macs) / published.macs, 1.0, 0.08) << t.macs;
    }
    if (published.params > 0) {
        EXPECT_NEAR(double(t.params) / published.params, 1.0, 0.08) << t.params;
    }
}

const auto kName = [](const auto& info) { return info.param; };
INSTANTIATE_TEST_SUITE_P(All, SampleSuiteModel, ::testing::ValuesIn(suiteNames()), kName);
INSTANTIATE_TEST_SUITE_P(
    Kind, TransducerSample, ::testing::ValuesIn(suiteNames(isTransducer)), kName);
INSTANTIATE_TEST_SUITE_P(Kind, RcnnSample, ::testing::ValuesIn(suiteNames(isRcnn)), kName);
INSTANTIATE_TEST_SUITE_P(
    Published, PublishedSample, ::testing::ValuesIn(suiteNames(hasPublishedFigures)), kName);

TEST(SampleSuite, PublishedFiguresCoverTheReferenceCnns)
{
    for (const char* name : { "mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large",
             "mobilenet_v3_small", "resnet50", "inception_v3" })
        EXPECT_GT(findSample(name)->published.macs, 0) << name;
}
