#include "PipeItFigures.h"

#include "FigureInputs.h"

#include "cost/CpuClusterCostModel.h"
#include "schedule/PipeItSearch.h"

namespace mensa::views {
namespace {

bool isCpuClusterSystem(const AcceleratorSystem& system)
{
    if (system.accelerators.size() < 2)
        return false;
    for (const auto& acc : system.accelerators)
        if (!dynamic_cast<const CpuClusterCostModel*>(acc.get()))
            return false;
    return true;
}

} // namespace

void addPipeItGanttFigures(const Analysis& a, FigureSet& set)
{
    for (const auto& design : a.designs) {
        if (!isCpuClusterSystem(design.system))
            continue;
        for (size_t m = 0; m < a.models.size(); ++m) {
            const Model& model = *a.models[m];
            const PipeItTable table = buildPipeItTable(model, design.system);
            const PipeItReport report = runPipeIt(table);
            GanttInput input = FigureInputs::ganttInput(
                model, pipeItSchedule(model, table, report.pipeline), {}, {}, a.modelKey(m));
            input.title = designLabel(design) + " Pipe-it, steady state: "
                + QString::number(report.pipeline.throughput, 'g', 3) + " inferences/s, "
                + QString::number(report.gainOverBest * 100, 'f', 1) + "% over the best reference";
            auto* gantt = set.add<GanttView>("gantt_pipeit_"
                + figureFileStem(QString::fromStdString(model.name)) + "_"
                + figureFileStem(designLabel(design)));
            gantt->setInput(input);
        }
    }
}

} // namespace mensa::views
