#pragma once

#include "FigureExporter.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mensa::views {

// What File > Export Figures writes: which figures (exact names; empty: all), in which
// formats, at which size, resolution and font size, into which folder. `mensa figures` has
// the same choices as options (--figures, --format, --size, --dpi, --font-size).
struct FigureExportChoice {
    QString dir;
    QStringList figures;
    QList<FigureFormat> formats { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png,
        FigureFormat::Csv };
    ExportOptions options;

    bool chosen(const QString& name) const { return figures.isEmpty() || figures.contains(name); }
    // The files the choice writes for figures named NAMES (the order of exportAll).
    QStringList files(const QStringList& names) const;
};

} // namespace mensa::views
