// Input safety (issue 16): the regular-file check every reader uses, number formatters on
// inf/NaN, declared tensor sizes against stored data, the external-data folder rule, the
// graph policy of docs/import-policy.md and one-line messages for bad dims and specs.
#include "ErrorCheck.h"
#include "GermanLocale.h"
#include "cost/SpecParser.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/TextFormat.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <clocale>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;

using test::errorOf;

class ScratchDir : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("mensa_safety_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

// ---- regular-file check ----

using RegularFile = ScratchDir;

TEST_F(RegularFile, NamesWhatAPathIsWhenItIsNotARegularFile)
{
    std::ofstream(m_dir / "plain.txt") << "hello";
    ASSERT_EQ(::mkfifo((m_dir / "pipe").c_str(), 0600), 0);
    EXPECT_EQ(regularFileProblem((m_dir / "plain.txt").string()), "");
    EXPECT_EQ(regularFileProblem((m_dir / "pipe").string()), "is a FIFO, not a regular file");
    EXPECT_EQ(regularFileProblem(m_dir.string()), "is a directory, not a regular file");
    EXPECT_EQ(regularFileProblem("/dev/null"), "is a character device, not a regular file");
    EXPECT_THAT(regularFileProblem((m_dir / "absent").string()), HasSubstr("cannot open file"));
    EXPECT_EQ(requireRegularFile((m_dir / "plain.txt").string()), 5u);
    EXPECT_EQ(readRegularFile((m_dir / "plain.txt").string(), 100), "hello");
}

TEST_F(RegularFile, ReadingAFifoOrDeviceFailsAtOnce)
{
    ASSERT_EQ(::mkfifo((m_dir / "pipe").c_str(), 0600), 0);
    auto start = std::chrono::steady_clock::now();
    std::string fifo = errorOf([&] { readRegularFile((m_dir / "pipe").string(), 100); });
    EXPECT_EQ(fifo, (m_dir / "pipe").string() + ": is a FIFO, not a regular file");
    EXPECT_THAT(
        errorOf([] { readRegularFile("/dev/zero", 100); }), HasSubstr("is a character device"));
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
    std::ofstream(m_dir / "big.txt") << std::string(200, 'x');
    EXPECT_THAT(errorOf([&] { readRegularFile((m_dir / "big.txt").string(), 100); }),
        HasSubstr("larger than"));
}

TEST_F(RegularFile, EveryCoreReaderRefusesAFifo)
{
    ASSERT_EQ(::mkfifo((m_dir / "pipe.onnx").c_str(), 0600), 0);
    const std::string pipe = (m_dir / "pipe.onnx").string();
    EXPECT_EQ(errorOf([&] { importOnnxFile(pipe); }), pipe + ": is a FIFO, not a regular file");
    EXPECT_EQ(errorOf([&] { loadSystemSpecFile(pipe); }), pipe + ": is a FIFO, not a regular file");
    EXPECT_THAT(errorOf([] { importOnnxFile("/dev/null"); }), HasSubstr("is a character device"));
}

// ---- formatters ----

TEST(Formatters, InfinityAndNanPrintAsWords)
{
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(quantityText(inf), "inf");
    EXPECT_EQ(quantityText(-inf), "-inf");
    EXPECT_EQ(quantityText(nan), "nan");
    for (const char* format : { "%.6g", "%+.1f%%", "%.0f" }) {
        EXPECT_EQ(formatNumber(inf, format), "inf") << format;
        EXPECT_EQ(formatNumber(-inf, format), "-inf") << format;
        EXPECT_EQ(formatNumber(nan, format), "nan") << format;
    }
    EXPECT_EQ(nonFiniteText(1.0), "");
}

TEST(Formatters, QuantitiesGetSiSuffixesAndExtremesStayInRange)
{
    EXPECT_EQ(quantityText(0), "0");
    EXPECT_EQ(quantityText(0.5), "0.5");
    EXPECT_EQ(quantityText(999), "999");
    EXPECT_EQ(quantityText(1500), "1.5 k");
    EXPECT_EQ(quantityText(-2.5e6), "-2.5 M");
    EXPECT_EQ(quantityText(3e9), "3 G");
    EXPECT_EQ(quantityText(4e15), "4 P");
    EXPECT_EQ(quantityText(1e300), "1e+285 P");
    EXPECT_EQ(quantityText(std::numeric_limits<double>::max()), "1.798e+293 P");
    EXPECT_EQ(quantityText(1e-300), "1e-300");
    // "%.0f" of 1e300 is 301 digits: not cut at a fixed buffer size.
    EXPECT_EQ(formatNumber(1e300, "%.0f").size(), 301u);
}

TEST(Formatters, ParseNumberTakesTheWholeTextOrNothing)
{
    EXPECT_EQ(parseNumber("0.5"), 0.5);
    EXPECT_EQ(parseNumber(" +2.5e3"), 2500.0);
    EXPECT_EQ(parseNumber("-1"), -1.0);
    for (const char* bad : { "", " ", "0.5x", "0,5", "+-1", "1e400", "inf", "nan", "0x10" })
        EXPECT_EQ(parseNumber(bad), std::nullopt) << bad;
}

// ---- declared dims against stored data ----

GraphBuilder convModel()
{
    GraphBuilder g("sized");
    auto x = g.input("x", { 1, 4, 8, 8 });
    g.output(g.relu(g.conv(x, 8, 3)));
    return g;
}

// A Qt application takes LC_NUMERIC from the desktop. Under a German one strtod stops at the
// '.' of "0.5": the studio once refused every pruned model ("'0.5' is not a density").
TEST(Formatters, NumbersReadTheSameUnderADecimalCommaLocale)
{
    const fs::path dir = fs::temp_directory_path() / "mensa_test_locale";
    ASSERT_TRUE(test::buildGermanLocale(dir))
        << "localedef could not build de_DE.UTF-8 (scripts/install-deps.sh installs `locales`)";
    ::setenv("LOCPATH", dir.c_str(), 1);
    ASSERT_NE(std::setlocale(LC_NUMERIC, "de_DE.UTF-8"), nullptr);
    struct Restore {
        ~Restore()
        {
            std::setlocale(LC_NUMERIC, "C");
            ::unsetenv("LOCPATH");
        }
    } restore;
    ASSERT_EQ(std::strtod("0.5", nullptr), 0.0); // the locale bites
    EXPECT_EQ(parseNumber("0.5"), 0.5);

    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    auto* density = proto.add_metadata_props();
    density->set_key(std::string("mensa.weight_density:") + proto.graph().initializer(0).name());
    density->set_value("0.5");
    const Model model = importOnnxBytes(proto.SerializeAsString(), "pruned.onnx");
    ASSERT_FALSE(model.layers.empty());
    EXPECT_LT(model.layers[0].metrics.weightDensity, 1.0);
}

TEST(DeclaredSize, ATensorDeclaredLargerThanItsRawDataIsRefused)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    ASSERT_NO_THROW(importOnnxBytes(proto.SerializeAsString(), "ok.onnx"));
    auto* w = proto.mutable_graph()->mutable_initializer(0);
    w->set_dims(0, w->dims(0) * 2); // 16x4x3x3 declared, 8x4x3x3 stored
    std::string e = errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "big.onnx"); });
    EXPECT_THAT(
        e, HasSubstr("big.onnx: tensor '" + w->name() + "' declares dims 16x4x3x3 (2304 bytes)"));
    EXPECT_THAT(e, HasSubstr("stores 1152 bytes"));
}

