#pragma once

#include "FigureExporter.h"

#include <QApplication>

#include <memory>
#include <string>

namespace mensa::cli {

// Figures need Qt Gui; render without a display so the headless commands run anywhere, with
// Qt's own notices muted (critical ones reach stderr as "mensa COMMAND: Qt: ..."). The caller
// keeps the application while rendering (none is made when one exists): a QApplication left
// to static destruction crashes at exit.
std::unique_ptr<QApplication> offscreenApplication(const std::string& command);

// Writes every figure as PDF, SVG and PNG plus its data as CSV into `dir`; on failure prints
// "mensa COMMAND: <error>" to stderr. The result lists the files written.
views::ExportResult exportEveryFormat(
    const QList<const views::FigureView*>& figures, const QString& dir, const std::string& command);

} // namespace mensa::cli
