#include "OffscreenFigures.h"

#include "FigureStyle.h"

#include <iostream>

namespace mensa::cli {
namespace {

std::string& messagePrefix()
{
    static std::string prefix = "mensa";
    return prefix;
}

// Qt's notices (e.g. about XDG_RUNTIME_DIR under the offscreen platform) are not the user's
// concern; real errors still reach stderr.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::cerr << messagePrefix() << ": Qt: " << message.toStdString() << "\n";
}

} // namespace

std::unique_ptr<QApplication> offscreenApplication(const std::string& command)
{
    if (QApplication::instance())
        return nullptr;
    messagePrefix() = "mensa " + command;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quietQtMessages);
    static int argc = 1;
    static char name[] = "mensa";
    static char* argv[] = { name, nullptr };
    auto app = std::make_unique<QApplication>(argc, argv);
    views::FigureStyle::useNumberLocale();
    return app;
}

views::ExportResult exportEveryFormat(
    const QList<const views::FigureView*>& figures, const QString& dir, const std::string& command)
{
    using views::FigureFormat;
    const views::ExportResult written = views::FigureExporter::exportAll(figures, dir,
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv }, {});
    if (!written.ok)
        std::cerr << "mensa " << command << ": " << written.error.toStdString() << "\n";
    return written;
}

} // namespace mensa::cli
