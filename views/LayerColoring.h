#pragma once

#include "model/LayerKind.h"
#include "session/AnalysisResults.h"

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

namespace mensa {

enum class ColorBy { Cluster, Family, Accelerator, Kind, Model };

QString colorByKey(ColorBy by); // "cluster", "family", ...
QString colorByLabel(ColorBy by); // "Cluster", "Family", ...
ColorBy colorByFromKey(const QString& key, ColorBy fallback = ColorBy::Kind);
const std::vector<ColorBy>& allColorBys();

// Okabe-Ito colour-blind-safe palette in the figure views' order (blue first; black kept
// for text); cycles with darker variants past seven groups.
QColor okabeIto(int index);
QColor noGroupColor(); // layers without a group (e.g. unclustered)
// The fixed colour of a layer kind, the same in every model.
QColor kindColor(LayerKind kind);

// One model's layers as seen by a view that colours them.
struct ColoringInput {
    const ModelAnalysis* analysis = nullptr;
    const DesignResult* design = nullptr; // for ColorBy::Accelerator
    QString modelName;
    int modelOrder = 0;
};

// Groups of layers for one colouring, shared across models so a colour means the same in
// every view. groupOf[m][layer] indexes names/colors.
struct LayerColoring {
    QStringList names;
    std::vector<QColor> colors;
    std::vector<std::vector<int>> groupOf; // per input model, per layer
};

LayerColoring colorLayers(const std::vector<ColoringInput>& inputs, ColorBy by);

} // namespace mensa
