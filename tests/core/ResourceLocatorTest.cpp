// ResourceLocator: a moved install (PREFIX/bin/mensa + PREFIX/share/mensa-studio/...) finds its
// specs, family rules and sample models, and the environment overrides win over it.
#include "util/ResourceLocator.h"
#include "cluster/FamilyClassifier.h"
#include "cost/SpecParser.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

using namespace mensa;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const char* const kEnvNames[] = { "MENSA_RESOURCES_DIR", "MENSA_DATA_DIR", "MENSA_SOURCE_DIR" };

fs::path sourceTree()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src && *src ? src : MENSA_SOURCE_DIR;
}

void touch(const fs::path& path)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
}

// A scratch folder with a moved install under prefix/; the locator environment is cleared
// for each test and restored afterwards.
class ResourceLocatorTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (const char* name : kEnvNames) {
            const char* value = std::getenv(name);
            m_savedEnv.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
        }
        const fs::path source = sourceTree(); // read before MENSA_SOURCE_DIR is cleared
        for (const char* name : kEnvNames)
            unsetenv(name);
        m_dir = fs::temp_directory_path()
            / ("mensa_locator_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        m_prefix = m_dir / "prefix";
        m_data = m_prefix / "share" / "mensa-studio";
        fs::create_directories(m_prefix / "bin");
        touch(m_prefix / "bin" / "mensa");
        fs::create_directories(m_data / "accelerators");
        fs::create_directories(m_data / "sample_models");
        fs::copy_file(source / "resources/accelerators/mensa.textproto",
            m_data / "accelerators/mensa.textproto");
        fs::copy_file(source / "resources/families.textproto", m_data / "families.textproto");
        fs::copy_file(
            source / "sample_models/mobilenet_v2.onnx", m_data / "sample_models/mobilenet_v2.onnx");
    }
    void TearDown() override
    {
        for (const auto& [name, value] : m_savedEnv)
            value ? (void)setenv(name.c_str(), value->c_str(), 1) : (void)unsetenv(name.c_str());
        fs::remove_all(m_dir);
    }

    ResourceLocator moved() const { return ResourceLocator((m_prefix / "bin" / "mensa").string()); }

    std::vector<std::pair<std::string, std::optional<std::string>>> m_savedEnv;
    fs::path m_dir, m_prefix, m_data;
};

TEST_F(ResourceLocatorTest, MovedInstallFindsSpecsRulesAndSamples)
{
    const ResourceLocator locator = moved();
    EXPECT_EQ(locator.installRoot(), m_data.string());
    EXPECT_EQ(
        locator.findAcceleratorSpec("mensa"), (m_data / "accelerators/mensa.textproto").string());
    EXPECT_EQ(locator.familyRulesPath(), (m_data / "families.textproto").string());
    EXPECT_EQ(locator.findSampleModel("mobilenet_v2.onnx"),
        (m_data / "sample_models/mobilenet_v2.onnx").string());
    EXPECT_EQ(locator.foundDir(ResourceKind::AcceleratorSpecs), (m_data / "accelerators").string());
    EXPECT_EQ(locator.foundDir(ResourceKind::FamilyRules), m_data.string());
    // What the prefix does not ship falls through to the later roots (the compiled-in source tree).
    const std::string edgeTpu = locator.findAcceleratorSpec("edge_tpu");
    EXPECT_FALSE(edgeTpu.empty());
    EXPECT_EQ(edgeTpu.find(m_prefix.string()), std::string::npos) << edgeTpu;
}

TEST_F(ResourceLocatorTest, InstallRootComesBeforeCompiledInFolders)
{
    for (ResourceKind kind :
        { ResourceKind::AcceleratorSpecs, ResourceKind::FamilyRules, ResourceKind::SampleModels }) {
        const std::vector<std::string> dirs = moved().searchDirs(kind);
        ASSERT_GE(dirs.size(), 2u);
        EXPECT_EQ(dirs.front().rfind(m_data.string(), 0), 0u) << dirs.front();
        const auto source = std::find_if(dirs.begin(), dirs.end(), [](const std::string& d) {
            return d.rfind(fs::path(MENSA_SOURCE_DIR).lexically_normal().string(), 0) == 0;
        });
        EXPECT_NE(source, dirs.end());
        EXPECT_EQ(source, dirs.end() - 1) << "the compiled-in source tree is the last resort";
    }
}

TEST_F(ResourceLocatorTest, SymlinkedProgramUsesTheRealInstall)
{
    fs::create_directories(m_dir / "elsewhere");
    fs::create_symlink(m_prefix / "bin" / "mensa", m_dir / "elsewhere" / "mensa");
    const ResourceLocator locator((m_dir / "elsewhere" / "mensa").string());
    EXPECT_EQ(locator.familyRulesPath(), (m_data / "families.textproto").string());
}

