#include "session/LayerFields.h"

#include "util/TextFormat.h"

#include <cmath>

namespace mensa {

namespace {

using Value = std::optional<double>;

LayerField metric(
    QString key, QString label, QString unit, std::function<double(const LayerMetrics&)> get)
{
    return { key, label, unit, false,
        [get](const Layer& l, const LayerCost*) -> Value { return get(l.metrics); } };
}

LayerField cost(
    QString key, QString label, QString unit, std::function<double(const LayerCost&)> get)
{
    return { key, label, unit, true, [get](const Layer&, const LayerCost* c) -> Value {
                if (!c || !c->mapped)
                    return std::nullopt;
                return get(*c);
            } };
}

std::vector<LayerField> makeFields()
{
    return {
        metric("macs", "MACs", "MAC", [](const LayerMetrics& m) { return double(m.macs); }),
        metric("macsPerStep", "MACs per step", "MAC",
            [](const LayerMetrics& m) { return double(m.macsPerStep); }),
        metric("vectorOps", "Vector ops", "op",
            [](const LayerMetrics& m) { return double(m.vectorOps); }),
        metric("params", "Parameters", "", [](const LayerMetrics& m) { return double(m.params); }),
        metric("paramBytes", "Parameter footprint", "B",
            [](const LayerMetrics& m) { return double(m.paramBytes); }),
        metric("inputActBytes", "Input activations", "B",
            [](const LayerMetrics& m) { return double(m.inputActBytes); }),
        metric("outputActBytes", "Output activations", "B",
            [](const LayerMetrics& m) { return double(m.outputActBytes); }),
        metric("activationBytes", "Activation footprint", "B",
            [](const LayerMetrics& m) { return double(m.activationBytes()); }),
        metric("flopPerByte", "Arithmetic intensity", "FLOP/B",
            [](const LayerMetrics& m) { return m.flopPerByte; }),
        metric("paramReuse", "Parameter reuse", "MAC/param",
            [](const LayerMetrics& m) { return m.paramReuse; }),
        { "steps", "Time steps", "", false,
            [](const Layer& l, const LayerCost*) -> Value { return double(l.nest.steps); } },
        cost("cycles", "Cycles", "cycles", [](const LayerCost& c) { return c.cycles; }),
        cost("latency", "Latency", "µs", [](const LayerCost& c) { return c.seconds * 1e6; }),
        cost("utilization", "PE utilization", "%",
            [](const LayerCost& c) { return c.utilization * 100.0; }),
        cost("spatialUtilization", "Spatial utilization", "%",
            [](const LayerCost& c) { return c.spatialUtilization * 100.0; }),
        cost("energy", "Energy", "µJ", [](const LayerCost& c) { return c.energy.total() * 1e6; }),
        cost("dramBytes", "DRAM traffic", "B",
            [](const LayerCost& c) { return c.traffic.dramBytes; }),
    };
}

} // namespace

const std::vector<LayerField>& layerFields()
{
    static const std::vector<LayerField> fields = makeFields();
    return fields;
}

int layerFieldIndex(const QString& key)
{
    const auto& fields = layerFields();
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].key == key)
            return static_cast<int>(i);
    return -1;
}

std::optional<double> layerFieldValue(
    const LayerField& field, const ModelAnalysis& analysis, const DesignResult* design, int layer)
{
    const auto& layers = analysis.model->layers;
    if (layer < 0 || layer >= static_cast<int>(layers.size()))
        return std::nullopt;
    const LayerCost* c = design && design->ok() ? design->chosenCost(layer) : nullptr;
    if (field.isCost && !c)
        return std::nullopt;
    return field.value(layers[layer], c);
}

QString formatQuantity(double value)
{
    return QString::fromStdString(quantityText(value));
}

} // namespace mensa
