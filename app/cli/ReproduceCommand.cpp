// mensa reproduce: re-runs the Mensa study on the sample suite: tables (CSV + Markdown) and,
// when built with the GUI libraries, the figures.
#include "AtomicFile.h"
#include "CommandRegistry.h"
#include "FigureRenderer.h"
#include "MaeSection.h"
#include "PolicyOptions.h"
#include "ReproducePipeIt.h"
#include "ReproducePruning.h"
#include "StudyOptions.h"
#include "ValidationTable.h"

#include "cluster/FamilyClassifier.h"
#include "cost/SystemLoader.h"
#include "study/LayerFamilyTable.h"
#include "study/PublishedValidation.h"
#include "study/Reproduction.h"
#include "util/Error.h"

#include <filesystem>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa reproduce --out DIR [--edge-tpu SPEC] [--eyeriss SPEC] [--mensa SPEC]\n"
      "                       [--families RULES] [--objective latency|energy|edp|weighted:W]\n"
      "                       [--tables-only]\n\n"
      "Simulates every sample-suite model on the Edge TPU, Eyeriss v2 and Mensa-G and writes\n"
      "the study's tables and figures to DIR:\n"
      "  edge_tpu.csv          per-model Edge TPU PE utilisation and energy efficiency\n"
      "  energy_breakdown.csv  energy per component, per model and design\n"
      "  mensa_gains.csv       Mensa's throughput and energy efficiency normalised to the\n"
      "                        Edge TPU and Eyeriss v2, geomeans, paper-reported averages\n"
      "  families.csv          compute layers per layer family (rules file RULES, default the\n"
      "                        shipped resources/families.textproto) and per model kind\n"
      "  clusters.csv          k-means clusters of the same layers and their main family\n"
      "  summary.md            the same in short, with the paper's figures beside them\n"
      "  validation.csv, .md   the fidelity table of `mensa validate` (Coral, SCALE-Sim, Eyeriss\n"
      "                        v2, the Mensa paper's ratios from these runs), judged against\n"
      "                        the shipped known-outside list with its reasons\n"
      "  pruning.csv, .md      pruning speedup of ResNet-50 and Inception-V3 at the ratios that\n"
      "                        give the seed's 2.9x and 2.3x on --pruning-cpu (default\n"
      "                        hikey970, the mobile CPU), and the same on the Edge TPU\n"
      "  mae_gain.csv, mae.md  MAE on jetson_xavier: MAEG per model over the best single unit\n"
      "                        beside the paper's up-to-28% (docs/processors.md)\n"
      "  pipeit.csv, pipeit.md Pipe-it's throughput gain on HiKey 970 for the suite's CNNs,\n"
      "                        beside the paper's 39% (docs/pipeit.md)\n"
      "  figures/              the study's figures as PDF, SVG, PNG and CSV (as `mensa figures`\n"
      "                        draws them, Mensa mapped as in the tables): Edge TPU utilisation "
      "and\n"
      "                        Mensa's gains over the Edge TPU (comparison) and over Eyeriss v2\n"
      "                        (comparison_vs_eyeriss_v2) beside the paper-reported averages,\n"
      "                        parameter footprint against FLOP/B coloured by cluster, clusters,\n"
      "                        energy breakdown per model, Gantt charts, rooflines\n"
      "--tables-only skips the figures (much faster).\n"
      "--objective is what Mensa's layer mapping minimises (default edp, the one mapping policy "
      "of\n"
      "docs/methodology.md, the same in tables and figures).\n"
      "SPEC is a built-in name (edge_tpu, eyeriss_v2, mensa) or a spec file; defaults are\n"
      "the built-in ones. The same figures for other models: mensa figures.\n"
      "Exit codes: 0 ok, 1 a file could not be written, 2 bad usage or spec.";

int usageError(const std::string& problem)
{
    return cli::usageError("reproduce", problem);
}

StudySystems loadSystems(const CliArgs& args)
{
    const std::vector<std::string> specs = studySpecs(args);
    StudySystems systems;
    systems.edgeTpu = loadSystem(specs[0]);
    systems.eyeriss = loadSystem(specs[1]);
    systems.mensa = loadSystem(specs[2]);
    systems.policy = policyFromArgs(args);
    return systems;
}

FamilyClassifier loadFamilies(const CliArgs& args)
{
    return FamilyClassifier::fromFile(
        args.valueOr("families", FamilyClassifier::defaultRulesPath()));
}

