#pragma once

#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "GanttView.h"
#include "RooflineView.h"
#include "ScatterFigure.h"

#include "cluster/LayerClustering.h"
#include "cost/Simulation.h"
#include "model/Model.h"
#include "schedule/Schedule.h"

#include <vector>

namespace mensa::views {

// Turns analysis results from core (models, simulated costs, schedules) into the plain
// inputs of the figure views, so the GUI and `mensa figures` draw the same figures.
class FigureInputs {
public:
    // One record per layer of `cost` (layer i ran on accelerator assignment[i] of `system`),
    // plus one "Transfers" record carrying the inter-accelerator traffic as off-chip energy.
    // `modelKey` is the model's LayerRef::model (its index in the Analysis, or the GUI's id).
    static std::vector<EnergyRecord> energyRecords(const Model& model, const ModelCost& cost,
        const AcceleratorSystem& system, const QString& design, int modelKey = 0);
    static DesignResult designResult(const ModelCost& cost, const QString& design);
    static RooflineAccelerator rooflineAccelerator(const CostModel& accelerator);
    // Layers of `cost` as roofline points; `acceleratorIndex` maps the system's accelerator
    // index to the roofline's accelerator list.
    static std::vector<RooflinePoint> rooflinePoints(const Model& model, const ModelCost& cost,
        const std::vector<int>& acceleratorIndex, int modelKey = 0);
    // Core's point of a layer of `model`, labelled for the view.
    static RooflinePoint rooflinePoint(
        const Model& model, const LayerRooflinePoint& point, int modelKey = 0);
    // layerCluster: cluster per layer index (empty or -1: unclustered).
    static GanttInput ganttInput(const Model& model, const Schedule& schedule,
        const std::vector<int>& layerCluster = {}, const QStringList& clusterNames = {},
        int modelKey = 0);
    static std::vector<ScatterFigurePoint> scatterPoints(
        const Model& model, const std::vector<int>& layerCluster = {}, int modelKey = 0);
    // Clusters, centroids (original units), members with silhouettes and per-model shares.
    // `models` are the ones clustered, in the report's model order; `modelKeys` their
    // LayerRef::model (empty: their indices).
    static ClusterInput clusterInput(const ClusterReport& report,
        const std::vector<const Model*>& models, const std::vector<int>& modelKeys = {});
    // Cluster of each layer of one model (-1 for layers that were not clustered).
    static std::vector<int> layerClusters(
        const ClusterReport& report, int modelIndex, size_t layerCount);
    static QStringList clusterNames(const ClusterReport& report);
    // Published Mensa-G ratios (Boroumand et al., PACT 2021, averaged over 24 Google edge
    // models): 3.0x energy efficiency and 3.1x throughput over the Edge TPU, 2.4x and 4.3x
    // over Eyeriss v2. Drawn beside measured geomeans as "paper-reported".
    static std::vector<ReferenceValue> paperReferences();
    static QString qstr(const std::string& s) { return QString::fromStdString(s); }
    static QString display(const std::string& s);
};

} // namespace mensa::views
