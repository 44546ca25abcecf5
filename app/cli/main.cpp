// mensa: the command-line twin of Mensa Studio.
#include "CommandRegistry.h"
#include "util/Allocator.h"
#include "util/Sanitizers.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

using namespace mensa::cli;

namespace {

const std::vector<std::string> kCommonFlags = { "help" };

void printHelp()
{
    std::cout << "mensa " << MENSA_VERSION
              << ": explore how neural-network models run on edge ML accelerators\n\n"
                 "Usage: mensa COMMAND [ARGS...]   (mensa COMMAND --help for details)\n\n";
    for (const auto& [name, command] : commandRegistry())
        std::cout << "  " << name << std::string(12 - std::min<size_t>(11, name.size()), ' ')
                  << command.summary << "\n";
}

// Ends the process once the output is flushed, without destroying static objects: the ONNX
// schema registry alone takes milliseconds to tear down, and every file is already written and
// closed. Sanitizer builds exit normally so that the leak check runs.
[[noreturn]] void finish(int code)
{
#if !MENSA_HAS_ASAN
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
#else
    std::exit(code);
#endif
}

int runCommand(int argc, char** argv);

} // namespace

int main(int argc, char** argv)
{
    mensa::keepFreedMemory();
    finish(runCommand(argc, argv));
}

namespace {

int runCommand(int argc, char** argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "help")) {
        printHelp();
        return argc < 2 ? 2 : 0;
    }
    auto& registry = commandRegistry();
    auto it = registry.find(argv[1]);
    if (it == registry.end() && !std::strcmp(argv[1], "--version"))
        it = registry.find("version");
    if (it == registry.end()) {
        std::cerr << "mensa: unknown command '" << argv[1] << "' (see mensa --help)\n";
        return 2;
    }
    try {
        auto flags = kCommonFlags;
        flags.insert(flags.end(), it->second.flags.begin(), it->second.flags.end());
        setCommandArguments({ argv + 2, argv + argc });
        CliArgs args = CliArgs::parse(argc - 2, argv + 2, flags);
        if (args.has("help")) {
            std::cout << it->second.usage << "\n";
            return 0;
        }
        return it->second.run(args);
    }
    catch (const std::exception& e) {
        std::cerr << "mensa " << argv[1] << ": " << e.what() << "\n";
        return 2;
    }
}

} // namespace