TEST(DeclaredSize, TypedValuesAndExternalLengthAreCheckedToo)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    auto* w = proto.mutable_graph()->mutable_initializer(0);
    const size_t count = w->raw_data().size() / 4;
    w->clear_raw_data();
    for (size_t i = 0; i < count / 2; ++i)
        w->add_float_data(0.5f);
    EXPECT_THAT(errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "typed.onnx"); }),
        HasSubstr("declares dims 8x4x3x3 (288 values) but stores 144 values"));

    onnx::ModelProto external = convModel().build(WeightStorage::ExternalMissing);
    ASSERT_NO_THROW(importOnnxBytes(external.SerializeAsString(), "ext.onnx"));
    auto* e = external.mutable_graph()->mutable_initializer(0);
    e->set_dims(1, 8);
    EXPECT_THAT(errorOf([&] { importOnnxBytes(external.SerializeAsString(), "ext.onnx"); }),
        HasSubstr("tensor '" + e->name()
            + "' declares dims 8x8x3x3 (2304 bytes of external data) but stores 1152"));
}

TEST(DeclaredSize, NegativeAndOverflowingDimsAreRefused)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    proto.mutable_graph()->mutable_initializer(0)->set_dims(1, -4);
    EXPECT_THAT(errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "neg.onnx"); }),
        HasSubstr("has the negative dimension -4"));
    proto.mutable_graph()->mutable_initializer(0)->set_dims(1, int64_t(1) << 62);
    EXPECT_THAT(errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "huge.onnx"); }),
        HasSubstr("too many elements"));
}

// ---- external data stays inside the model's folder ----

using ExternalLocation = ScratchDir;

