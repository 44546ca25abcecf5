// `mensa-studio MODEL... --export-figures DIR` (headless) writes exactly the files
// `mensa figures MODEL... --out DIR` writes, byte for byte: one figure pipeline.
#include "CliRunner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

fs::path studioPath()
{
    return fs::path(mensaCliPath()).parent_path().parent_path() / "studio" / "mensa-studio";
}

std::set<std::string> filesIn(const fs::path& dir)
{
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.insert(e.path().filename().string());
    return names;
}

} // namespace

class StudioExport : public CliTest { };

TEST_F(StudioExport, WritesTheFilesMensaFiguresWritesByteForByte)
{
    if (!fs::exists(studioPath())) {
        if (guiBuilt())
            FAIL() << "a GUI build without " << studioPath();
        GTEST_SKIP() << "built without the GUI: no mensa-studio";
    }
    const fs::path samples = sourceDir() / "sample_models";
    const std::string models = "'" + (samples / "mobilenet_v2.onnx").string() + "' '"
        + (samples / "lstm_keyword_spotting.onnx").string() + "'";
    const fs::path cli = m_dir / "cli", gui = m_dir / "gui";
    const CliResult figures = run("figures " + models + " --out '" + cli.string() + "'");
    ASSERT_EQ(figures.exitCode, 0) << figures.err;
    const std::string command = "QT_QPA_PLATFORM=offscreen QT_FONT_DPI=96 XDG_CONFIG_HOME='"
        + (m_dir / "cfg").string() + "' '" + studioPath().string() + "' " + models
        + " --export-figures '" + gui.string() + "' >'" + (m_dir / "studio.log").string()
        + "' 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << readWholeFile(m_dir / "studio.log");
    const auto expected = filesIn(cli);
    ASSERT_GE(expected.size(), 20u);
    EXPECT_EQ(filesIn(gui), expected);
    for (const std::string& name : expected)
        EXPECT_TRUE(readWholeFile(gui / name) == readWholeFile(cli / name)) << name << " differs";
}
