#include "ReproducePruning.h"

#include "AtomicFile.h"
#include "PolicyOptions.h"
#include "StudyOptions.h"

#include "study/PruningReproduction.h"

#include <filesystem>
#include <iostream>

namespace mensa::cli {

std::string writePruningSection(const std::string& dir, const CliArgs& args)
{
    PruningReproductionOptions options;
    options.cpuDesign = args.valueOr("pruning-cpu", PruningReproductionOptions().cpuDesign);
    options.systolicDesign = studySpecs(args)[0];
    options.policy = policyFromArgs(args);
    const PruningReproduction study = reproducePruning(options);
    const std::string markdown = pruningReproductionMarkdown(study);
    writeFileAtomically(
        (std::filesystem::path(dir) / "pruning.csv").string(), pruningReproductionCsv(study));
    writeFileAtomically((std::filesystem::path(dir) / "pruning.md").string(), markdown);
    for (const auto& r : study.rows)
        if (r.design == options.systolicDesign)
            std::cout << "pruning " << r.model << " (ratio " << r.ratio << ", "
                      << granularityName(r.granularity) << ") on " << r.design << ": " << r.speedup
                      << "x (paper " << r.paperSpeedup << "x on a mobile CPU)\n";
    return markdown;
}

} // namespace mensa::cli
