// mensa cluster: group the layers of one or more models by their characteristics (k-means)
// and compare the groups with the rule-based Mensa families.
#include "CommandRegistry.h"
#include "ModelLoading.h"

#include "cluster/ClusterExport.h"
#include "cluster/FamilyClassifier.h"
#include "util/Error.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa cluster MODEL.onnx... [--k N] [--all-layers] [--families FILE]\n"
      "                     [--format table|csv|json] [--input-shape NAME=1x3x224x224]...\n"
      "                     [--precision int8|fp16|fp32]\n\n"
      "k-means over the layers of the given models in the space of parameter footprint, FLOP/B,\n"
      "MACs, activation footprint and parameter reuse (each log10(1+x), then z-scored), seeded\n"
      "deterministically with k-means++. Without --k, k in 2..8 is chosen by the silhouette.\n"
      "  --all-layers  include non-compute layers (pooling, element-wise, ...); compute only by "
      "default.\n"
      "  --families    rule file (protobuf text, core/proto/families.proto) for the family\n"
      "                comparison; default: the shipped resources/families.textproto.\n"
      "  --format      table (default): centroids, shares per model, clusters vs families;\n"
      "                csv: one row per layer; json: everything.\n"
      "Exit codes: 0 ok, 1 failure, 2 bad arguments or input.";

int usageError(const std::string& problem)
{
    return cli::usageError("cluster", problem);
}

ClusterOptions optionsFrom(const CliArgs& args)
{
    ClusterOptions options;
    options.allLayers = args.has("all-layers");
    if (auto k = args.value("k")) {
        char* end = nullptr;
        long value = std::strtol(k->c_str(), &end, 10);
        if (k->empty() || *end != '\0' || value < 1 || value > 64)
            throw MensaError("", "--k needs a cluster count between 1 and 64 (got '" + *k + "')");
        options.k = int(value);
    }
    return options;
}

// The explicit rule file, else the shipped one when it can be found.
std::optional<FamilyClassifier> familiesFrom(const CliArgs& args)
{
    if (auto path = args.value("families"))
        return FamilyClassifier::fromFile(*path);
    std::string fallback = FamilyClassifier::defaultRulesPath();
    std::error_code ec;
    if (!std::filesystem::exists(fallback, ec))
        return std::nullopt;
    return FamilyClassifier::fromFile(fallback);
}

std::string render(const std::string& format, const ClusterReport& report,
    const std::vector<const Model*>& models, const FamilyComparison* families)
{
    if (format == "csv")
        return clusterReportToCsv(report, models, families);
    if (format == "json")
        return clusterReportToJson(report, models, families);
    return clusterReportToTable(report, models, families);
}

int runCluster(const CliArgs& args)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(), { "k", "all-layers", "families", "format" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().empty())
        return usageError("missing MODEL argument");
    const std::string format = args.valueOr("format", "table");
    if (format != "table" && format != "csv" && format != "json")
        return usageError("unknown format '" + format + "' (use table, csv or json)");
    std::string output;
    try {
        ClusterOptions options = optionsFrom(args);
        std::optional<FamilyClassifier> classifier = familiesFrom(args);
        std::vector<Model> models;
        for (const auto& path : args.positional()) {
            models.push_back(loadModelFromArgs(args, path));
            printWarnings(models.back(), "cluster", std::cerr);
        }
        std::vector<const Model*> pointers;
        for (const auto& m : models)
            pointers.push_back(&m);
        ClusterReport report = clusterLayers(pointers, options);
        std::optional<FamilyComparison> families;
        if (classifier)
            families = compareWithFamilies(report, pointers, *classifier);
        output = render(format, report, pointers, families ? &*families : nullptr);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa cluster: " << e.what() << "\n";
        return 2;
    }
    std::cout << output;
    return std::cout.good() ? 0 : 1;
}

const CommandRegistration kRegistration("cluster",
    { "group layers by their characteristics and compare with families", kUsage, runCluster,
        { "all-layers" } });

} // namespace
} // namespace mensa::cli
