#include "FigureRenderer.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mensa::cli {
namespace {

namespace fs = std::filesystem;

std::string besideThisExecutable(const std::string& program)
{
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : (self.parent_path() / program).string();
}

std::string candidatePath(const std::string& program, const char* envVar)
{
    const char* env = std::getenv(envVar);
    return env && *env ? std::string(env) : besideThisExecutable(program);
}

std::string candidatePath()
{
    return candidatePath("mensa-figures", "MENSA_FIGURES");
}

std::vector<char*> argvOf(
    const std::string& path, const std::string& command, const std::vector<std::string>& args)
{
    static std::vector<std::string> storage;
    storage = { path, command };
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    return argv;
}

int cannotStart(const std::string& command, const std::string& path, int error)
{
    std::cerr << "mensa " << command << ": cannot start the figure renderer " << path << " ("
              << std::strerror(error) << ")\n";
    return 2;
}

} // namespace

std::string helperProgramPath(const std::string& program, const char* envVar)
{
    const std::string path = candidatePath(program, envVar);
    return !path.empty() && ::access(path.c_str(), X_OK) == 0 ? path : std::string();
}

std::string figureRendererPath()
{
    return helperProgramPath("mensa-figures", "MENSA_FIGURES");
}

int execHelperProgram(const std::string& program, const char* envVar, const std::string& command,
    const std::vector<std::string>& args)
{
    const std::string path = helperProgramPath(program, envVar);
    if (path.empty()) {
        std::cerr << "mensa " << command << ": " << program << " is not at "
                  << candidatePath(program, envVar) << " (set " << envVar << " to its path)\n";
        return 2;
    }
    std::cout.flush();
    std::cerr.flush();
    std::vector<char*> argv = argvOf(path, command, args);
    ::execv(path.c_str(), argv.data());
    return cannotStart(command, path, errno);
}

std::string figureRendererMissing()
{
    return "figures need the figure renderer mensa-figures (built with the GUI libraries), "
           "which is not at "
        + candidatePath() + " (set MENSA_FIGURES to its path)";
}

int execFigureRenderer(const std::string& command, const std::vector<std::string>& args)
{
    if (figureRendererPath().empty()) {
        std::cerr << "mensa " << command << ": " << figureRendererMissing() << "\n";
        return 2;
    }
    return execHelperProgram("mensa-figures", "MENSA_FIGURES", command, args);
}

int runFigureRenderer(const std::string& command, const std::vector<std::string>& args)
{
    const std::string path = figureRendererPath();
    if (path.empty()) {
        std::cerr << "mensa " << command << ": " << figureRendererMissing() << "\n";
        return 2;
    }
    std::cout.flush();
    std::cerr.flush();
    std::vector<char*> argv = argvOf(path, command, args);
    pid_t child = 0;
    if (const int error
        = ::posix_spawn(&child, path.c_str(), nullptr, nullptr, argv.data(), environ))
        return cannotStart(command, path, error);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    std::cerr << "mensa " << command << ": the figure renderer " << path
              << " was stopped by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0) << "\n";
    return 1;
}

} // namespace mensa::cli
