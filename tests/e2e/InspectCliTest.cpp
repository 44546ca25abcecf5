// Runs the built `mensa` binary (MENSA_CLI) on models generated into a temp folder.
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;
using test::quoted;

class InspectCli : public test::CliTest { };

std::string tinyNet()
{
    GraphBuilder b("tiny");
    std::string x = b.input("image", { 1, 3, 16, 16 });
    std::string c = b.relu(b.batchNorm(b.conv(x, 8, 3, 2)));
    b.output(b.gemm(b.flatten(b.globalAvgPool(c)), 5));
    return b.serialize(WeightStorage::Values);
}

} // namespace

TEST_F(InspectCli, PrintsTableWithFusedLayersAndTotals)
{
    fs::path model = write("tiny.onnx", tinyNet());
    test::CliResult r = run("inspect " + quoted(model));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("BatchNormalization+Relu"));
    EXPECT_THAT(r.out, HasSubstr("1x8x8x8"));
    EXPECT_THAT(r.out, HasSubstr(std::to_string(8 * 3 * 9 * 64) + " ")); // conv MACs
    EXPECT_THAT(r.out,
        HasSubstr("total: 4 layers (2 compute), " + std::to_string(8 * 3 * 9 * 64 + 40) + " MACs"));
    EXPECT_EQ(r.err, "");
}

TEST_F(InspectCli, CsvAndJsonFormats)
{
    fs::path model = write("tiny.onnx", tinyNet());
    test::CliResult csv = run("inspect " + quoted(model) + " --format csv --precision fp32");
    EXPECT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.rfind("layer,kind,op,fused,macs,", 0), 0u) << csv.out;
    EXPECT_THAT(csv.out, HasSubstr("\r\nTOTAL,"));
    EXPECT_THAT(csv.out, HasSubstr(",Gemm,,40,0,45,180,")); // fp32: 45 params = 180 bytes
    test::CliResult json = run("inspect " + quoted(model) + " --format=json");
    EXPECT_EQ(json.exitCode, 0) << json.err;
    EXPECT_THAT(json.out, HasSubstr("\"layers\": ["));
    EXPECT_THAT(json.out, HasSubstr("\"kind\": \"FullyConnected\""));
    EXPECT_THAT(json.out, HasSubstr("\"totals\": {\"layers\": 4"));
}

TEST_F(InspectCli, InputShapeOverrideAndWarningsOnStderrOnce)
{
    GraphBuilder b("dyn");
    b.output(b.custom(
        "Mystery", { b.conv(b.input("x", { 1, 3, 8, 8 }), 4, 3) }, { 1, 4, 8, 8 }, "org.test"));
    onnx::ModelProto proto = b.build(WeightStorage::ExternalMissing);
    auto* dim = proto.mutable_graph()
                    ->mutable_input(0)
                    ->mutable_type()
                    ->mutable_tensor_type()
                    ->mutable_shape()
                    ->mutable_dim(0);
    dim->set_dim_param("batch");
    fs::path model = write("dyn.onnx", proto.SerializeAsString());

    test::CliResult defaulted = run("inspect " + quoted(model));
    EXPECT_EQ(defaulted.exitCode, 0) << defaulted.err;
    EXPECT_THAT(defaulted.err, HasSubstr("mensa inspect: warning: dynamic batch"));
    EXPECT_THAT(defaulted.err, HasSubstr("org.test::Mystery"));
    EXPECT_THAT(defaulted.err, HasSubstr("dyn.weights.bin"));
    size_t lines = std::count(defaulted.err.begin(), defaulted.err.end(), '\n');
    EXPECT_EQ(lines, 3u) << defaulted.err;

    test::CliResult overridden = run("inspect " + quoted(model) + " --input-shape x=2x3x8x8");
    EXPECT_EQ(overridden.exitCode, 0) << overridden.err;
    EXPECT_THAT(overridden.err, Not(HasSubstr("dynamic batch")));
    EXPECT_THAT(overridden.out, HasSubstr("2x4x8x8"));
}

TEST_F(InspectCli, BadInputExitsTwoWithOneLine)
{
    fs::path text = write("notes.onnx", "not a model at all\n");
    test::CliResult bad = run("inspect " + quoted(text));
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_EQ(bad.err.rfind("mensa inspect: " + text.string() + ": ", 0), 0u) << bad.err;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1);
    EXPECT_EQ(bad.out, "");

    std::string bytes = tinyNet();
    fs::path truncated = write("cut.onnx", bytes.substr(0, bytes.size() / 2));
    EXPECT_EQ(run("inspect " + quoted(truncated)).exitCode, 2);
    test::CliResult missing = run("inspect " + quoted(m_dir / "absent.onnx"));
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_THAT(missing.err, HasSubstr("absent.onnx: cannot open file"));

    fs::path model = write("tiny.onnx", tinyNet());
    EXPECT_EQ(run("inspect " + quoted(model) + " --input-shape image=1x3xfoo").exitCode, 2);
    EXPECT_EQ(run("inspect " + quoted(model) + " --input-shape nothere=1x3x8x8").exitCode, 2);
    EXPECT_EQ(run("inspect " + quoted(model) + " --precision int4").exitCode, 2);
    EXPECT_EQ(run("inspect " + quoted(model) + " --format xml").exitCode, 2);
    EXPECT_EQ(run("inspect " + quoted(model) + " --bogus 1").exitCode, 2);
    EXPECT_EQ(run("inspect").exitCode, 2);
    EXPECT_EQ(run("inspect --help").exitCode, 0);
}
