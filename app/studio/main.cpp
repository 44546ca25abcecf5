// mensa-studio: the desktop application.
//   mensa-studio [MODEL.onnx | PROJECT.mensa ...] [--screenshot FILE] [--bench]
#include "MainWindow.h"
#include "StudioRunner.h"
#include "session/CoreAnalysisEngine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>

int main(int argc, char** argv)
{
    QElapsedTimer launch;
    launch.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Mensa");
    QApplication::setApplicationName("mensa-studio");
    QApplication::setApplicationDisplayName("Mensa Studio");
    QApplication::setApplicationVersion(MENSA_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Explore how neural-network models run on edge ML accelerators.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("files", "ONNX models (.onnx) or Mensa Studio projects (.mensa) to open.",
                                 "[MODEL...]");
    QCommandLineOption screenshot("screenshot", "Render the window to FILE once the analysis is done, then exit.",
                                  "FILE");
    QCommandLineOption bench("bench", "Measure launch, redraw, pan and layout times, print them and exit.");
    QCommandLineOption raise("raise", "Bring the dock titled TITLE to the front (with --screenshot).", "TITLE");
    parser.addOption(screenshot);
    parser.addOption(raise);
    parser.addOption(bench);
    parser.process(app);

    mensa::MainWindow window(std::make_shared<mensa::CoreAnalysisEngine>());
    window.show();
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        window.openDefaultSample();
    else
        window.openPaths(files);

    for (const QString& title : parser.values(raise))
        for (QDockWidget* dock : window.findChildren<QDockWidget*>())
            if (dock->windowTitle().compare(title, Qt::CaseInsensitive) == 0) {
                dock->show();
                dock->raise();
            }
    if (parser.isSet(screenshot))
        mensa::scheduleScreenshot(&window, parser.value(screenshot));
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
