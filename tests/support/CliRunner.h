#pragma once
// Runs the built `mensa` binary for end-to-end tests: MENSA_CLI, else the mensa binary of the
// same build tree (tests/../app/cli/mensa), since gtest_discover_tests passes only the first
// ENVIRONMENT entry to discovered tests.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace mensa::test {

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

inline std::string mensaCliPath()
{
    if (const char* cli = std::getenv("MENSA_CLI"); cli && *cli)
        return cli;
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (self.parent_path().parent_path() / "app" / "cli" / "mensa").string();
}

// The source tree (sample models, specs): MENSA_SOURCE_DIR, else the one this test was built from.
inline std::filesystem::path sourceDir()
{
    const char* dir = std::getenv("MENSA_SOURCE_DIR");
    return dir && *dir ? dir : MENSA_SOURCE_DIR;
}

inline std::string readWholeFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), {} };
}

// Runs `mensa ARGS` (ARGS already shell-quoted) with stdout/stderr captured in scratchDir.
// `prefix` (e.g. "timeout 20 ") goes before the binary.
inline CliResult runMensa(const std::string& args, const std::filesystem::path& scratchDir,
    const std::string& prefix = "")
{
    std::filesystem::path out = scratchDir / ".cli_stdout.txt";
    std::filesystem::path err = scratchDir / ".cli_stderr.txt";
    std::string command = prefix + "'" + mensaCliPath() + "' " + args + " >'" + out.string()
        + "' 2>'" + err.string() + "'";
    int status = std::system(command.c_str());
    CliResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = readWholeFile(out);
    r.err = readWholeFile(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return r;
}

// Like runMensa, but a run longer than `seconds` is killed (coreutils timeout) and gives exit
// code 124, so a hang fails the test instead of stalling the suite.
inline CliResult runMensaWithin(
    int seconds, const std::string& args, const std::filesystem::path& scratchDir)
{
    return runMensa(args, scratchDir, "timeout -k 2 " + std::to_string(seconds) + " ");
}

// Runs a shell command; out holds what it writes to stdout (and what it redirects there).
inline CliResult runShell(const std::string& command)
{
    CliResult r;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buffer;
    while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
        r.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// Runs `mensa ARGS` with the source tree's accelerator specs; out holds stdout and stderr
// together, as a user sees them in a terminal.
// The shell words that run mensa with the source tree's specs.
inline std::string mensaCommand()
{
    return "MENSA_RESOURCES_DIR='" + (sourceDir() / "resources/accelerators").string() + "' '"
        + mensaCliPath() + "'";
}

inline CliResult runMensaMerged(const std::string& args)
{
    return runShell(mensaCommand() + " " + args + " 2>&1");
}

// Whether this build has the GUI targets (mensa-studio, mensa-figures): fixed when the tests
// are compiled, so that a GUI build whose renderer or app is missing or crashes fails the tests
// that need it instead of skipping them.
inline bool guiBuilt()
{
#if defined(MENSA_GUI_BUILT) && MENSA_GUI_BUILT
    return true;
#else
    return false;
#endif
}

// Whether mensa-figures, which draws the figures of `mensa figures` and `mensa reproduce`,
// was built (it needs the GUI libraries). Always true in a GUI build: see guiBuilt().
inline bool figureRendererBuilt()
{
    return guiBuilt()
        || runMensaMerged("--version").out.find("figure renderer: /") != std::string::npos;
}

inline std::string quoted(const std::filesystem::path& path)
{
    return "'" + path.string() + "'";
}

// Fixture for CLI tests: a scratch folder per test (removed afterwards), files written into
// it, and `mensa` run with its output captured there.
class CliTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(std::filesystem::exists(mensaCliPath()))
            << "set MENSA_CLI to the mensa binary (tried " << mensaCliPath() << ")";
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = std::filesystem::temp_directory_path()
            / ("mensa_" + std::string(info->test_suite_name()) + "_" + std::to_string(::getpid())
                + "_" + info->name());
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path write(const std::string& name, const std::string& bytes)
    {
        std::filesystem::path path = m_dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    CliResult run(const std::string& args) { return runMensa(args, m_dir); }
    CliResult runWithin(int seconds, const std::string& args)
    {
        return runMensaWithin(seconds, args, m_dir);
    }

    std::filesystem::path m_dir;
};

} // namespace mensa::test
