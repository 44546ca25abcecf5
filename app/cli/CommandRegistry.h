#pragma once

#include "CliArgs.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mensa::cli {

// A CLI command: returns the process exit code (0 ok, 1 failure, 2 bad input/usage).
struct Command {
    std::string summary; // one line for `mensa --help`
    std::string usage; // full usage text for `mensa COMMAND --help`
    std::function<int(const CliArgs&)> run;
    std::vector<std::string> flags = {}; // options of this command that take no value
};

std::map<std::string, Command>& commandRegistry();

// The arguments after the command name, as given (for commands handed to another program).
const std::vector<std::string>& commandArguments();
void setCommandArguments(std::vector<std::string> arguments);

// Bad usage of `mensa COMMAND`: one line on stderr naming the problem and the help; returns 2.
int usageError(const std::string& command, const std::string& problem);

// Registers a command at static-initialisation time; one per *Command.cpp file.
struct CommandRegistration {
    CommandRegistration(const std::string& name, Command command);
};

} // namespace mensa::cli
