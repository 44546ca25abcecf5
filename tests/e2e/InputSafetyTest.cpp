// Input safety of the `mensa` CLI (issue 16): a FIFO, a folder or a device given as any input
// file is refused at once (exit 2, one line), never read or waited on; external data may not
// point outside the model's folder; bad dimensions and broken graphs are refused, not guessed.
// Every run has a time limit, so a hang fails the test (exit 124) instead of stalling it.
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <sys/types.h>

using namespace mensa;
using namespace mensa::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;

constexpr int kLimitSeconds = 20;

size_t lineCount(const std::string& text)
{
    return size_t(std::count(text.begin(), text.end(), '\n'));
}

class InputSafety : public CliTest {
protected:
    fs::path smallModel(WeightStorage storage = WeightStorage::Values)
    {
        GraphBuilder g("small");
        auto x = g.input("x", { 1, 4, 8, 8 });
        g.output(g.relu(g.conv(x, 8, 3)));
        return write("small.onnx", g.serialize(storage));
    }
    fs::path fifo(const std::string& name)
    {
        fs::path path = m_dir / name;
        EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
        return path;
    }
    // Runs with the time limit and checks the common contract: exit 2, one line on stderr.
    CliResult refused(const std::string& args)
    {
        auto start = std::chrono::steady_clock::now();
        CliResult r = runWithin(kLimitSeconds, args);
        double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_NE(r.exitCode, 124)
            << "mensa " << args << " hung (killed after " << kLimitSeconds << " s)";
        EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.err;
        EXPECT_EQ(lineCount(r.err), 1u) << r.err;
        EXPECT_LT(seconds, 10.0) << args;
        return r;
    }
};

TEST_F(InputSafety, FifoGivenAsTheModelIsRefusedAtOnce)
{
    fs::path pipe = fifo("pipe.onnx");
    for (const char* command : { "inspect ", "simulate " }) {
        std::string extra = std::string(command) == "simulate " ? " --accel edge_tpu" : "";
        CliResult r = refused(command + quoted(pipe) + extra);
        EXPECT_THAT(r.err, HasSubstr(pipe.string() + ": is a FIFO, not a regular file")) << r.err;
    }
}

TEST_F(InputSafety, FolderAndDeviceGivenAsTheModelAreRefused)
{
    EXPECT_THAT(
        refused("inspect " + quoted(m_dir)).err, HasSubstr("is a directory, not a regular file"));
    EXPECT_THAT(refused("inspect /dev/null").err,
        HasSubstr("/dev/null: is a character device, not a regular file"));
    EXPECT_THAT(
        refused("simulate /dev/zero --accel edge_tpu").err, HasSubstr("is a character device"));
}

TEST_F(InputSafety, FifoGivenAsSpecOrFamilyRulesIsRefused)
{
    fs::path model = smallModel();
    fs::path spec = fifo("spec.textproto");
    CliResult s = refused("simulate " + quoted(model) + " --accel " + quoted(spec));
    EXPECT_THAT(s.err, HasSubstr(spec.string() + ": is a FIFO, not a regular file"));
    CliResult d = refused("simulate " + quoted(model) + " --accel " + quoted(m_dir));
    EXPECT_THAT(d.err, HasSubstr("is a directory, not a regular file"));
    fs::path rules = fifo("rules.textproto");
    CliResult c = refused("cluster " + quoted(model) + " --families " + quoted(rules));
    EXPECT_THAT(c.err, HasSubstr(rules.string() + ": is a FIFO, not a regular file"));
}

TEST_F(InputSafety, FifoAsExternalDataIsRefused)
{
    fs::path model = smallModel(WeightStorage::ExternalMissing);
    fifo("small.weights.bin");
    CliResult r = refused("inspect " + quoted(model));
    EXPECT_THAT(
        r.err, HasSubstr("external data file 'small.weights.bin' is a FIFO, not a regular file"));
}

