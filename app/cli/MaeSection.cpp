#include "MaeSection.h"

#include "AtomicFile.h"

#include "cost/SystemLoader.h"
#include "study/MaeStudy.h"
#include "util/TextFormat.h"

#include <algorithm>

namespace mensa::cli {

std::string writeMaeSection(const std::filesystem::path& dir, const std::vector<StudyModel>& models)
{
    const AcceleratorSystem jetson = loadSystem("jetson_xavier");
    const std::vector<MaeStudyRow> rows = runMaeStudy(models, jetson);
    writeFileAtomically((dir / "mae_gain.csv").string(), maeStudyCsv(rows));
    writeFileAtomically((dir / "mae.md").string(), maeStudyMarkdown(rows, jetson.name));
    double best = 0;
    for (const auto& r : rows)
        best = std::max(best, r.maeg);
    return "MAE on " + jetson.name + ": MAEG up to " + formatNumber(100 * best, "%.1f")
        + "% over the best single unit (paper-reported: up to "
        + formatNumber(100 * PaperReportedMae::maxGain, "%.0f") + "%)";
}

} // namespace mensa::cli
