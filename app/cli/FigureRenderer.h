#pragma once
// The figure commands render with Qt (views/FigurePipeline). They live in a second executable,
// mensa-figures, beside mensa, so that every other command starts without loading Qt: mensa
// hands a figure command over to it.
#include <string>
#include <vector>

namespace mensa::cli {

// The mensa-figures executable: $MENSA_FIGURES, else the file of that name beside this
// executable. Empty when there is none (a build without the GUI libraries).
std::string figureRendererPath();

// One line saying why figures cannot be drawn, naming where the renderer was looked for.
std::string figureRendererMissing();

// Replaces this process with `mensa-figures ARGS...` (stdout, stderr and the exit code are the
// renderer's). Returns only when that is impossible: prints one line and returns 2.
int execFigureRenderer(const std::string& command, const std::vector<std::string>& args);

// Runs `mensa-figures ARGS...` as a child process and returns its exit code (2 with one line
// on stderr when it cannot be started).
int runFigureRenderer(const std::string& command, const std::vector<std::string>& args);

// The same for any helper program beside mensa (e.g. mensa-explore, which links the search
// library): PROGRAM is its file name, ENV_VAR the variable that may name its path instead.
std::string helperProgramPath(const std::string& program, const char* envVar);
int execHelperProgram(const std::string& program, const char* envVar, const std::string& command,
    const std::vector<std::string>& args);

} // namespace mensa::cli