std::string withLocation(onnx::ModelProto proto, const std::string& location)
{
    for (auto& entry : *proto.mutable_graph()->mutable_initializer(0)->mutable_external_data())
        if (entry.key() == "location")
            entry.set_value(location);
    return proto.SerializeAsString();
}

TEST_F(ExternalLocation, OutsideTheFolderIsRefusedTheSameWayWhetherOrNotTheTargetExists)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::ExternalMissing);
    const std::string tensor = proto.graph().initializer(0).name();
    fs::create_directories(m_dir / "model");
    std::ofstream(m_dir / "outside.bin") << std::string(1 << 16, '\0');
    fs::create_symlink(m_dir / "outside.bin", m_dir / "model" / "out.bin");
    fs::create_symlink("../nowhere.bin", m_dir / "model" / "dangling.bin");
    fs::create_symlink("loop2", m_dir / "model" / "loop1");
    fs::create_symlink("loop1", m_dir / "model" / "loop2");
    auto message = [&](const std::string& location) {
        std::ofstream(m_dir / "model" / "m.onnx", std::ios::binary)
            << withLocation(proto, location);
        std::string e = errorOf([&] { importOnnxFile((m_dir / "model" / "m.onnx").string()); });
        EXPECT_THAT(e,
            HasSubstr(
                "tensor '" + tensor + "': external data location '" + location + "' is refused"));
        const std::string quotedLocation = "'" + std::string(location) + "'";
        auto at = e.find(quotedLocation);
        return at == std::string::npos ? e : e.replace(at, quotedLocation.size(), "L");
    };
    const std::string reference = message("../outside.bin");
    for (const char* location :
        { "../nowhere.bin", "../../../../../../etc/passwd", "../../../../../../etc/absent",
            "/etc/passwd", "/proc/self/mem", "out.bin", "dangling.bin", "loop1", "." })
        EXPECT_EQ(message(location), reference) << location;
    // Without a folder (a model from memory), only the text is judged, and the filesystem is not
    // touched.
    for (const char* location : { "../w.bin", "/etc/passwd", "a/../../w.bin" })
        EXPECT_THAT(errorOf([&] { importOnnxBytes(withLocation(proto, location), "mem.onnx"); }),
            HasSubstr("is refused"));
    Model inside = importOnnxBytes(withLocation(proto, "sub/../w.bin"), "mem.onnx");
    EXPECT_EQ(inside.warnings.size(), 1u);
}

TEST_F(ExternalLocation, ASymlinkThatStaysInsideIsAccepted)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::ExternalMissing);
    fs::create_directories(m_dir / "model" / "data");
    std::ofstream(m_dir / "model" / "data" / "w.bin") << std::string(1 << 16, '\0');
    fs::create_symlink("data/w.bin", m_dir / "model" / "w.bin");
    std::ofstream(m_dir / "model" / "m.onnx", std::ios::binary) << withLocation(proto, "w.bin");
    Model model = importOnnxFile((m_dir / "model" / "m.onnx").string());
    for (const auto& warning : model.warnings)
        EXPECT_THAT(warning, Not(HasSubstr("w.bin"))) << warning;
}

// ---- graph policy (docs/import-policy.md) ----

TEST(GraphPolicy, EmptyOperatorTypeIsRefused)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    proto.mutable_graph()->mutable_node(1)->set_op_type("");
    EXPECT_THAT(errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "m.onnx"); }),
        HasSubstr(
            "m.onnx: node 1 ('" + proto.graph().node(1).name() + "') has an empty operator type"));
}

TEST(GraphPolicy, GraphOutputThatNothingProducesIsRefused)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    auto* extra = proto.mutable_graph()->add_output();
    *extra = proto.graph().output(0);
    extra->set_name("ghost");
    EXPECT_THAT(errorOf([&] { importOnnxBytes(proto.SerializeAsString(), "m.onnx"); }),
        HasSubstr("m.onnx: graph output 'ghost' is produced by no node, input or initializer"));
}

TEST(GraphPolicy, UnknownOperatorOfTheStandardDomainIsRefusedButACustomDomainIsWarned)
{
    GraphBuilder standard("std");
    auto x = standard.input("x", { 1, 4, 8, 8 });
    standard.output(standard.custom("Convolution", { standard.relu(x) }, { 1, 4, 8, 8 }));
    EXPECT_THAT(
        errorOf([&] { importOnnxBytes(standard.serialize(WeightStorage::Values), "m.onnx"); }),
        HasSubstr("operator 'Convolution' is not an ONNX operator"));

    GraphBuilder vendor("vendor");
    auto y = vendor.input("x", { 1, 4, 8, 8 });
    vendor.output(vendor.custom("Convolution", { vendor.relu(y) }, { 1, 4, 8, 8 }, "com.vendor"));
    Model model = importOnnxBytes(vendor.serialize(WeightStorage::Values), "m.onnx");
    ASSERT_EQ(model.warnings.size(), 1u);
    EXPECT_THAT(model.warnings[0], HasSubstr("com.vendor::Convolution"));

    // A real ONNX operator the cost model does not know stays a warning, not an error.
    GraphBuilder real("real");
    auto z = real.input("x", { 1, 4, 8, 8 });
    real.output(real.custom("Erf", { z }, { 1, 4, 8, 8 }));
    EXPECT_NO_THROW(importOnnxBytes(real.serialize(WeightStorage::Values), "m.onnx"));
}

