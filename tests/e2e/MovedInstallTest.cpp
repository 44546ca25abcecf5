// A moved install: the built mensa copied to PREFIX/bin with its data under
// PREFIX/share/mensa-studio, run from another folder without MENSA_SOURCE_DIR or
// MENSA_RESOURCES_DIR, finds its specs, family rules and sample models there. The prefix's
// copies are renamed (spec name, family name) so the output shows they, and not the
// compiled-in source tree, were used.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace mensa::test;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

// Copies FROM to TO replacing the first occurrence of WHAT (which must be there) by WITH.
void copyReplacing(
    const fs::path& from, const fs::path& to, const std::string& what, const std::string& with)
{
    std::string text = readWholeFile(from);
    const size_t at = text.find(what);
    ASSERT_NE(at, std::string::npos) << what << " not in " << from;
    text.replace(at, what.size(), with);
    std::ofstream(to, std::ios::binary) << text;
}

class MovedInstall : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = fs::temp_directory_path() / ("mensa_moved_install_" + std::to_string(::getpid()));
        fs::remove_all(s_dir);
        const fs::path data = s_dir / "prefix/share/mensa-studio";
        fs::create_directories(s_dir / "prefix/bin");
        fs::create_directories(s_dir / "cwd");
        fs::create_directories(data / "sample_models");
        if (!fs::exists(mensaCliPath()))
            return;
        fs::copy_file(mensaCliPath(), s_dir / "prefix/bin/mensa");
        const fs::path source = sourceDir();
        fs::copy(source / "resources/accelerators", data / "accelerators");
        fs::remove(data / "accelerators/mensa.textproto");
        copyReplacing(source / "resources/accelerators/mensa.textproto",
            data / "accelerators/mensa.textproto", "\nname: \"mensa\"",
            "\nname: \"mensa_from_prefix\"");
        copyReplacing(source / "resources/families.textproto", data / "families.textproto",
            "name: \"Family 1", "name: \"Prefix Family 1");
        fs::copy_file(
            source / "sample_models/mobilenet_v2.onnx", data / "sample_models/mobilenet_v2.onnx");
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir); }
    void SetUp() override
    {
        ASSERT_TRUE(fs::exists(s_dir / "prefix/bin/mensa")) << "set MENSA_CLI to the mensa binary";
    }

    // Runs PREFIX/bin/mensa ARGS from another folder with no source-tree or data overrides that
    // point anywhere real (MENSA_DATA_DIR names a missing folder, which the locator skips).
    static CliResult runMoved(const std::string& args)
    {
        const fs::path out = s_dir / "out.txt", err = s_dir / "err.txt";
        const std::string command = "cd " + quoted(s_dir / "cwd")
            + " && env -u MENSA_SOURCE_DIR -u MENSA_RESOURCES_DIR" + " MENSA_DATA_DIR="
            + quoted(s_dir / "nowhere") + " " + quoted(s_dir / "prefix/bin/mensa") + " " + args
            + " >" + quoted(out) + " 2>" + quoted(err);
        const int status = std::system(command.c_str());
        CliResult r;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = readWholeFile(out);
        r.err = readWholeFile(err);
        return r;
    }
    static std::string data() { return (s_dir / "prefix/share/mensa-studio").string(); }
    static std::string sample()
    {
        return quoted(s_dir / "prefix/share/mensa-studio/sample_models/mobilenet_v2.onnx");
    }

    static fs::path s_dir;
};

fs::path MovedInstall::s_dir;

TEST_F(MovedInstall, SimulateUsesThePrefixSpec)
{
    const CliResult r = runMoved("simulate " + sample() + " --accel mensa");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("accelerator: mensa_from_prefix"));
}

TEST_F(MovedInstall, ClusterUsesThePrefixFamilyRules)
{
    const CliResult r = runMoved("cluster " + sample());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Prefix Family 1"));
}

TEST_F(MovedInstall, VersionShowsWhereTheDataIsFound)
{
    const CliResult r = runMoved("--version");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("accelerator specs: " + data() + "/accelerators\n"));
    EXPECT_THAT(r.out, HasSubstr("family rules: " + data() + "\n"));
    EXPECT_THAT(r.out, HasSubstr("sample models: " + data() + "/sample_models\n"));
}

TEST_F(MovedInstall, UnknownSpecListsTheFoldersSearched)
{
    const CliResult r = runMoved("simulate " + sample() + " --accel no_such_design");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("searched: "));
    EXPECT_THAT(r.err, HasSubstr(data() + "/accelerators"));
}

} // namespace
