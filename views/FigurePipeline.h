#pragma once

#include "ComparisonView.h"
#include "EnergyView.h"
#include "FigureView.h"
#include "GanttView.h"
#include "RooflineView.h"

#include "analysis/Analysis.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace mensa::views {

// What the figures draw, converted once from an Analysis by the one converter every figure,
// dock and export uses.
struct FigureData {
    std::vector<RooflineAccelerator> accelerators;
    std::vector<std::vector<int>> rooflineIndex; // [design][system accelerator] -> accelerators
    std::vector<EnergyRecord> energy; // layers and transfers of every model and design
    std::vector<DesignResult> comparison; // one per model and design
    std::vector<RooflinePoint> roofline;

    // strict: a design or run that failed throws its MensaError; otherwise it is left out.
    static FigureData from(const Analysis& analysis, bool strict);
};

// The display label of a design: what the figures, docks and legends call it.
QString designLabel(const AnalysisDesign& design);
// One line for titles and CSV headers: the mapping policy (and search caveats, if any).
QString figureCaption(const Analysis& analysis);
// The tool version and, per design, its spec file's name and the SHA-256 of the spec text
// that was loaded: exported CSVs carry these lines so that a figure can be traced back.
QStringList figureProvenance(const Analysis& analysis);
// The Gantt input of one model on one design, titled with the policy; null when it did not run.
std::optional<GanttInput> ganttFigureInput(const Analysis& analysis, int model, int design);
QStringList clusterNames(const Analysis& analysis);

// The one list of figures drawn from an Analysis, used by the GUI's export, `mensa figures`
// and `mensa reproduce`: same figures, same names, same bytes for the same analysis.
//   energy_<model>, gantt_<model>_<design> (first multi-accelerator design),
//   roofline_<accelerator>, comparison, comparison_vs_<design>, scatter_params_flopb, clusters.
class FigureSet {
public:
    // Builds every figure of the analysis; designs that failed to run throw their MensaError.
    static FigureSet build(const Analysis& analysis);

    QList<const FigureView*> list() const;
    // Names as exported (file stems), in export order.
    QStringList names() const;

    template <typename View> View* add(const QString& name);

private:
    QString uniqueName(const QString& name) const;
    std::vector<std::unique_ptr<FigureView>> m_views;
};

// File stem of a display name: lower case, runs of other characters as one '_'.
QString figureFileStem(const QString& name);

template <typename View> View* FigureSet::add(const QString& name)
{
    auto view = std::make_unique<View>();
    view->setFigureName(uniqueName(name));
    View* raw = view.get();
    m_views.push_back(std::move(view));
    return raw;
}

} // namespace mensa::views
