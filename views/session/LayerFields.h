#pragma once

#include "session/AnalysisResults.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace mensa {

// A numeric per-layer quantity shown as a table column or a scatter-plot axis:
// a characteristic of the layer, or a cost on the design being looked at.
struct LayerField {
    QString key; // stable id, stored in project files
    QString label; // "Parameter footprint"
    QString unit; // "B"; empty for counts without a unit
    bool isCost = false; // needs a design result
    std::function<std::optional<double>(const Layer&, const LayerCost*)> value;

    QString axisLabel() const { return unit.isEmpty() ? label : label + " [" + unit + "]"; }
};

const std::vector<LayerField>& layerFields();
int layerFieldIndex(const QString& key); // -1 when unknown

// Value of a field for one layer of an analysis on a design (null design: characteristics only).
std::optional<double> layerFieldValue(
    const LayerField& field, const ModelAnalysis& analysis, const DesignResult* design, int layer);

// Compact human form of a value ("1.2 M", "350 k", "0.42").
QString formatQuantity(double value);

} // namespace mensa
