#include "ReproducePipeIt.h"

#include "AtomicFile.h"

#include "cost/SystemLoader.h"
#include "study/PipeItReproduction.h"
#include "util/TextFormat.h"

#include <iostream>

namespace mensa::cli {

void writePipeItSection(const std::filesystem::path& dir, const std::vector<StudyModel>& models)
{
    const std::vector<PipeItStudyRow> rows = pipeItStudy(models, loadSystem("hikey970"));
    writeFileAtomically((dir / "pipeit.csv").string(), pipeItStudyCsv(rows));
    writeFileAtomically((dir / "pipeit.md").string(), pipeItStudyMarkdown(rows));
    std::cout << "Pipe-it on HiKey 970: throughput "
              << formatNumber(meanPipeItGain(rows) * 100, "%+.1f%%") << " on average over "
              << rows.size() << " CNNs (paper-reported "
              << formatNumber(kPipeItPaperGain * 100, "%+.0f%%") << ")\n";
}

} // namespace mensa::cli
