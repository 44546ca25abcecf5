// mensa explore: design-space exploration of an accelerator spec over one or many models.
#include "AtomicFile.h"
#include "CommandRegistry.h"
#include "ExploreMerge.h"
#include "ExploreOutput.h"
#include "ExploreUsage.h"
#include "ModelLoading.h"
#include "OutputFolder.h"
#include "PolicyOptions.h"

#include "dse/PointTable.h"
#include "dse/Search.h"
#include "util/Error.h"

#include <filesystem>
#include <iostream>
#include <thread>

namespace mensa::cli {
namespace {

constexpr uint64_t kDefaultBudget = 500;

int usageError(const std::string& problem)
{
    return cli::usageError("explore", problem);
}

std::optional<uint64_t> wholeOption(const CliArgs& args, const std::string& key, uint64_t fallback)
{
    const auto text = args.value(key);
    if (!text)
        return fallback;
    try {
        size_t used = 0;
        const long long v = std::stoll(*text, &used);
        if (used == text->size() && v >= 0)
            return uint64_t(v);
    }
    catch (const std::exception&) {
    }
    return std::nullopt;
}

std::optional<ShardSlice> parseShard(const std::string& text)
{
    const size_t slash = text.find('/');
    try {
        size_t a = 0, b = 0;
        const long long k = std::stoll(text.substr(0, slash), &a);
        const long long n = std::stoll(text.substr(slash + 1), &b);
        if (slash != std::string::npos && a == slash && b == text.size() - slash - 1 && n >= 1
            && k >= 1 && k <= n)
            return ShardSlice { uint64_t(k - 1), uint64_t(n) };
    }
    catch (const std::exception&) {
    }
    return std::nullopt;
}

struct ExploreRequest {
    std::string search; // exhaustive, blackbox, random
    uint64_t budget = kDefaultBudget;
    uint64_t seed = 1;
    std::optional<ShardSlice> shard;
    unsigned jobs = 1;
    bool figures = true; // --no-figures: the results without the figures
};

std::string modeText(const ExploreRequest& r)
{
    if (r.search == "exhaustive")
        return "exhaustive";
    return r.search + ", budget " + std::to_string(r.budget) + ", seed " + std::to_string(r.seed);
}

std::vector<std::string> modelPaths(const SearchSpace& space, const CliArgs& args)
{
    std::vector<std::string> paths = space.models;
    paths.insert(paths.end(), args.positional().begin() + 1, args.positional().end());
    return paths;
}

void search(const Explorer& explorer, const ExploreRequest& r, const PointSink& sink)
{
    if (r.search == "exhaustive")
        exploreExhaustive(explorer, r.shard.value_or(ShardSlice {}), sink, r.jobs);
    else if (r.search == "blackbox")
        exploreBlackBox(explorer, r.budget, r.seed, sink);
    else
        exploreRandom(explorer, r.budget, r.seed, sink);
}

// Runs the search, streaming points.csv; returns the exit code.
int runSearch(const Explorer& explorer, const ExploreRequest& r, const std::string& outDir,
    const std::vector<std::string>& modelNames, const std::string& runHash)
{
    const SearchSpace& space = explorer.space();
    OutputFolder folder(outDir);
    std::error_code ec;
    std::filesystem::remove(folder.file(kShardMarkerName), ec); // an earlier run's marker
    StreamingFile points(folder.file("points.csv"));
    points.write(pointCsvHeader(space, modelNames));
    ExploreCollector collector(space);
    uint64_t rows = 0;
    search(explorer, r, [&](const PointResult& p) {
        collector.add(p);
        if (p.status == PointStatus::Evaluated) {
            points.write(pointCsvRow(space, p));
            ++rows;
        }
    });
    const ExploreTally& t = collector.tally();
    if (r.shard) {
        points.commit();
        const std::filesystem::path absolute = std::filesystem::absolute(space.file);
        ShardMarker marker { absolute.lexically_normal().string(), textHash(space.text), runHash,
            r.shard->index, r.shard->count, rows, t.invalid, t.overArea, modelNames };
        writeFileAtomically(folder.file(kShardMarkerName), shardMarkerText(marker));
        folder.keep();
        std::cout << "shard " << r.shard->index + 1 << "/" << r.shard->count << ": " << rows
                  << " points simulated, " << t.invalid << " invalid, " << t.overArea
                  << " over the area bound; wrote " << folder.file("points.csv") << "\n";
        return 0;
    }
    if (const std::string problem = collector.infeasibleProblem(); !problem.empty()) {
        std::cerr << "mensa explore: " << problem << "\n";
        return 2; // points' temporary file and the folder (if new) go away
    }
    if (space.hasModelAxis())
        writeCodesign(outDir, explorer, collector, std::cout);
    writeExploreResults(outDir, space, modelNames, modeText(r), collector, points);
    folder.keep();
    std::cout << "explored " << space.pointCount() << "-point space (" << modeText(r)
              << "): " << t.evaluated << " simulated, " << t.invalid << " invalid, " << t.overArea
              << " over the area bound, " << t.feasible << " within the constraints; Pareto front "
              << collector.front().size() << " points; wrote " << outDir << "\n";
    if (const std::string scaling = energyScalingText(space); !scaling.empty())
        std::cout << scaling << "\n";
    return r.figures ? drawExploreFigures(space.file, outDir, modeText(r)) : 0;
}

// runSearch with a file that cannot be written reported as exit code 1.
int searchAndWrite(const Explorer& explorer, const ExploreRequest& r, const std::string& outDir,
    const std::vector<std::string>& modelNames, const std::string& runHash)
{
    try {
        return runSearch(explorer, r, outDir, modelNames, runHash);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa explore: " << e.what() << "\n";
        return 1;
    }
}

std::optional<std::string> chooseSearch(const CliArgs& args, const SearchSpace& space)
{
    std::string s = args.valueOr("search", "auto");
    if (args.has("exhaustive") || args.has("shard"))
        s = s == "auto" ? "exhaustive" : s;
    if (s == "auto")
        return space.pointCount() <= kExhaustiveLimit ? "exhaustive" : "blackbox";
    if (s == "exhaustive" || s == "blackbox" || s == "random")
        return s;
    return std::nullopt;
}

int runExplore(const CliArgs& args)
{
    if (!args.positional().empty() && args.positional().front() == "merge")
        return runExploreMerge(args);
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(),
        { "out", "budget", "seed", "objective", "shard", "search", "exhaustive", "no-figures",
            "jobs" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().empty())
        return usageError("missing SPACE argument");
    if (!args.has("out"))
        return usageError("missing --out DIR");
    ExploreRequest request;
    const auto budget = wholeOption(args, "budget", kDefaultBudget);
    const auto seed = wholeOption(args, "seed", 1);
    if (!budget || *budget == 0)
        return usageError("--budget takes a whole number >= 1");
    if (!seed)
        return usageError("--seed takes a whole number >= 0");
    const auto jobs = wholeOption(args, "jobs", std::max(1u, std::thread::hardware_concurrency()));
    if (!jobs || *jobs == 0 || *jobs > 256)
        return usageError("--jobs takes a whole number from 1 to 256");
    request.jobs = unsigned(*jobs);
    request.figures = !args.has("no-figures");
    request.budget = *budget;
    request.seed = *seed;
    if (args.has("shard")) {
        request.shard = parseShard(args.valueOr("shard", ""));
        if (!request.shard)
            return usageError("--shard takes K/N with 1 <= K <= N");
    }
    try {
        const SearchSpace space = loadSearchSpace(args.positional().front());
        const auto mode = chooseSearch(args, space);
        if (!mode)
            return usageError("--search takes auto, exhaustive, blackbox or random");
        request.search = *mode;
        if (request.shard && request.search != "exhaustive")
            return usageError("--shard splits an exhaustive search only");
        const std::vector<std::string> paths = modelPaths(space, args);
        if (space.hasModelAxis() && !paths.empty())
            return usageError("the space has a model_axis: it takes no MODEL arguments");
        if (paths.empty() && !space.hasModelAxis())
            return usageError("no models (give MODEL arguments or models in the space file)");
        const MappingPolicy policy = policyFromArgs(args);
        std::vector<std::shared_ptr<const Model>> models;
        std::vector<std::string> names;
        for (const std::string& path : paths) {
            models.push_back(std::make_shared<const Model>(loadModelFromArgs(args, path)));
            printWarnings(*models.back(), "explore", std::cerr);
            names.push_back(models.back()->name);
        }
        if (space.hasModelAxis())
            names = { "variant" };
        const Explorer explorer(space, models, policy);
        return searchAndWrite(explorer, request, *args.value("out"), names,
            exploreRunHash(space, policy.name(), paths));
    }
    catch (const MensaError& e) {
        std::cerr << "mensa explore: " << e.what() << "\n";
        return 2;
    }
}

const CommandRegistration kRegistration(
    "explore", { exploreSummary(), exploreUsage(), runExplore, exploreFlags() });

} // namespace
} // namespace mensa::cli
