// mensa-studio: the desktop application.
//   mensa-studio [MODEL.onnx | PROJECT.mensa ...] [--screenshot FILE [--geometry WxH]] [--bench]
#include "FigureStyle.h"
#include "MainWindow.h"
#include "StudioRunner.h"
#include "session/CoreAnalysisEngine.h"
#include "util/Allocator.h"
#include "util/Error.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Help, version, screenshots and benchmarks need no screen: without one they run offscreen.
bool runsWithoutScreen(int argc, char** argv)
{
    static const QStringList options = { "-h", "--help", "--help-all", "-v", "--version",
        "--screenshot", "--bench", "--export-figures" };
    for (int i = 1; i < argc; ++i)
        if (options.contains(QString::fromLocal8Bit(argv[i]).section('=', 0, 0)))
            return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    mensa::keepFreedMemory();
    QElapsedTimer launch;
    launch.start();
    if (!hasDisplay()) {
        if (!runsWithoutScreen(argc, argv)) {
            std::fprintf(stderr,
                "mensa-studio: no display (DISPLAY and WAYLAND_DISPLAY are unset); run it in a "
                "desktop "
                "session, or headless with --screenshot FILE or QT_QPA_PLATFORM=offscreen\n");
            return 2;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Mensa");
    QApplication::setApplicationName("mensa-studio");
    QApplication::setApplicationDisplayName("Mensa Studio");
    QApplication::setApplicationVersion(MENSA_VERSION);
    mensa::views::FigureStyle::useNumberLocale();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Explore how neural-network models run on edge ML accelerators.");
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(
        "files", "ONNX models (.onnx) or Mensa Studio projects (.mensa) to open.", "[MODEL...]");
    QCommandLineOption screenshot(
        "screenshot", "Render the window to FILE once the analysis is done, then exit.", "FILE");
    QCommandLineOption bench(
        "bench", "Measure launch, redraw, pan and layout times, print them and exit.");
    QCommandLineOption raise(
        "raise", "Bring the dock titled TITLE to the front (with --screenshot).", "TITLE");
    QCommandLineOption exportFigures("export-figures",
        "Write every figure of the models (as `mensa figures --out DIR`) into DIR, then exit.",
        "DIR");
    QCommandLineOption objective("objective",
        "What the layer mapping minimises: latency, energy, edp (default) or "
        "weighted:W.",
        "OBJECTIVE");
    parser.addOption(exportFigures);
    parser.addOption(objective);
    parser.addOption(screenshot);
    parser.addOption(raise);
    QCommandLineOption geometry(
        "geometry", "Size of the window in pixels, e.g. 1024x768 (for --screenshot).", "WxH");
    parser.addOption(bench);
    parser.addOption(geometry);
    if (!parser.parse(QCoreApplication::arguments())) { // bad input: one line, exit 2
        std::fprintf(stderr, "mensa-studio: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(help) || parser.isSet("help-all"))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();
    QSize size;
    if (parser.isSet(geometry)) {
        size = mensa::parseGeometry(parser.value(geometry));
        if (!size.isValid()) {
            std::fprintf(stderr,
                "mensa-studio: --geometry '%s': expected WIDTHxHEIGHT in pixels, e.g. 1024x768\n",
                qPrintable(parser.value(geometry)));
            return 2;
        }
    }

    mensa::MainWindow window(std::make_shared<mensa::CoreAnalysisEngine>());
    if (parser.isSet(screenshot) || parser.isSet(exportFigures))
        mensa::reportErrorsOnStderr(&window);
    if (parser.isSet(objective)) {
        try {
            window.setObjective(parser.value(objective));
        }
        catch (const mensa::MensaError& e) {
            std::fprintf(stderr, "mensa-studio: %s\n", e.what());
            return 2;
        }
    }
    for (const QString& title : parser.values(raise)) {
        const QString error = mensa::raiseDock(&window, title);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "mensa-studio: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (size.isValid()) {
        window.resize(size);
        window.sizeDocksToWindow();
    }
    window.show();
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        window.openDefaultSample();
    else
        window.openPaths(files);

    for (const QString& title : parser.values(raise))
        mensa::raiseDock(&window, title); // again, now that the docks hold their views
    if (parser.isSet(screenshot))
        mensa::scheduleScreenshot(&window, parser.value(screenshot));
    if (parser.isSet(exportFigures))
        mensa::scheduleFigureExport(&window, parser.value(exportFigures));
    if (parser.isSet(bench)) {
        QTimer::singleShot(0, &window, [&] {
            QElapsedTimer wait;
            wait.start();
            while (!window.isSettled() && wait.elapsed() < 120000)
                QApplication::processEvents(QEventLoop::AllEvents, 10);
            mensa::runStudioBench(&window, launch.elapsed());
        });
    }
    return app.exec();
}
