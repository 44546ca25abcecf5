#include "analysis/Analysis.h"

#include "cluster/FamilyClassifier.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

namespace mensa {
namespace {

void assignClusters(LayerGrouping& g, const ClusterReport& report)
{
    for (size_t k = 0; k < report.layers.size(); ++k) {
        const LayerRef& ref = report.layers[k];
        g.clusterOf[ref.model][ref.layer] = report.labels[k];
        if (k < report.silhouette.size())
            g.silhouette[ref.model][ref.layer] = report.silhouette[k];
    }
    for (int c = 0; c < report.k; ++c)
        g.clusterNames.push_back("Cluster " + std::to_string(c + 1));
}

void assignFamilies(LayerGrouping& g, const std::vector<std::shared_ptr<const Model>>& models,
    const std::string& rules)
{
    try {
        const FamilyClassifier classifier = FamilyClassifier::fromFile(
            rules.empty() ? FamilyClassifier::defaultRulesPath() : rules);
        for (size_t m = 0; m < models.size(); ++m)
            for (size_t i = 0; i < models[m]->layers.size(); ++i)
                g.family[m][i] = classifier.familyName(classifier.classify(models[m]->layers[i]));
        for (const FamilyRuleSpec& rule : classifier.rules())
            g.familyDescriptions[rule.name] = rule.description + " (meant for "
                + (rule.accelerator.empty() ? std::string("any accelerator") : rule.accelerator)
                + ")";
    }
    catch (const MensaError&) {
        if (!rules.empty())
            throw; // rules the user asked for must load
    }
}

} // namespace

const std::vector<std::string>& defaultDesignNames()
{
    static const std::vector<std::string> names = { "edge_tpu", "eyeriss_v2", "mensa" };
    return names;
}

const DesignRun* Analysis::run(int model, int design) const
{
    if (model < 0 || model >= int(cells.size()) || design < 0 || design >= int(cells[model].size()))
        return nullptr;
    return cells[model][design].run.get();
}

std::vector<int> Analysis::modelKeys() const
{
    std::vector<int> keys;
    for (size_t m = 0; m < models.size(); ++m)
        keys.push_back(modelKey(m));
    return keys;
}

int Analysis::designIndex(const std::string& nameOrRequest) const
{
    for (size_t d = 0; d < designs.size(); ++d)
        if (designs[d].name == nameOrRequest || designs[d].request == nameOrRequest)
            return int(d);
    return -1;
}

std::vector<AnalysisDesign> loadDesigns(const std::vector<std::string>& requests)
{
    std::vector<AnalysisDesign> out;
    for (const std::string& request : requests) {
        AnalysisDesign d;
        d.request = request;
        d.name = request;
        try {
            d.system = loadSystem(request);
            if (!d.system.name.empty())
                d.name = d.system.name;
        }
        catch (const MensaError& e) {
            d.error = e.what();
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<AnalysisDesign> loadDesignsOrThrow(const std::vector<std::string>& requests)
{
    std::vector<AnalysisDesign> out;
    for (const std::string& request : requests) {
        AnalysisDesign d { request, request, loadSystem(request), {} };
        if (!d.system.name.empty())
            d.name = d.system.name;
        out.push_back(std::move(d));
    }
    return out;
}

AnalysisCell analyseCell(
    const Model& model, const AnalysisDesign& design, const MappingPolicy& policy)
{
    AnalysisCell cell;
    if (!design.error.empty()) {
        cell.error = design.error;
        return cell;
    }
    try {
        cell.run = std::make_shared<const DesignRun>(runOnDesign(model, design.system, policy));
    }
    catch (const MensaError& e) {
        cell.error = e.what();
    }
    return cell;
}

LayerGrouping groupLayers(
    const std::vector<std::shared_ptr<const Model>>& models, const std::string& familyRules)
{
    LayerGrouping g;
    std::vector<const Model*> raw;
    for (const auto& m : models) {
        raw.push_back(m.get());
        g.clusterOf.emplace_back(m->layers.size(), -1);
        g.silhouette.emplace_back(m->layers.size(), 0.0);
        g.family.emplace_back(m->layers.size(), std::string());
    }
    try {
        g.clusters = clusterLayers(raw);
        assignClusters(g, *g.clusters);
    }
    catch (const MensaError& e) {
        g.clusterProblem = e.what(); // too few compute layers: layers stay unclustered
    }
    assignFamilies(g, models, familyRules);
    return g;
}

Analysis analyse(std::vector<std::shared_ptr<const Model>> models,
    std::vector<AnalysisDesign> designs, const MappingPolicy& policy)
{
    Analysis a;
    a.policy = policy;
    a.models = std::move(models);
    a.designs = std::move(designs);
    for (const auto& model : a.models) {
        std::vector<AnalysisCell> row;
        for (const auto& design : a.designs)
            row.push_back(analyseCell(*model, design, policy));
        a.cells.push_back(std::move(row));
    }
    a.grouping = groupLayers(a.models);
    return a;
}

} // namespace mensa
