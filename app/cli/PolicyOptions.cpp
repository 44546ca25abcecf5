#include "PolicyOptions.h"

#include "util/Error.h"

#include <cstdlib>

namespace mensa::cli {

const std::vector<std::string>& policyOptions()
{
    static const std::vector<std::string> names = { "objective", "pipeline" };
    return names;
}

MappingPolicy policyFromArgs(const CliArgs& args)
{
    int stages = 0;
    if (args.has("pipeline")) {
        const std::string text = args.valueOr("pipeline", "");
        char* end = nullptr;
        const long n = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || n < 1 || n > 64)
            throw MensaError(
                "", "--pipeline needs a stage count between 1 and 64 (got '" + text + "')");
        stages = int(n);
    }
    return MappingPolicy::parse(
        args.valueOr("objective", MappingPolicy::defaults().objective.toString()), stages);
}

std::vector<std::string> runHeaderLines(const DesignRun& run)
{
    std::vector<std::string> lines = { run.policy.describe(), run.residencySummary() };
    for (const std::string& caveat : run.caveats())
        lines.push_back("caveat: " + caveat);
    return lines;
}

std::string runHeaderComment(const DesignRun& run)
{
    std::string out;
    for (const std::string& line : runHeaderLines(run))
        out += "# " + line + "\n";
    return out;
}

} // namespace mensa::cli