// A graph built on an 8x8 input and then declared with a smaller one, shapes left to ONNX.
onnx::ModelProto shrunkInput(const GraphBuilder& b, int64_t side)
{
    onnx::ModelProto proto = b.build(WeightStorage::Values);
    proto.mutable_graph()->clear_value_info();
    for (auto& out : *proto.mutable_graph()->mutable_output())
        out.clear_type();
    auto* t = proto.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type();
    for (int i : { 2, 3 })
        t->mutable_shape()->mutable_dim(i)->set_dim_value(side);
    return proto;
}

// A 5x5 window over an unpadded 4x4 input has no valid position: refused with the file named,
// not imported as a one-pixel output (ONNX's shape inference rounds (4 - 5) / 3 + 1 up to 1).
TEST(GraphPolicy, AWindowWiderThanItsPaddedInputIsRefused)
{
    GraphBuilder conv("too_wide");
    conv.output(conv.conv(conv.input("x", { 1, 3, 8, 8 }), 4, 5, 3, 1, 0));
    const std::string e
        = errorOf([&] { importOnnxBytes(shrunkInput(conv, 4).SerializeAsString(), "wide.onnx"); });
    EXPECT_THAT(e,
        HasSubstr("wide.onnx: node 'conv_1' (Conv): its window spans 5 on axis 2 but the padded "
                  "input has only 4"));
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;

    // Pools too; padding that makes the window fit is fine.
    GraphBuilder unpadded("pool"), padded("pool");
    unpadded.output(unpadded.maxPool(unpadded.input("x", { 1, 3, 8, 8 }), 3, 1, 0));
    padded.output(padded.maxPool(padded.input("x", { 1, 3, 8, 8 }), 3, 1, 1));
    EXPECT_THAT(
        errorOf([&] { importOnnxBytes(shrunkInput(unpadded, 2).SerializeAsString(), "p.onnx"); }),
        HasSubstr("p.onnx: node 'MaxPool_1' (MaxPool): its window spans 3 on axis 2 but the "
                  "padded input has only 2"));
    EXPECT_NO_THROW(importOnnxBytes(shrunkInput(padded, 2).SerializeAsString(), "p.onnx"));
}

// ---- messages ----

std::string withInputDim(int index, int64_t value)
{
    onnx::ModelProto proto = convModel().build(WeightStorage::Values);
    proto.mutable_graph()
        ->mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(index)
        ->set_dim_value(value);
    return proto.SerializeAsString();
}

TEST(InputDims, ZeroAndNegativeDimsAreNamedNotCalledUnresolved)
{
    std::string zero = errorOf([] { importOnnxBytes(withInputDim(1, 0), "m.onnx"); });
    EXPECT_THAT(zero, HasSubstr("m.onnx: dimension 1 of input 'x' is 0"));
    EXPECT_THAT(zero, Not(HasSubstr("unresolved")));
    EXPECT_THAT(errorOf([] { importOnnxBytes(withInputDim(2, -3), "m.onnx"); }),
        HasSubstr("dimension 2 of input 'x' is -3"));
    EXPECT_THAT(errorOf([] { importOnnxBytes(withInputDim(0, -3), "m.onnx"); }),
        HasSubstr("dimension 0 of input 'x' is -3"));
}

TEST(SpecMessages, LinksWithoutAcceleratorsIsOneLineWithoutProtobufNoise)
{
    ::testing::internal::CaptureStderr();
    std::string e = errorOf([] {
        parseSystemSpecText(
            "name: \"s\"\nlinks { from: 0 to: 1 bandwidth_gb_per_s: 1 energy_pj_per_byte: 1 }\n",
            "links.textproto");
    });
    std::string noise = ::testing::internal::GetCapturedStderr();
    EXPECT_THAT(e, HasSubstr("links.textproto"));
    EXPECT_THAT(e, HasSubstr("a system needs at least one accelerator"));
    EXPECT_EQ(noise, "");
}

} // namespace
