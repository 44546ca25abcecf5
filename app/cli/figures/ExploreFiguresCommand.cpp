// mensa-figures explore-figures: the Pareto and sensitivity figures of a finished
// `mensa explore` run, which hands them over here (FigureRenderer.h) after writing its results,
// so that mensa-explore never loads Qt.
#include "CommandRegistry.h"
#include "OffscreenFigures.h"

#include "ExploreFigures.h"
#include "FigureExporter.h"

#include "dse/ExploreFigureData.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QFileInfo>

#include <filesystem>
#include <iostream>
#include <memory>

namespace mensa::cli {
namespace {

using namespace mensa::views;

const char* const kUsage
    = "Usage: mensa-figures explore-figures SPACE.textproto DIR [--search MODE]\n"
      "Draws DIR/figures/pareto.* and DIR/figures/sensitivity.* (PDF, SVG, "
      "PNG, CSV) from DIR/points.csv (run by mensa explore).";

constexpr std::uintmax_t kMaxPointsBytes = std::uintmax_t(4) << 30;

QStringList provenance(const SearchSpace& space, const std::string& mode)
{
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromStdString(space.text), QCryptographicHash::Sha256);
    return { QStringLiteral("Mensa Studio " MENSA_VERSION),
        "search space " + QFileInfo(QString::fromStdString(space.file)).fileName() + " sha256 "
            + QString::fromLatin1(digest.toHex()),
        "search " + QString::fromStdString(mode) + ", points from points.csv" };
}

QString caption(const ExploreFigureData& data)
{
    return QString("Search space %1, %2 points simulated, objective %3")
        .arg(QString::fromStdString(data.spaceName))
        .arg(data.points.size())
        .arg(QString::fromStdString(data.objective));
}

int runExploreFigures(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({ "search" }); !unknown.empty())
        return usageError("explore", "unknown option --" + unknown.front());
    if (args.positional().size() != 2)
        return usageError("explore", "explore-figures takes SPACE and DIR");
    const std::string dir = args.positional()[1];
    ExploreFigureData data;
    SearchSpace space;
    try {
        space = loadSearchSpace(args.positional()[0]);
        const std::string points = (std::filesystem::path(dir) / "points.csv").string();
        data = exploreFigureData(space, readRegularFile(points, kMaxPointsBytes), points);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa explore: figures: " << e.what() << "\n";
        return 2;
    }
    const auto app = offscreenApplication("explore");
    const FigureSet figures
        = exploreFigureSet(data, caption(data), provenance(space, args.valueOr("search", "")));
    const QString out = QString::fromStdString((std::filesystem::path(dir) / "figures").string());
    return exportEveryFormat(figures.list(), out, "explore").ok ? 0 : 1;
}

const CommandRegistration kRegistration("explore-figures",
    { "the Pareto and sensitivity figures of mensa explore (run by mensa explore)", kUsage,
        runExploreFigures });

} // namespace
} // namespace mensa::cli
