#pragma once

#include "cost/CostTypes.h"
#include "model/Layer.h"

#include <map>
#include <string>
#include <vector>

namespace mensa {

// One design's cost of a layer: what an explanation reads its numbers from.
struct LayerOnDesign {
    std::string design; // the design's name
    std::string accelerator; // the accelerator the design's schedule runs the layer on
    const LayerCost* cost = nullptr; // the cost model's own result (never recomputed)
};

// Why a layer costs what it costs on a design, in words a student can follow: the fold
// arithmetic, the bound, where the energy goes and what another design would change.
struct LayerExplanation {
    struct Section {
        std::string heading;
        std::vector<std::string> lines;
    };
    std::string title;
    std::vector<Section> sections;
    // Every number the text shows, by key ("folds.rowFolds", "energy.MAC", ...), exactly as
    // it came from the cost result, so tests and tools can check the text against the model.
    std::map<std::string, double> numbers;

    // Plain text: the title, then each section as a heading and indented lines.
    std::string text() const;
};

// Explains `layer` on `chosen` and compares it with `others` (other designs, same layer).
// A chosen design without a cost explains only the layer's shape.
LayerExplanation explainLayer(
    const Layer& layer, const LayerOnDesign& chosen, const std::vector<LayerOnDesign>& others = {});

} // namespace mensa
