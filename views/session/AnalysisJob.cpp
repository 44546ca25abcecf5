#include "session/AnalysisJob.h"

#include "util/Error.h"

namespace mensa {

namespace {

// Maps stage-local progress onto one monotone 0..1000 scale for the progress bar.
class StagedControl : public JobControl {
public:
    StagedControl(JobControl& inner, int stages) : m_inner(inner), m_stages(stages) {}
    void setStage(int stage) { m_stage = stage; }
    bool cancelled() const override { return m_inner.cancelled(); }
    void report(int done, int total, const std::string& stage) override
    {
        double local = total > 0 ? double(done) / total : 1.0;
        int value = static_cast<int>(1000.0 * (m_stage + local) / m_stages);
        m_inner.report(value, 1000, stage);
    }

private:
    JobControl& m_inner;
    int m_stages;
    int m_stage = 0;
};

DesignResult analyseDesign(const AnalysisJobInput& input, const Model& model,
                           const std::string& name, StagedControl& control)
{
    DesignResult result;
    result.design = name;
    try {
        result.system = input.engine->loadSystem(name);
        for (const auto& acc : result.system.accelerators)
            result.accelerators.push_back(acc->name());
        if (!simulateLayers(model, result.system, control, result.layerCosts))
            return result;
        result.schedule = input.engine->schedule(model, result.system, result.layerCosts);
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

} // namespace

bool simulateLayers(const Model& model, const AcceleratorSystem& system, JobControl& control,
                    std::vector<std::vector<LayerCost>>& costs)
{
    const int layers = static_cast<int>(model.layers.size());
    const int accs = static_cast<int>(system.accelerators.size());
    costs.assign(accs, std::vector<LayerCost>(layers));
    for (int i = 0; i < layers; ++i) {
        if (control.cancelled())
            return false;
        for (int a = 0; a < accs; ++a)
            costs[a][i] = system.accelerators[a]->evaluate(model.layers[i]);
        control.report(i + 1, layers, system.name + ": " + model.layers[i].name);
    }
    return true;
}

ModelAnalysisPtr runAnalysisJob(const AnalysisJobInput& input, JobControl& control)
{
    StagedControl staged(control, static_cast<int>(input.designs.size()) + 2);
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->modelId = input.modelId;
    analysis->generation = input.generation;
    analysis->model = input.cachedModel;
    if (!analysis->model) {
        staged.report(0, 1, "importing " + input.path);
        analysis->model = std::make_shared<Model>(input.engine->importModel(input.path, input.importOptions));
    }
    const Model& model = *analysis->model;
    analysis->warnings = model.warnings;
    for (size_t d = 0; d < input.designs.size(); ++d) {
        staged.setStage(static_cast<int>(d) + 1);
        analysis->designs.push_back(analyseDesign(input, model, input.designs[d], staged));
        if (control.cancelled())
            return nullptr;
    }
    staged.setStage(static_cast<int>(input.designs.size()) + 1);
    staged.report(0, 1, "clustering layers");
    analysis->groups = input.engine->group(model);
    staged.report(1, 1, "done");
    return control.cancelled() ? nullptr : analysis;
}

} // namespace mensa
