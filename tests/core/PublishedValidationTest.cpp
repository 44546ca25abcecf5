// The fidelity report against Coral's published Edge TPU table (resources/measurements/
// coral_published.csv): the shipped file, its reader, the validation-only architectures and
// the goal of issue 13 (every comparable figure within 25%).
#include "study/PublishedValidation.h"
#include "onnx/OnnxImporter.h"
#include "samples/SampleSuite.h"
#include "samples/ValidationSamples.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace mensa;

namespace {

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

void useSourceResources()
{
    setenv("MENSA_RESOURCES_DIR", (sourceDir() + "/resources/accelerators").c_str(), 1);
}

std::string shippedTable()
{
    return sourceDir() + "/resources/measurements/coral_published.csv";
}

double totalMacs(const Model& model)
{
    double macs = 0;
    for (const auto& layer : model.layers)
        macs += double(layer.metrics.macs);
    return macs;
}

double totalParams(const Model& model)
{
    double params = 0;
    for (const auto& layer : model.layers)
        params += double(layer.metrics.params);
    return params;
}

std::string writeTemp(const std::string& name, const std::string& text)
{
    auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path.string();
}

} // namespace

TEST(PublishedValidation, ShippedCoralTableNamesItsSourceAndFigures)
{
    PublishedTable table = readPublishedLatencies(shippedTable());
    std::string header;
    for (const auto& line : table.header)
        header += line + "\n";
    EXPECT_NE(header.find("https://coral.ai/docs/edgetpu/benchmarks/"), std::string::npos);
    EXPECT_NE(header.find("Accessed 2026-12-01"), std::string::npos);
    ASSERT_EQ(table.rows.size(), 18u);
    const PublishedLatency* resnet = nullptr;
    for (const auto& row : table.rows)
        if (row.model == "ResNet-50 V1")
            resnet = &row;
    ASSERT_NE(resnet, nullptr);
    EXPECT_EQ(resnet->input, "299x299");
    EXPECT_DOUBLE_EQ(resnet->usbMs, 49);
    EXPECT_DOUBLE_EQ(resnet->devboardMs, 56);
    EXPECT_EQ(resnet->mensaModel, "resnet50");
    EXPECT_DOUBLE_EQ(resnet->tolerance, 0.25);
}

