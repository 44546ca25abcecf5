// `mensa-studio` run headless from a script: --geometry sizes the screenshot, bad input gives
// one line on stderr and a non-zero exit instead of an invisible message box and exit 0.
#include "CliRunner.h"
#include "GermanLocale.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <utility>

using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

fs::path studioBinary()
{
    return fs::path(mensaCliPath()).parent_path().parent_path() / "studio" / "mensa-studio";
}

class StudioCommandLine : public CliTest {
protected:
    void SetUp() override
    {
        CliTest::SetUp();
        if (!fs::exists(studioBinary())) {
            if (guiBuilt())
                FAIL() << "a GUI build without " << studioBinary();
            GTEST_SKIP() << "built without the GUI: no mensa-studio";
        }
    }
    // Runs `mensa-studio ARGS` offscreen with a scratch settings store (killed after 120 s),
    // after the shell words `environment` ("NAME=value ...").
    CliResult studio(const std::string& args, const std::string& environment = {})
    {
        const fs::path out = m_dir / "studio_out.txt", err = m_dir / "studio_err.txt";
        const std::string command = environment
            + "QT_QPA_PLATFORM=offscreen QT_FONT_DPI=96 XDG_CONFIG_HOME='"
            + (m_dir / "cfg").string() + "' timeout -k 2 120 '" + studioBinary().string() + "' "
            + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
        const int status = std::system(command.c_str());
        CliResult r;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = readWholeFile(out);
        r.err = readWholeFile(err);
        return r;
    }
    std::string sample(const std::string& name) const
    {
        return "'" + (sourceDir() / "sample_models" / name).string() + "'";
    }
};

// Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian).
std::pair<int, int> pngSize(const fs::path& path)
{
    const std::string bytes = readWholeFile(path);
    if (bytes.size() < 24 || bytes.compare(1, 3, "PNG") != 0)
        return { 0, 0 };
    auto be32 = [&](size_t at) {
        int v = 0;
        for (size_t i = at; i < at + 4; ++i)
            v = (v << 8) | static_cast<unsigned char>(bytes[i]);
        return v;
    };
    return { be32(16), be32(20) };
}

} // namespace

TEST_F(StudioCommandLine, GeometrySetsTheScreenshotSize)
{
    const fs::path png = m_dir / "small.png";
    const CliResult r = studio(sample("lstm_keyword_spotting.onnx") + " --geometry 1024x768"
        + " --screenshot '" + png.string() + "'");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(pngSize(png), std::make_pair(1024, 768));
}

TEST_F(StudioCommandLine, BadGeometryExitsTwo)
{
    const CliResult r
        = studio("--geometry 1024by768 --screenshot '" + (m_dir / "x.png").string() + "'");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--geometry '1024by768'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "x.png"));
}

TEST_F(StudioCommandLine, UnknownOptionExitsTwo)
{
    const CliResult r = studio("--no-such-option");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << r.err;
}

TEST_F(StudioCommandLine, ScreenshotOfABadModelReportsTheErrorAndFails)
{
    const fs::path bad = m_dir / "broken.onnx";
    std::ofstream(bad) << "this is not a protobuf";
    const fs::path png = m_dir / "bad.png";
    const CliResult r = studio("'" + bad.string() + "' --screenshot '" + png.string() + "'");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("broken.onnx"), std::string::npos) << r.err;
}

TEST_F(StudioCommandLine, ScreenshotOfAMissingModelReportsTheErrorAndFails)
{
    const CliResult r = studio("'" + (m_dir / "absent.onnx").string() + "' --screenshot '"
        + (m_dir / "absent.png").string() + "'");
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("absent.onnx: no such file"), std::string::npos) << r.err;
}

TEST_F(StudioCommandLine, ScreenshotThatCannotBeWrittenFails)
{
    const CliResult r = studio(sample("lstm_keyword_spotting.onnx") + " --screenshot '"
        + (m_dir / "no_dir" / "x.png").string() + "'");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("cannot write screenshot"), std::string::npos) << r.err;
}

TEST_F(StudioCommandLine, RaiseOfAnUnknownDockExitsTwoNamingTheDocks)
{
    const CliResult r = studio(sample("lstm_keyword_spotting.onnx") + " --raise 'No such dock'"
        + " --screenshot '" + (m_dir / "r.png").string() + "'");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--raise 'No such dock': no such dock"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'Schedule'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'Layers'"), std::string::npos) << r.err;
    const size_t at = r.err.find("mensa-studio: --raise");
    ASSERT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n', at), r.err.size() - 1) << "one line, the last: " << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "r.png"));
}

TEST_F(StudioCommandLine, RaiseOfAKnownDockIsCaseInsensitive)
{
    const fs::path png = m_dir / "ok.png";
    const CliResult r = studio(sample("lstm_keyword_spotting.onnx") + " --raise schedule"
        + " --screenshot '" + png.string() + "'");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::exists(png));
}

// A German desktop gives every Qt application its decimal comma: the studio once refused a
// pruned model ("'0.5' is not a density") and put "0,5" on its figures' tick labels.
TEST_F(StudioCommandLine, AGermanDesktopOpensAPrunedModelAndExportsTheSameFigures)
{
    const fs::path locales = m_dir / "locales";
    ASSERT_TRUE(buildGermanLocale(locales))
        << "localedef could not build de_DE.UTF-8 (scripts/install-deps.sh installs `locales`)";
    const fs::path pruned = m_dir / "pruned.onnx";
    ASSERT_EQ(run("prune " + sample("squeezenet1_1.onnx") + " --ratio 0.5 --granularity element"
                  + " --out '" + pruned.string() + "'")
                  .exitCode,
        0);
    const std::string german = germanLocaleEnvironment(locales);
    const CliResult shot = studio(
        "'" + pruned.string() + "' --screenshot '" + (m_dir / "de.png").string() + "'", german);
    ASSERT_EQ(shot.exitCode, 0) << shot.err;

    const std::string model = "'" + pruned.string() + "' --export-figures ";
    ASSERT_EQ(studio(model + "'" + (m_dir / "c").string() + "'").exitCode, 0);
    ASSERT_EQ(studio(model + "'" + (m_dir / "de").string() + "'", german).exitCode, 0);
    int compared = 0;
    for (const auto& entry : fs::directory_iterator(m_dir / "c")) {
        EXPECT_TRUE(
            readWholeFile(entry.path()) == readWholeFile(m_dir / "de" / entry.path().filename()))
            << entry.path().filename();
        ++compared;
    }
    EXPECT_GT(compared, 20);
}
