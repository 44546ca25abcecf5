#include "ExploreFigures.h"

#include "ParetoFigure.h"
#include "SensitivityFigure.h"

namespace mensa::views {

FigureSet exploreFigureSet(
    const ExploreFigureData& data, const QString& caption, const QStringList& provenance)
{
    FigureSet set;
    auto* pareto = set.add<ParetoFigure>("pareto");
    pareto->setPoints(data.points);
    auto* sensitivity = set.add<SensitivityFigure>("sensitivity");
    sensitivity->setData(data);
    for (FigureView* view :
        { static_cast<FigureView*>(pareto), static_cast<FigureView*>(sensitivity) }) {
        view->setCaption(caption);
        view->setProvenance(provenance);
    }
    return set;
}

} // namespace mensa::views