TEST(PublishedValidation, ReaderNamesTheBadLine)
{
    const std::string columns = "model,input,usb_ms,devboard_ms,mensa_model,tolerance\n";
    auto expectError = [](const std::string& path, const std::string& expected) {
        try {
            readPublishedLatencies(path);
            ADD_FAILURE() << "accepted " << path;
        }
        catch (const MensaError& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
    };
    expectError(writeTemp("mensa_pv_cols.csv", "# c\nmodel,ms\n"), ":2: expected the column");
    expectError(writeTemp("mensa_pv_num.csv", "# c\n" + columns + "A,224x224,fast,1,,0.25\n"),
        ":3: usb_ms must be a non-negative number");
    expectError(
        writeTemp("mensa_pv_size.csv", columns + "A,224,1,1,,0.25\n"), ":2: input must be HxW");
    expectError(writeTemp("mensa_pv_n.csv", columns + "A,224x224,1,1\n"), ":2: expected 6 columns");
    expectError("/nonexistent/coral.csv", "no such measurements file");
}

TEST(PublishedValidation, RatioAndToleranceArithmetic)
{
    ValidationRow row;
    row.published = 40, row.predicted = 50, row.tolerance = 0.25;
    EXPECT_DOUBLE_EQ(row.ratio(), 1.25);
    EXPECT_TRUE(row.ok()); // exactly on the edge
    row.predicted = 50.4;
    EXPECT_FALSE(row.ok());
    row.predicted = 30;
    EXPECT_TRUE(row.ok());
    row.predicted = 29.6;
    EXPECT_FALSE(row.ok());
    row.published = 0;
    EXPECT_FALSE(row.ok());
}

// The validation-only architectures against their papers' (or reference code's) counts.
TEST(PublishedValidation, ValidationArchitecturesMatchPublishedMacsAndParameters)
{
    for (const auto& sample : validationSamples()) {
        Model model = importOnnxBytes(serializeValidationSample(sample.name), sample.name);
        if (sample.publishedMacs > 0) {
            EXPECT_NEAR(totalMacs(model) / sample.publishedMacs, 1.0, 0.05) << sample.name;
        }
        if (sample.publishedParams > 0) {
            EXPECT_NEAR(totalParams(model) / sample.publishedParams, 1.0, 0.05) << sample.name;
        }
    }
    EXPECT_THROW(serializeValidationSample("lenet"), MensaError);
}

// TF-slim's resnet_v2 at 224x224 by hand: a 7x7/2 root (112), a 3x3/2 pool (56), blocks of
// bottlenecks (1x1 in->mid, 3x3 mid->mid, 1x1 mid->4 mid) where each block but the last
// strides in its last unit's 3x3, a projection only in a block's first unit, a 1001-way FC.
double slimResNetV2Macs(const std::array<int, 4>& units)
{
    double macs = 3.0 * 64 * 7 * 7 * 112 * 112 + 2048.0 * 1001;
    double in = 64, size = 56;
    for (int b = 0; b < 4; ++b) {
        const double mid = 64 << b, out = 4 * mid;
        for (int i = 0; i < units[size_t(b)]; ++i) {
            const double next = i + 1 == units[size_t(b)] && b < 3 ? size / 2 : size;
            macs += (i == 0 ? in * out * size * size : 0) + in * mid * size * size
                + mid * mid * 9 * next * next + mid * out * next * next;
            in = out, size = next;
        }
    }
    return macs;
}

TEST(PublishedValidation, ResNetV2FollowsSlimsLayoutByHand)
{
    for (const auto& [name, units] :
        { std::pair<std::string, std::array<int, 4>> { "resnet50_v2", { 3, 4, 6, 3 } },
            { "resnet152_v2", { 3, 8, 36, 3 } } }) {
        Model model = importOnnxBytes(serializeValidationSample(name), name);
        EXPECT_DOUBLE_EQ(totalMacs(model), slimResNetV2Macs(units)) << name;
    }
    EXPECT_NEAR(slimResNetV2Macs({ 3, 4, 6, 3 }) / 1e9, 3.48, 0.01);
}

// SSD and SSDLite on MobileNet v2 share the backbone and the extra layers' 1x1 convs; they
// differ by hand in the extra layers' 3x3 stride-2 convs (plain against depthwise-separable)
// and in the predictors' 3x3 depthwise convs, which only SSDLite has.
TEST(PublishedValidation, SsdMobileNetV2DiffersFromSsdLiteByItsPlainConvsByHand)
{
    struct Extra {
        double size, in, out; // output side, channels in (after the 1x1) and out
    };
    double plain = 0, separable = 0;
    for (const Extra& e : { Extra { 5, 256, 512 }, Extra { 3, 128, 256 }, Extra { 2, 128, 256 },
             Extra { 1, 64, 128 } }) {
        const double area = e.size * e.size;
        plain += area * 9 * e.in * e.out;
        separable += area * 9 * e.in + area * e.in * e.out;
    }
    double headDepthwise = 0; // box and class predictor each: a 3x3 depthwise on the map
    for (const auto& [area, channels] :
        { std::pair { 361.0, 576.0 }, std::pair { 100.0, 1280.0 }, std::pair { 25.0, 512.0 },
            std::pair { 9.0, 256.0 }, std::pair { 4.0, 256.0 }, std::pair { 1.0, 128.0 } })
        headDepthwise += 2 * area * 9 * channels;
    const Model ssd = importOnnxBytes(serializeValidationSample("ssd_mobilenet_v2"), "ssd");
    const Model lite
        = importOnnxBytes(serializeSample(*findSample("ssdlite_mobilenet_v2")), "lite");
    EXPECT_DOUBLE_EQ(totalMacs(ssd) - totalMacs(lite), plain - separable - headDepthwise);
    EXPECT_NEAR(totalMacs(ssd) / 1e9, 0.77, 0.01);
}

// The DeepLab V3 builder against the model Coral benchmarks: the conv and depthwise MACs of
// google-coral/test_data's deeplabv3_mnv2_pascal_quant.tflite, summed from its tensor shapes
// (output H x W x C x kernel H x W x input C per conv, x 1 for depthwise), are 2,740,709,056.
TEST(PublishedValidation, DeepLabHasTheMacsOfCoralsFile)
{
    const Model deeplab
        = importOnnxBytes(serializeValidationSample("deeplabv3_mnv2"), "deeplabv3_mnv2");
    EXPECT_DOUBLE_EQ(totalMacs(deeplab), 2740709056.0);
}

// ResNet-50 at Coral's 299x299: the bundled 224x224 file imported with the row's input size;
// MACs scale with the output area (4.09 G at 224, conv outputs 150/75/38/19/10 at 299).
TEST(PublishedValidation, RowsAreBuiltAtThePublishedInputSize)
{
    useSourceResources();
    PublishedLatency row { "ResNet-50 V1", "299x299", 49, 56, "resnet50", 0.25 };
    Model model = buildPublishedModel(row);
    EXPECT_NEAR(totalMacs(model) / 1e9, 4.09 * (150.0 * 150) / (112.0 * 112), 0.35);
    EXPECT_NEAR(totalParams(model) / 1e6, 25.5, 0.1);
}

// Issue 13's goal: every figure Coral publishes for an architecture Mensa builds is within
// its tolerance (25%) on coral_usb (USB column) and coral_devboard (Dev Board column). The
// figures known to be outside are listed (docs/validation.md says why); the test fails when
// one more leaves its tolerance, and also when a listed one comes back inside (update the list
// and the docs then).
TEST(PublishedValidation, EveryComparableCoralFigureIsWithinToleranceButTheDocumentedOnes)
{
    useSourceResources();
    const std::set<std::pair<std::string, std::string>> knownOutside {
        { "DenseNet (224x224)", "coral_usb" }, { "DenseNet (224x224)", "coral_devboard" },
        { "Inception-ResNet V2 (299x299)", "coral_usb" },
        { "Inception-ResNet V2 (299x299)", "coral_devboard" },
        { "Unet Mv2 (128x128)", "coral_devboard" }, { "MobileNet v1 SSD (300x300)", "coral_usb" },
        { "MobileNet v1 SSD (300x300)", "coral_devboard" },
        { "MobileNet v2 SSD (300x300)", "coral_usb" },
        { "MobileNet v2 SSD (300x300)", "coral_devboard" }
    };
    ValidationReport report = validateCoral(readPublishedLatencies(shippedTable()));
    EXPECT_EQ(report.rows.size(), 36u); // every architecture of the table x 2 devices
    EXPECT_TRUE(report.skipped.empty());
    for (const auto& row : report.rows)
        EXPECT_EQ(row.ok(), !knownOutside.count({ row.model, row.design }))
            << row.model << " on " << row.design << ": predicted " << row.predicted
            << " ms, published " << row.published << " ms";
    EXPECT_FALSE(report.allOk());
}

// SCALE-Sim rows: one per topology and dataflow, the layer sums of the fold formula. One 3x3
// conv, 64 -> 64 channels on a 56x56 map without padding: Sr = 54 x 54 = 2916, T = 576, N = 64,
// so 9 row folds x 1 column fold, each load 64 + skew 126 + stream 2916 cycles.
TEST(PublishedValidation, ScaleSimRowsSumTheFoldFormulaPerTopology)
{
    useSourceResources();
    const std::string columns = "topology,array_rows,array_cols,dataflow,layer,ifmap_h,ifmap_w,"
                                "filter_h,filter_w,channels,num_filters,stride,"
                                "scalesim_total_cycles\r\n";
    ValidationReport one = validateScaleSim(writeTemp("mensa_pv_ss.csv",
        "# source: test\r\n" + columns + "net,64,64,ws,c1,56,56,3,3,64,64,1,27950\r\n"
            + "net,64,64,ws,c2,56,56,3,3,64,64,1,27950\r\n"));
    ASSERT_EQ(one.rows.size(), 1u);
    EXPECT_EQ(one.rows[0].model, "net (ws 64x64)");
    EXPECT_DOUBLE_EQ(one.rows[0].predicted, 2 * 9 * (64 + 126 + 2916.0));
    EXPECT_DOUBLE_EQ(one.rows[0].published, 2 * 27950.0);
    EXPECT_DOUBLE_EQ(one.rows[0].tolerance, 0.001);
    EXPECT_TRUE(one.rows[0].ok()); // 4 cycles of 27954: 0.014%
    EXPECT_THROW(validateScaleSim(writeTemp(
                     "mensa_pv_ss_bad.csv", columns + "net,64,64,xs,c1,56,56,3,3,64,64,1,27950\n")),
        MensaError);

    ValidationReport shipped
        = validateScaleSim(sourceDir() + "/resources/measurements/scalesim_cycles.csv");
    EXPECT_EQ(shipped.rows.size(), 9u); // AlexNet, ResNet-18, MobileNet x ws, os, is
    EXPECT_TRUE(shipped.allOk());
}

// The parameter-spill cliff where Coral shows it: the models whose parameters exceed the
// ~8 MB on chip (ResNet-50 25.5 M, VGG16 138 M) take tens to hundreds of ms, within 25% on
// both devices, and the Dev Board's slower link makes them slower there, as published.
TEST(PublishedValidation, ParameterSpillCliffFollowsCoral)
{
    useSourceResources();
    ValidationReport report = validateCoral(readPublishedLatencies(shippedTable()));
    std::map<std::string, double> predicted; // "model on design" -> ms
    for (const auto& row : report.rows) {
        predicted[row.model + " on " + row.design] = row.predicted;
        if (row.mensaModel == "resnet50" || row.mensaModel == "vgg16") {
            EXPECT_TRUE(row.ok()) << row.model << " " << row.design << " " << row.ratio();
        }
    }
    const double mobileNet = predicted["MobileNet v1 (224x224) on coral_usb"];
    for (std::string model : { "ResNet-50 V1 (299x299)", "VGG16 (224x224)" }) {
        const double usb = predicted[model + " on coral_usb"];
        EXPECT_GT(usb, 10 * mobileNet) << model;
        EXPECT_GT(predicted[model + " on coral_devboard"], usb) << model;
    }
}

// The shipped Eyeriss v2 figures: the sparse MobileNet pair is compared on eyeriss_v2 with its
// sparsity block on, the AlexNet pair (no published densities) is listed, and the source is
// the paper.
TEST(PublishedValidation, EyerissV2FiguresAreComparedAtThePublishedDensities)
{
    useSourceResources();
    ValidationReport report
        = validateEyerissV2(sourceDir() + "/resources/measurements/eyeriss_v2_published.csv");
    ASSERT_EQ(report.rows.size(), 2u);
    EXPECT_EQ(report.rows[0].unit, "inferences/s");
    EXPECT_EQ(report.rows[0].published, 1470.6);
    EXPECT_EQ(report.rows[1].unit, "inferences/J");
    EXPECT_EQ(report.rows[1].published, 2560.3);
    for (const auto& row : report.rows) {
        EXPECT_EQ(row.mensaModel, "mobilenet_v1_050_128");
        EXPECT_GT(row.predicted, 0);
        EXPECT_EQ(row.tolerance, 0.25);
    }
    ASSERT_EQ(report.skipped.size(), 2u);
    EXPECT_EQ(report.skipped[0], "sparse AlexNet (227x227) inferences/s (densities not published)");
    ASSERT_EQ(report.sources.size(), 1u);
    EXPECT_NE(report.sources[0].find("arXiv 1807.07928"), std::string::npos);
}

// Sparsity at the published densities is what the rows run with: denser data is slower.
TEST(PublishedValidation, EyerissV2PredictionFollowsTheDensities)
{
    useSourceResources();
    const std::string columns
        = "figure,mensa_model,published,unit,weight_density,activation_density,tolerance\n";
    auto predicted = [&](const std::string& densities) {
        return validateEyerissV2(
            writeTemp("eyeriss_densities.csv",
                columns + "m,mobilenet_v1_050_128,1000,inferences/s," + densities + ",0.25\n"))
            .rows.at(0)
            .predicted;
    };
    EXPECT_LT(predicted("1.0,1.0"), predicted("0.5,0.5"));
}

TEST(PublishedValidation, BadEyerissV2RowsNameTheFileLineAndProblem)
{
    const std::string columns
        = "figure,mensa_model,published,unit,weight_density,activation_density,tolerance\n";
    struct Case {
        std::string row, message;
    };
    for (const Case& c : { Case { "m,alexnet,1,fps,0.5,0.5,0.25", "unit must be inferences/s" },
             Case { "m,alexnet,1,inferences/s,1.5,0.5,0.25", "weight_density must be in (0, 1]" },
             Case { "m,alexnet,1,inferences/s,0.5,,0.25", "give both densities or neither" },
             Case { "m,alexnet,1,inferences/s,0.5,0.5", "expected 7 columns, got 6" } }) {
        const std::string path = writeTemp("eyeriss_bad.csv", columns + c.row + "\n");
        try {
            validateEyerissV2(path);
            ADD_FAILURE() << "accepted: " << c.row;
        }
        catch (const MensaError& e) {
            EXPECT_NE(std::string(e.what()).find(path + ":2"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
        }
    }
}

// Known misses: a listed row outside passes, an unlisted one outside fails, a listed one inside
// fails (the list only shrinks); a list entry of a source the report does not cover is ignored,
// one naming no row of a covered source is an error at its line.
TEST(PublishedValidation, KnownOutsideVerdict)
{
    auto row = [](const std::string& model, double predicted) {
        ValidationRow r;
        r.source = "Coral", r.model = model, r.design = "coral_usb", r.unit = "ms";
        r.predicted = predicted, r.published = 10, r.tolerance = 0.25;
        return r;
    };
    ValidationReport report;
    report.rows = { row("A", 10), row("B", 20), row("C", 30) };
    auto entry = [](const std::string& source, const std::string& model) {
        return KnownOutside { source, model, "coral_usb", "ms", "why", "list.csv:" + model };
    };
    ValidationVerdict v = judgeAgainstKnown(report, { entry("Coral", "B") });
    EXPECT_EQ(v.known, (std::vector<bool> { false, true, false }));
    EXPECT_EQ(v.unexpected, 1u); // C
    EXPECT_FALSE(v.passes());
    v = judgeAgainstKnown(
        report, { entry("Coral", "B"), entry("Coral", "C"), entry("Eyeriss v2", "X") });
    EXPECT_TRUE(v.passes());
    v = judgeAgainstKnown(
        report, { entry("Coral", "A"), entry("Coral", "B"), entry("Coral", "C") });
    ASSERT_EQ(v.nowInside.size(), 1u);
    EXPECT_EQ(v.nowInside[0], "list.csv:A: Coral / A / coral_usb");
    EXPECT_FALSE(v.passes());
    try {
        judgeAgainstKnown(report, { entry("Coral", "D") });
        FAIL() << "an entry naming no row of a covered source must throw";
    }
    catch (const MensaError& e) {
        EXPECT_NE(std::string(e.what()).find("list.csv:D: names no figure of this run"),
            std::string::npos)
            << e.what();
    }
}

TEST(PublishedValidation, ShippedKnownOutsideListReads)
{
    const std::string path = shippedKnownOutsidePath();
    ASSERT_FALSE(path.empty());
    const auto known = readKnownOutside(path);
    ASSERT_FALSE(known.empty());
    for (const KnownOutside& k : known)
        EXPECT_NE(k.reason.find("docs/validation.md"), std::string::npos) << k.where;
}

// DenseNet-121 is pre-activation (Keras, torchvision): the BN-ReLU opening each of its 58 dense
// layers, 3 transitions and the classifier runs on concatenated features and cannot fold into a
// conv, so the imported model keeps 62 batch-norm layers; the BN after each 1x1 conv folds.
TEST(PublishedValidation, DenseNetKeepsItsPreActivationBatchNorms)
{
    Model model = importOnnxBytes(serializeValidationSample("densenet121"), "densenet121");
    int standalone = 0;
    for (const auto& layer : model.layers)
        standalone += layer.kind == LayerKind::Normalization ? 1 : 0;
    EXPECT_EQ(standalone, 58 + 3 + 1);
}
