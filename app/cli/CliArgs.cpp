#include "CliArgs.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace mensa::cli {

CliArgs CliArgs::parse(int argc, const char* const* argv, const std::vector<std::string>& flags)
{
    CliArgs args;
    for (int i = 0; i < argc; ++i) {
        std::string token = argv[i];
        if (token.rfind("--", 0) != 0 || token == "--") {
            args.m_positional.push_back(token);
            continue;
        }
        std::string key = token.substr(2);
        auto eq = key.find('=');
        if (eq != std::string::npos) {
            args.m_options[key.substr(0, eq)].push_back(key.substr(eq + 1));
        }
        else if (std::find(flags.begin(), flags.end(), key) != flags.end()) {
            args.m_options[key].push_back("");
        }
        else if (i + 1 < argc) {
            args.m_options[key].push_back(argv[++i]);
        }
        else {
            throw std::invalid_argument("option --" + key + " needs a value");
        }
    }
    return args;
}

std::optional<std::string> CliArgs::value(const std::string& key) const
{
    auto it = m_options.find(key);
    if (it == m_options.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::string CliArgs::valueOr(const std::string& key, const std::string& fallback) const
{
    return value(key).value_or(fallback);
}

std::vector<std::string> CliArgs::values(const std::string& key) const
{
    auto it = m_options.find(key);
    return it == m_options.end() ? std::vector<std::string> {} : it->second;
}

std::vector<std::string> CliArgs::listValues(
    const std::string& key, const std::string& fallback) const
{
    const std::vector<std::string> given = has(key) ? values(key) : std::vector { fallback };
    std::vector<std::string> out;
    for (const std::string& value : given) {
        std::istringstream in(value);
        for (std::string part; std::getline(in, part, ',');) {
            const size_t first = part.find_first_not_of(" \t");
            if (first != std::string::npos)
                out.push_back(part.substr(first, part.find_last_not_of(" \t") - first + 1));
        }
    }
    return out;
}

std::vector<std::string> CliArgs::unknownOptions(const std::vector<std::string>& known) const
{
    std::vector<std::string> unknown;
    for (const auto& [key, values] : m_options)
        if (std::find(known.begin(), known.end(), key) == known.end())
            unknown.push_back(key);
    return unknown;
}

} // namespace mensa::cli
