#include "CommandRegistry.h"

#include <iostream>

namespace mensa::cli {

std::map<std::string, Command>& commandRegistry()
{
    static std::map<std::string, Command> registry;
    return registry;
}

namespace {

std::vector<std::string>& storedArguments()
{
    static std::vector<std::string> arguments;
    return arguments;
}

} // namespace

const std::vector<std::string>& commandArguments()
{
    return storedArguments();
}

void setCommandArguments(std::vector<std::string> arguments)
{
    storedArguments() = std::move(arguments);
}

CommandRegistration::CommandRegistration(const std::string& name, Command command)
{
    commandRegistry().emplace(name, std::move(command));
}

int usageError(const std::string& command, const std::string& problem)
{
    std::cerr << "mensa " << command << ": " << problem << " (see mensa " << command
              << " --help)\n";
    return 2;
}

} // namespace mensa::cli
