#include "FigureInputs.h"

#include "FigureStyle.h"

namespace mensa::views {
namespace {

int clusterOf(const std::vector<int>& layerCluster, size_t layer)
{
    return layer < layerCluster.size() ? layerCluster[layer] : -1;
}

} // namespace

std::vector<EnergyRecord> FigureInputs::energyRecords(const Model& model, const ModelCost& cost,
                                                      const AcceleratorSystem& system, const QString& design)
{
    std::vector<EnergyRecord> records;
    const QString modelName = qstr(model.name);
    for (size_t i = 0; i < cost.layers.size() && i < model.layers.size(); ++i) {
        const int a = i < cost.assignment.size() ? cost.assignment[i] : 0;
        const bool known = a >= 0 && a < static_cast<int>(system.accelerators.size());
        const QString accelerator = known ? display(system.accelerators[static_cast<size_t>(a)]->name()) : design;
        records.push_back({design, modelName, accelerator, static_cast<int>(i), qstr(model.layers[i].name),
                           cost.layers[i].energy});
    }
    if (cost.transferJoules > 0) {
        EnergyRecord transfers{design, modelName, QObject::tr("Transfers"), -1, QObject::tr("transfers"), {}};
        transfers.energy[EnergyComponent::OffChip] = cost.transferJoules;
        records.push_back(transfers);
    }
    return records;
}

DesignResult FigureInputs::designResult(const ModelCost& cost, const QString& design)
{
    return {design, qstr(cost.model), cost.inferencesPerSecond, cost.energyPerInference, cost.averageUtilization};
}

RooflineAccelerator FigureInputs::rooflineAccelerator(const CostModel& accelerator)
{
    return {display(accelerator.name()), 2.0 * accelerator.peakMacsPerSecond(), accelerator.memoryBandwidth()};
}

std::vector<RooflinePoint> FigureInputs::rooflinePoints(const Model& model, const ModelCost& cost,
                                                        const std::vector<int>& acceleratorIndex)
{
    std::vector<RooflinePoint> points;
    for (size_t i = 0; i < cost.layers.size() && i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        const LayerCost& c = cost.layers[i];
        if (!c.mapped || c.seconds <= 0 || layer.metrics.macs <= 0)
            continue;
        const int a = i < cost.assignment.size() ? cost.assignment[i] : 0;
        const int index = a >= 0 && a < static_cast<int>(acceleratorIndex.size()) ? acceleratorIndex[static_cast<size_t>(a)] : a;
        points.push_back({qstr(model.name), static_cast<int>(i), qstr(layer.name), layer.kind, index,
                          layer.metrics.flopPerByte, 2.0 * static_cast<double>(layer.metrics.macs) / c.seconds});
    }
    return points;
}

GanttInput FigureInputs::ganttInput(const Model& model, const Schedule& schedule,
                                    const std::vector<int>& layerCluster, const QStringList& clusterNames)
{
    GanttInput input;
    input.model = qstr(model.name);
    input.schedule = schedule;
    for (ScheduleResource& r : input.schedule.resources)
        r.name = display(r.name).toStdString();
    input.clusterNames = clusterNames;
    for (size_t i = 0; i < model.layers.size(); ++i)
        input.layers.push_back({qstr(model.layers[i].name), model.layers[i].kind, clusterOf(layerCluster, i)});
    return input;
}

std::vector<ScatterFigurePoint> FigureInputs::scatterPoints(const Model& model, const std::vector<int>& layerCluster)
{
    std::vector<ScatterFigurePoint> points;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        points.push_back({qstr(model.name), static_cast<int>(i), qstr(layer.name),
                          static_cast<double>(layer.metrics.paramBytes), layer.metrics.flopPerByte,
                          clusterOf(layerCluster, i)});
    }
    return points;
}

std::vector<ReferenceValue> FigureInputs::paperReferences()
{
    const QString label = QObject::tr("paper-reported");
    return {{"Mensa", "Edge TPU", ComparisonMetric::EnergyEfficiency, 3.0, label},
            {"Mensa", "Edge TPU", ComparisonMetric::Throughput, 3.1, label},
            {"Mensa", "Eyeriss v2", ComparisonMetric::EnergyEfficiency, 2.4, label},
            {"Mensa", "Eyeriss v2", ComparisonMetric::Throughput, 4.3, label}};
}

QString FigureInputs::display(const std::string& s)
{
    return FigureStyle::displayName(qstr(s));
}

} // namespace mensa::views
