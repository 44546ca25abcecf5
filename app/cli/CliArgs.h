#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mensa::cli {

// Parsed command line: positionals and --options. "--key value" and "--key=value" both
// work; an option listed in `flags` takes no value. Repeated options keep every value.
class CliArgs {
public:
    // Throws std::invalid_argument on an option missing its value.
    static CliArgs parse(int argc, const char* const* argv, const std::vector<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool has(const std::string& key) const { return m_options.count(key) > 0; }
    std::optional<std::string> value(const std::string& key) const;
    std::string valueOr(const std::string& key, const std::string& fallback) const;
    std::vector<std::string> values(const std::string& key) const;
    // Every value of a list option ("--accel a,b --accel c"), or `fallback` when it is absent,
    // split at commas, each part trimmed and empty parts dropped.
    std::vector<std::string> listValues(
        const std::string& key, const std::string& fallback = {}) const;
    // Option names that are not in `known`; commands reject them with a clear message.
    std::vector<std::string> unknownOptions(const std::vector<std::string>& known) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<std::string>> m_options;
};

} // namespace mensa::cli