// A model whose first initializer's external location is `location`.
std::string modelWithLocation(const std::string& location, std::string* tensorName)
{
    GraphBuilder g("small");
    auto x = g.input("x", { 1, 4, 8, 8 });
    g.output(g.relu(g.conv(x, 8, 3)));
    onnx::ModelProto proto = g.build(WeightStorage::ExternalMissing);
    auto* tensor = proto.mutable_graph()->mutable_initializer(0);
    for (auto& entry : *tensor->mutable_external_data())
        if (entry.key() == "location")
            entry.set_value(location);
    *tensorName = tensor->name();
    return proto.SerializeAsString();
}

TEST_F(InputSafety, ExternalDataOutsideTheModelFolderIsRefusedWithoutProbingIt)
{
    fs::create_directories(m_dir / "models");
    std::ofstream(m_dir / "secret.bin") << std::string(4096, 'x');
    fs::create_symlink(m_dir / "secret.bin", m_dir / "models" / "link.bin");
    fs::create_symlink(m_dir / "absent.bin", m_dir / "models" / "dangling.bin");
    std::string tensor;
    auto errorFor = [&](const std::string& location) {
        fs::path model = m_dir / "models" / "m.onnx";
        std::ofstream(model, std::ios::binary) << modelWithLocation(location, &tensor);
        CliResult r = refused("inspect " + quoted(model));
        EXPECT_THAT(r.err, HasSubstr("tensor '" + tensor + "'")) << location;
        EXPECT_THAT(r.err, HasSubstr("'" + location + "' is refused")) << r.err;
        EXPECT_THAT(r.err, Not(HasSubstr("not found"))) << r.err;
        std::string message = r.err;
        if (auto at = message.find("'" + location + "'"); at != std::string::npos)
            message.replace(at, location.size() + 2, "LOCATION");
        return message;
    };
    const std::string passwd = errorFor("../../../../../../../../etc/passwd");
    EXPECT_EQ(errorFor("../../../../../../../../etc/no-such-file-mensa"), passwd)
        << "existence must not show";
    EXPECT_EQ(errorFor("/etc/passwd"), passwd);
    EXPECT_EQ(errorFor("/proc/self/mem"), passwd);
    EXPECT_EQ(errorFor("../secret.bin"), passwd);
    EXPECT_EQ(errorFor("link.bin"), passwd) << "a symlink leading out of the folder";
    EXPECT_EQ(errorFor("dangling.bin"), passwd)
        << "a dangling symlink out: same line as an existing one";
}

TEST_F(InputSafety, ExternalDataInsideTheFolderStillWorks)
{
    fs::create_directories(m_dir / "models" / "weights");
    std::string tensor;
    std::ofstream(m_dir / "models" / "m.onnx", std::ios::binary)
        << modelWithLocation("weights/../weights/w.bin", &tensor);
    std::ofstream(m_dir / "models" / "weights" / "w.bin") << std::string(1 << 16, '\0');
    CliResult r = runWithin(kLimitSeconds, "inspect " + quoted(m_dir / "models" / "m.onnx"));
    EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST_F(InputSafety, BadInputShapesOnTheCommandLineAreRefused)
{
    fs::path model = smallModel();
    for (const char* shape : { "x=-1x4x8x8", "x=1x4x-8x8", "x=0x4x8x8", "x=1.5x4x8x8" }) {
        CliResult r = refused("inspect " + quoted(model) + " --input-shape " + shape);
        EXPECT_THAT(r.err, HasSubstr("input shape")) << shape << ": " << r.err;
    }
}

TEST_F(InputSafety, SpecWithLinksButNoAcceleratorsIsOneLine)
{
    fs::path model = smallModel();
    fs::path spec = write("links.textproto",
        "name: \"linked\"\n"
        "links { from: 0 to: 1 bandwidth_gb_per_s: 10 energy_pj_per_byte: 1 }\n");
    CliResult r = refused("simulate " + quoted(model) + " --accel " + quoted(spec));
    EXPECT_THAT(r.err, HasSubstr(spec.string()));
    EXPECT_THAT(r.err, HasSubstr("at least one accelerator"));
    EXPECT_THAT(r.err, Not(HasSubstr("libprotobuf")));
}

} // namespace
