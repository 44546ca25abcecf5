#include "PipeItOutput.h"

#include "schedule/PipeItExport.h"
#include "schedule/PipeItSearch.h"
#include "schedule/ScheduleExport.h"

namespace mensa::cli {

std::string renderPipeIt(
    const Model& model, const AcceleratorSystem& system, const std::string& format)
{
    const PipeItTable table = buildPipeItTable(model, system);
    const PipeItReport report = runPipeIt(table);
    if (format == "csv")
        return pipeItToCsv(report, table, model);
    if (format == "json")
        return pipeItToJson(report, table, model);
    if (format == "trace")
        return scheduleToChromeTrace(pipeItSchedule(model, table, report.pipeline), model);
    return pipeItToTable(report, table, model);
}

} // namespace mensa::cli