void writeTables(const std::filesystem::path& dir, const std::vector<StudyRun>& runs,
    const FamilyStudy& families)
{
    std::filesystem::create_directories(dir);
    writeFileAtomically((dir / "edge_tpu.csv").string(), edgeTpuTableCsv(runs));
    writeFileAtomically((dir / "energy_breakdown.csv").string(), energyBreakdownCsv(runs));
    writeFileAtomically((dir / "mensa_gains.csv").string(), mensaGainsCsv(runs));
    writeFileAtomically((dir / "families.csv").string(), familyTableCsv(families));
    writeFileAtomically((dir / "clusters.csv").string(), clusterTableCsv(families));
    writeFileAtomically((dir / "summary.md").string(),
        studySummaryMarkdown(runs) + "\n" + familyMarkdown(families));
}

// The fidelity table of `mensa validate`, its Mensa rows from this reproduction's runs, judged
// against the shipped known-outside list.
struct Fidelity {
    ValidationReport report;
    ValidationVerdict verdict;
    std::vector<KnownOutside> known;
    std::string list; // the list's path ("" when none is shipped)
};

Fidelity judgeFidelity(const std::vector<StudyRun>& runs)
{
    Fidelity f;
    f.list = shippedKnownOutsidePath();
    if (!f.list.empty())
        f.known = readKnownOutside(f.list);
    f.report = validateShipped(&runs);
    f.verdict = judgeAgainstKnown(f.report, f.known);
    return f;
}

void writeFidelity(const std::filesystem::path& dir, const Fidelity& f)
{
    writeFileAtomically((dir / "validation.csv").string(),
        validationTable(f.report, f.verdict).render(TableStyle::Csv));
    writeFileAtomically(
        (dir / "validation.md").string(), validationMarkdown(f.report, f.verdict, f.known, f.list));
}

void printHeadline(const std::vector<StudyRun>& runs)
{
    std::vector<MensaGains> gains;
    for (const auto& run : runs)
        gains.push_back(mensaGains(run));
    const MensaGains g = geomeanGains(gains);
    using Paper = PaperReportedGains;
    std::cout << "Mensa vs Edge TPU: throughput " << g.throughputVsEdgeTpu
              << "x, energy efficiency " << g.energyEfficiencyVsEdgeTpu << "x (paper-reported "
              << Paper::throughputVsEdgeTpu << "x, " << Paper::energyEfficiencyVsEdgeTpu << "x)\n"
              << "Mensa vs Eyeriss v2: throughput " << g.throughputVsEyeriss
              << "x, energy efficiency " << g.energyEfficiencyVsEyeriss << "x (paper-reported "
              << Paper::throughputVsEyeriss << "x, " << Paper::energyEfficiencyVsEyeriss << "x)\n";
}

int runReproduce(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions(reproduceOptions()); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (!args.positional().empty())
        return usageError("unexpected argument '" + args.positional().front() + "'");
    auto out = args.value("out");
    if (!out || out->empty())
        return usageError("--out DIR is required");
    std::vector<StudyRun> runs;
    FamilyStudy families;
    std::vector<StudyModel> models;
    Fidelity fidelity;
    try {
        models = sampleSuiteStudyModels();
        runs = runStudy(models, loadSystems(args));
        families = familyStudy(models, loadFamilies(args));
        fidelity = judgeFidelity(runs);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa reproduce: " << e.what() << "\n";
        return 2;
    }
    std::string maeHeadline;
    try {
        writeTables(*out, runs, families);
        writeFidelity(*out, fidelity);
        writePruningSection(*out, args);
        maeHeadline = writeMaeSection(*out, models);
        writePipeItSection(*out, models);
    }
    catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "mensa reproduce: " << *out << ": " << e.code().message() << "\n";
        return 1;
    }
    catch (const MensaError& e) {
        std::cerr << "mensa reproduce: " << e.what() << "\n";
        return 1;
    }
    printHeadline(runs);
    std::cout << maeHeadline << "\n";
    std::cout << "fidelity: "
              << validationCountLine(fidelity.report, fidelity.verdict, fidelity.list) << "\n";
    std::cout
        << "wrote edge_tpu.csv, energy_breakdown.csv, mensa_gains.csv, families.csv, "
           "clusters.csv, summary.md, validation.csv/.md, pruning.csv/.md, mae_gain.csv, mae.md "
           "and pipeit.csv/.md to "
        << *out << "\n";
    if (args.has("tables-only"))
        return 0;
    if (figureRendererPath().empty()) { // a build without the GUI libraries: tables only
        std::cerr << "mensa reproduce: no figures: " << figureRendererMissing() << "\n";
        return 0;
    }
    // The figures draw the same runs in the renderer (FigureRenderer.h), which rebuilds the
    // suite from the same code and options.
    return runFigureRenderer("reproduce-figures", commandArguments());
}

const CommandRegistration kRegistration("reproduce",
    { "re-run the Mensa study's tables and figures on the sample suite", kUsage, runReproduce,
        { "tables-only" } });

} // namespace
} // namespace mensa::cli
