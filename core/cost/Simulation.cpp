#include "cost/Simulation.h"

#include "mapping/DesignRun.h"
#include "util/Error.h"

#include <algorithm>
#include <limits>
#include <memory>

namespace mensa {
namespace {

// Share of `names` that are among `graphTensors`.
double shareOf(const std::vector<std::string>& names, const std::vector<std::string>& graphTensors)
{
    if (names.empty())
        return 0;
    double hits = 0;
    for (const auto& name : names)
        hits += std::find(graphTensors.begin(), graphTensors.end(), name) != graphTensors.end();
    return hits / double(names.size());
}

} // namespace

// The layer's bytes of model inputs read and model outputs written (input bytes split evenly
// over the layer's inputs when only some of them are model inputs).
double hostTensorBytes(const Model& model, const Layer& layer)
{
    return double(layer.metrics.inputActBytes) * shareOf(layer.inputs, model.graphInputs)
        + double(layer.metrics.outputActBytes) * shareOf(layer.outputs, model.graphOutputs);
}

namespace {

// The layers each accelerator's compiler leaves to the host: from the first host-only operator
// after the accelerator's first layer on, every later layer assigned to it (an Edge TPU model is
// partitioned once: "as soon as an unsupported operation occurs, that operation and everything
// after it executes on the CPU", coral.ai/docs/edgetpu/models-intro). Host-only operators before
// that first layer are the host's pre-processing and leave the rest alone (Coral's compiled
// MoveNet casts its input on the CPU, then runs the network on the chip). The inputs a
// fallen-back layer reads from layers still on the accelerator cross the link, each producer's
// output once.
void planHostFallback(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, std::vector<EvaluationContext>& plan)
{
    std::vector<bool> fellBack(system.accelerators.size(), false);
    std::vector<bool> started(system.accelerators.size(), false);
    std::vector<bool> sent(model.layers.size(), false);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const auto a = size_t(assignment[i]);
        const bool hostOnly = system.accelerators[a]->leavesToHost(model.layers[i]);
        if (hostOnly && !started[a]) {
            plan[i].onHost = true; // reads model inputs, already on the host
            continue;
        }
        fellBack[a] = fellBack[a] || hostOnly;
        started[a] = true;
        if (!fellBack[a])
            continue;
        plan[i].onHost = true;
        for (int p : model.predecessors(int(i)))
            if (!plan[size_t(p)].onHost && !sent[size_t(p)]) {
                plan[i].hostInputBytes += double(model.layers[size_t(p)].metrics.outputActBytes);
                sent[size_t(p)] = true;
            }
    }
}

// Bytes a layer on an accelerator reads from layers the host ran before it (an input Cast):
// they cross the link like model inputs (input bytes split evenly over the layer's inputs).
double preprocessedInputBytes(
    const Model& model, size_t layer, const std::vector<EvaluationContext>& plan)
{
    const Layer& l = model.layers[layer];
    double hits = 0;
    for (const std::string& name : l.inputs) {
        const int p = model.producerOf(name);
        hits += p >= 0 && plan[size_t(p)].onHost;
    }
    return l.inputs.empty() ? 0 : double(l.metrics.inputActBytes) * hits / double(l.inputs.size());
}

} // namespace

std::vector<EvaluationContext> planResidency(
    const Model& model, const AcceleratorSystem& system, const std::vector<int>& assignment)
{
    size_t n = model.layers.size();
    std::vector<EvaluationContext> plan(n);
    planHostFallback(model, system, assignment, plan);
    std::vector<double> used(system.accelerators.size(), 0.0);
    for (size_t i = 0; i < n; ++i) {
        int a = assignment[i];
        double bytes = double(model.layers[i].metrics.paramBytes);
        if (bytes <= 0 || plan[i].onHost) // the host keeps its own copy of the weights
            continue;
        bool fits = used[a] + bytes <= system.accelerators[a]->parameterCapacity();
        plan[i].parameters = fits ? EvaluationContext::Residency::Resident
                                  : EvaluationContext::Residency::Streamed;
        if (fits)
            used[a] += bytes;
    }
    for (size_t i = 0; i < n; ++i) {
        // Model inputs and outputs live on the host, as do the outputs of its pre-processing:
        // only layers on the accelerator move them.
        plan[i].hostTensorBytes = plan[i].onHost
            ? 0
            : hostTensorBytes(model, model.layers[i]) + preprocessedInputBytes(model, i, plan);
        int a = assignment[i];
        plan[i].stagingBytes = std::max(0.0, system.accelerators[a]->parameterCapacity() - used[a]);
    }
    return plan;
}

ModelCost simulate(const Model& model, const CostModel& accelerator)
{
    AcceleratorSystem system;
    system.name = accelerator.name();
    // Non-owning: the caller keeps the accelerator alive for the call.
    system.accelerators.push_back(CostModelPtr(&accelerator, [](const CostModel*) {}));
    return simulateAssignment(model, system, std::vector<int>(model.layers.size(), 0));
}

ModelCost simulateAssignment(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, const Objective& objective)
{
    std::string strategy = system.accelerators.size() == 1 && !system.accelerators.empty()
        ? "single:" + system.accelerators[0]->name()
        : "assignment";
    return runAssignment(model, system, assignment, strategy, objective).cost;
}

} // namespace mensa
