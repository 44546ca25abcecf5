#include "session/AnalysisJob.h"

#include "util/Error.h"

namespace mensa {

namespace {

// Maps stage-local progress onto one monotone 0..1000 scale for the progress bar.
class StagedControl : public JobControl {
public:
    StagedControl(JobControl& inner, int stages)
        : m_inner(inner)
        , m_stages(stages)
    {
    }
    void setStage(int stage) { m_stage = stage; }
    bool cancelled() const override { return m_inner.cancelled(); }
    void report(int done, int total, const std::string& stage) override
    {
        double local = total > 0 ? double(done) / total : 1.0;
        int value = static_cast<int>(1000.0 * (m_stage + local) / m_stages);
        m_inner.report(value, 1000, stage);
    }
    void imported(const std::shared_ptr<const Model>& model) override { m_inner.imported(model); }

private:
    JobControl& m_inner;
    int m_stages;
    int m_stage = 0;
};

// The run's cost table as the views index it: [accelerator][layer].
std::vector<std::vector<LayerCost>> perAccelerator(const CostTable& table)
{
    std::vector<std::vector<LayerCost>> costs(size_t(table.acceleratorCount()));
    for (int a = 0; a < table.acceleratorCount(); ++a)
        for (int l = 0; l < table.layerCount(); ++l)
            costs[size_t(a)].push_back(table.at(l, a));
    return costs;
}

DesignResult analyseDesign(
    const AnalysisJobInput& input, const Model& model, const std::string& name)
{
    DesignResult result;
    result.design = name;
    try {
        auto text = input.specTexts.find(name);
        result.system = text != input.specTexts.end()
            ? input.engine->systemFromText(text->second, name)
            : input.engine->loadSystem(name);
        for (const auto& acc : result.system.accelerators)
            result.accelerators.push_back(acc->name());
        auto run = std::make_shared<const DesignRun>(
            input.engine->run(model, result.system, input.policy));
        result.layerCosts = perAccelerator(run->table);
        result.schedule = run->schedule;
        result.run = std::move(run);
    }
    catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

} // namespace

ModelAnalysisPtr runAnalysisJob(const AnalysisJobInput& input, JobControl& control)
{
    StagedControl staged(control, static_cast<int>(input.designs.size()) + 2);
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->modelId = input.modelId;
    analysis->generation = input.generation;
    analysis->model = input.cachedModel;
    if (!analysis->model) {
        staged.report(0, 1, "importing " + input.path);
        analysis->model
            = std::make_shared<Model>(input.engine->importModel(input.path, input.importOptions));
        staged.imported(analysis->model);
    }
    const Model& model = *analysis->model;
    analysis->warnings = model.warnings;
    for (size_t d = 0; d < input.designs.size(); ++d) {
        staged.setStage(static_cast<int>(d) + 1);
        staged.report(0, 1, input.designs[d] + ": " + model.name);
        auto reused = input.reusable.find(input.designs[d]);
        analysis->designs.push_back(reused != input.reusable.end()
                ? reused->second
                : analyseDesign(input, model, input.designs[d]));
        staged.report(1, 1, input.designs[d] + ": " + model.name);
        if (control.cancelled())
            return nullptr;
    }
    staged.setStage(static_cast<int>(input.designs.size()) + 1);
    staged.report(0, 1, "clustering layers");
    analysis->groups = input.reusableGroups ? *input.reusableGroups : input.engine->group(model);
    staged.report(1, 1, "done");
    return control.cancelled() ? nullptr : analysis;
}

} // namespace mensa
