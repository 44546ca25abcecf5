#include "CommandRegistry.h"

namespace mensa::cli {

std::map<std::string, Command>& commandRegistry()
{
    static std::map<std::string, Command> registry;
    return registry;
}

CommandRegistration::CommandRegistration(const std::string& name, Command command)
{
    commandRegistry().emplace(name, std::move(command));
}

} // namespace mensa::cli