TEST_F(ResourceLocatorTest, EnvironmentOverridesWinInOrder)
{
    const fs::path dataRoot = m_dir / "data_env";
    touch(dataRoot / "accelerators/mensa.textproto");
    touch(dataRoot / "families.textproto");
    touch(dataRoot / "sample_models/mobilenet_v2.onnx");
    const fs::path sourceRoot = m_dir / "source_env";
    touch(sourceRoot / "resources/accelerators/mensa.textproto");
    touch(sourceRoot / "resources/families.textproto");
    touch(sourceRoot / "sample_models/mobilenet_v2.onnx");
    const fs::path specs = m_dir / "specs_env";
    touch(specs / "mensa.textproto");

    setenv("MENSA_SOURCE_DIR", sourceRoot.c_str(), 1);
    EXPECT_EQ(moved().findAcceleratorSpec("mensa"),
        (sourceRoot / "resources/accelerators/mensa.textproto").string());
    EXPECT_EQ(moved().familyRulesPath(), (sourceRoot / "resources/families.textproto").string());
    EXPECT_EQ(moved().findSampleModel("mobilenet_v2.onnx"),
        (sourceRoot / "sample_models/mobilenet_v2.onnx").string());

    setenv("MENSA_DATA_DIR", dataRoot.c_str(), 1);
    EXPECT_EQ(
        moved().findAcceleratorSpec("mensa"), (dataRoot / "accelerators/mensa.textproto").string());
    EXPECT_EQ(moved().familyRulesPath(), (dataRoot / "families.textproto").string());
    EXPECT_EQ(moved().findSampleModel("mobilenet_v2.onnx"),
        (dataRoot / "sample_models/mobilenet_v2.onnx").string());

    setenv("MENSA_RESOURCES_DIR", specs.c_str(), 1);
    EXPECT_EQ(moved().findAcceleratorSpec("mensa"), (specs / "mensa.textproto").string());
    EXPECT_EQ(moved().familyRulesPath(), (dataRoot / "families.textproto").string())
        << "specs only";

    // An override naming a missing folder is skipped, not fatal.
    setenv("MENSA_DATA_DIR", (m_dir / "nowhere").c_str(), 1);
    unsetenv("MENSA_SOURCE_DIR");
    unsetenv("MENSA_RESOURCES_DIR");
    EXPECT_EQ(moved().familyRulesPath(), (m_data / "families.textproto").string());
}

TEST_F(ResourceLocatorTest, RelativeOverridesGiveAbsolutePaths)
{
    touch(m_dir / "source_env/sample_models/mobilenet_v2.onnx");
    const fs::path cwd = fs::current_path();
    fs::current_path(m_dir);
    setenv("MENSA_SOURCE_DIR", "source_env", 1);
    const std::string found = moved().findSampleModel("mobilenet_v2.onnx");
    fs::current_path(cwd);
    EXPECT_EQ(found, (m_dir / "source_env/sample_models/mobilenet_v2.onnx").string());
}

TEST_F(ResourceLocatorTest, RejectsNamesThatLeaveTheFolder)
{
    EXPECT_EQ(moved().findAcceleratorSpec("../accelerators/mensa"), "");
    EXPECT_EQ(moved().findAcceleratorSpec(""), "");
    EXPECT_EQ(moved().findSampleModel("../families.textproto"), "");
}

TEST_F(ResourceLocatorTest, NotFoundErrorsListTheFoldersSearched)
{
    setenv("MENSA_DATA_DIR", (m_dir / "nowhere").c_str(), 1);
    try {
        loadSystemSpec("no_such_design");
        FAIL() << "expected MensaError";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.what(), HasSubstr("searched: "));
        EXPECT_THAT(e.what(), HasSubstr((m_dir / "nowhere" / "accelerators").string()));
    }
    try {
        FamilyClassifier::fromFile("");
        FAIL() << "expected MensaError";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.what(), HasSubstr("no family rules found"));
        EXPECT_THAT(e.what(), HasSubstr(m_dir.string() + "/nowhere,"));
    }
}

TEST_F(ResourceLocatorTest, SpecParserForwardsToTheLocator)
{
    setenv("MENSA_RESOURCES_DIR", (m_data / "accelerators").c_str(), 1);
    EXPECT_EQ(specSearchDirs(), ResourceLocator().searchDirs(ResourceKind::AcceleratorSpecs));
    EXPECT_EQ(specSearchDirs().front(), (m_data / "accelerators").string());
    EXPECT_EQ(findBuiltinSpec("mensa"), (m_data / "accelerators/mensa.textproto").string());
}

} // namespace
