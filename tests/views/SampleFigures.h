#pragma once

// Hand-built, realistic-looking inputs for the figure views (Edge TPU, Eyeriss v2 and
// Mensa running small CNN / LSTM / Transducer / RCNN models). Deterministic.
#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "GanttView.h"
#include "RooflineView.h"
#include "ScatterFigure.h"

#include <vector>

namespace mensa::views::samples {

struct SampleLayer {
    QString name;
    LayerKind kind;
    double macs;
    double paramBytes;
    double actBytes;
};

struct SampleModel {
    QString name;
    std::vector<SampleLayer> layers;
};

std::vector<SampleModel> models();
// LayerRef::model of a sample model: its index in models() ("CNN-3" 0, "LSTM-2" 1, ...).
int modelKey(const QString& name);
// Mensa accelerator per layer kind (0 Pascal, 1 Pavlov, 2 Jacquard).
int mensaAccelerator(const SampleLayer& layer);

// A Mensa schedule of one model: accelerators, links, transfers, critical path; with
// `inferences` > 1 the inferences overlap as a pipeline.
GanttInput gantt(const SampleModel& model, int inferences = 1);
// A long random schedule (for scale tests).
GanttInput largeGantt(int events);
std::vector<EnergyRecord> energy();
std::vector<DesignResult> comparison();
std::vector<ReferenceValue> paperReferences();
std::vector<RooflineAccelerator> rooflineAccelerators();
std::vector<RooflinePoint> rooflinePoints();
ClusterInput clusters();
std::vector<ScatterFigurePoint> scatter();

} // namespace mensa::views::samples
