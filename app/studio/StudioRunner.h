#pragma once

#include <QSize>
#include <QString>

namespace mensa {

class MainWindow;

// Scripted runs (--screenshot, --export-figures): every message the window would show in a box
// also goes to stderr as one line, and the run then exits with 1 instead of 0.
void reportErrorsOnStderr(MainWindow* window);

// Shows and raises the dock titled `title` (case-insensitive); empty, or the one-line error
// naming the dock titles there are.
QString raiseDock(MainWindow* window, const QString& title);

// "WxH" (e.g. 1024x768) as a size; an invalid QSize when `text` is not one.
QSize parseGeometry(const QString& text);

// Waits until the window has settled (analysis done, graph laid out), renders it to `path`
// and quits with 0, or quits with 1 after `timeoutMs`, when it cannot write `path` or when
// the window reported an error. For CI and for looking at the app.
void scheduleScreenshot(MainWindow* window, const QString& path, int timeoutMs = 120000);

// Waits until the window has settled, writes every figure of every open model into `dir`
// (the files `mensa figures` writes) and quits with 0, or with 1 and one line on failure.
void scheduleFigureExport(MainWindow* window, const QString& dir, int timeoutMs = 300000);

// Runs the interaction benchmarks on `window` (already showing the default model when one
// is installed), prints one line per figure and quits. `launchMs` is the time from process
// start to the first settled window.
void runStudioBench(MainWindow* window, qint64 launchMs);

} // namespace mensa
