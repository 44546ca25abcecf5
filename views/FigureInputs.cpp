#include "FigureInputs.h"

#include "study/Reproduction.h"

#include "FigureStyle.h"

namespace mensa::views {
namespace {

int clusterOf(const std::vector<int>& layerCluster, size_t layer)
{
    return layer < layerCluster.size() ? layerCluster[layer] : -1;
}

} // namespace

std::vector<EnergyRecord> FigureInputs::energyRecords(const Model& model, const ModelCost& cost,
    const AcceleratorSystem& system, const QString& design, int modelKey)
{
    std::vector<EnergyRecord> records;
    const QString modelName = qstr(model.name);
    for (size_t i = 0; i < cost.layers.size() && i < model.layers.size(); ++i) {
        const int a = i < cost.assignment.size() ? cost.assignment[i] : 0;
        const bool known = a >= 0 && a < static_cast<int>(system.accelerators.size());
        const QString accelerator
            = known ? display(system.accelerators[static_cast<size_t>(a)]->name()) : design;
        records.push_back({ design, modelName, accelerator, static_cast<int>(i),
            qstr(model.layers[i].name), cost.layers[i].energy, modelKey, cost.layers[i].levels });
    }
    if (cost.transferJoules > 0) {
        EnergyRecord transfers { design, modelName, QObject::tr("Transfers"), -1,
            QObject::tr("transfers"), {}, modelKey };
        transfers.energy[EnergyComponent::OffChip] = cost.transferJoules;
        records.push_back(transfers);
    }
    return records;
}

DesignResult FigureInputs::designResult(const ModelCost& cost, const QString& design)
{
    return { design, qstr(cost.model), cost.inferencesPerSecond, cost.energyPerInference,
        cost.averageUtilization };
}

RooflineAccelerator FigureInputs::rooflineAccelerator(const CostModel& accelerator)
{
    return { display(accelerator.name()), acceleratorRoofs(accelerator) };
}

std::vector<RooflinePoint> FigureInputs::rooflinePoints(const Model& model, const ModelCost& cost,
    const std::vector<int>& acceleratorIndex, int modelKey)
{
    std::vector<RooflinePoint> points;
    for (size_t i = 0; i < cost.layers.size() && i < model.layers.size(); ++i) {
        const int a = i < cost.assignment.size() ? cost.assignment[i] : 0;
        const int index = a >= 0 && a < static_cast<int>(acceleratorIndex.size())
            ? acceleratorIndex[static_cast<size_t>(a)]
            : a;
        if (auto p
            = mensa::rooflinePoint(model.layers[i], static_cast<int>(i), cost.layers[i], index))
            points.push_back(rooflinePoint(model, *p, modelKey));
    }
    return points;
}

RooflinePoint FigureInputs::rooflinePoint(
    const Model& model, const LayerRooflinePoint& point, int modelKey)
{
    const Layer& layer = model.layers.at(static_cast<size_t>(point.layer));
    return { qstr(model.name), qstr(layer.name), layer.kind, point, modelKey };
}

GanttInput FigureInputs::ganttInput(const Model& model, const Schedule& schedule,
    const std::vector<int>& layerCluster, const QStringList& clusterNames, int modelKey)
{
    GanttInput input;
    input.model = qstr(model.name);
    input.modelKey = modelKey;
    input.schedule = schedule;
    for (ScheduleResource& r : input.schedule.resources)
        r.name = display(r.name).toStdString();
    input.clusterNames = clusterNames;
    for (size_t i = 0; i < model.layers.size(); ++i)
        input.layers.push_back(
            { qstr(model.layers[i].name), model.layers[i].kind, clusterOf(layerCluster, i) });
    return input;
}

std::vector<ScatterFigurePoint> FigureInputs::scatterPoints(
    const Model& model, const std::vector<int>& layerCluster, int modelKey)
{
    std::vector<ScatterFigurePoint> points;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        points.push_back({ qstr(model.name), static_cast<int>(i), qstr(layer.name),
            static_cast<double>(layer.metrics.paramBytes), layer.metrics.flopPerByte,
            clusterOf(layerCluster, i), modelKey });
    }
    return points;
}

QStringList FigureInputs::clusterNames(const ClusterReport& report)
{
    QStringList names;
    for (size_t c = 0; c < report.clusters.size(); ++c)
        names << QObject::tr("Cluster %1").arg(c + 1);
    return names;
}

ClusterInput FigureInputs::clusterInput(const ClusterReport& report,
    const std::vector<const Model*>& models, const std::vector<int>& modelKeys)
{
    ClusterInput input;
    for (int f = 0; f < kLayerFeatureCount; ++f) {
        const std::string_view name = toString(static_cast<LayerFeature>(f));
        input.featureNames << QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }
    const QStringList names = clusterNames(report);
    for (size_t c = 0; c < report.clusters.size(); ++c) {
        const FeatureVector& centroid = report.clusters[c].centroidOriginal;
        input.clusters.push_back(
            { names.value(static_cast<qsizetype>(c)), { centroid.begin(), centroid.end() } });
    }
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const mensa::LayerRef& ref = report.layers[i];
        const Model* model = ref.model >= 0 && ref.model < static_cast<int>(models.size())
            ? models[static_cast<size_t>(ref.model)]
            : nullptr;
        const QString layerName
            = model && ref.layer >= 0 && ref.layer < static_cast<int>(model->layers.size())
            ? qstr(model->layers[static_cast<size_t>(ref.layer)].name)
            : QString::number(ref.layer);
        input.members.push_back(
            { model ? qstr(model->name)
                    : qstr(report.modelNames.at(static_cast<size_t>(ref.model))),
                ref.layer, layerName, i < report.labels.size() ? report.labels[i] : -1,
                i < report.silhouette.size() ? report.silhouette[i] : 0.0,
                size_t(ref.model) < modelKeys.size() ? modelKeys[size_t(ref.model)] : ref.model });
    }
    for (size_t m = 0; m < report.sharePerModel.size() && m < report.modelNames.size(); ++m)
        input.modelShares.push_back({ qstr(report.modelNames[m]), report.sharePerModel[m] });
    return input;
}

std::vector<int> FigureInputs::layerClusters(
    const ClusterReport& report, int modelIndex, size_t layerCount)
{
    std::vector<int> clusters(layerCount, -1);
    for (size_t i = 0; i < report.layers.size() && i < report.labels.size(); ++i)
        if (report.layers[i].model == modelIndex && report.layers[i].layer >= 0
            && static_cast<size_t>(report.layers[i].layer) < layerCount)
            clusters[static_cast<size_t>(report.layers[i].layer)] = report.labels[i];
    return clusters;
}

std::vector<ReferenceValue> FigureInputs::paperReferences()
{
    const QString label = QObject::tr("paper-reported");
    using Paper = PaperReportedGains; // core keeps the published values, labelled, in one place
    return { { "Mensa", "Edge TPU", ComparisonMetric::EnergyEfficiency,
                 Paper::energyEfficiencyVsEdgeTpu, label },
        { "Mensa", "Edge TPU", ComparisonMetric::Throughput, Paper::throughputVsEdgeTpu, label },
        { "Mensa", "Eyeriss v2", ComparisonMetric::EnergyEfficiency,
            Paper::energyEfficiencyVsEyeriss, label },
        { "Mensa", "Eyeriss v2", ComparisonMetric::Throughput, Paper::throughputVsEyeriss,
            label } };
}

QString FigureInputs::display(const std::string& s)
{
    return FigureStyle::displayName(qstr(s));
}

} // namespace mensa::views
