#pragma once

#include <QByteArray>
#include <QList>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <optional>

class QCustomPlot;

namespace mensa::views {

class FigureView;

enum class FigureFormat { Pdf, Svg, Png, Csv };

struct ExportOptions {
    QSizeF sizeInches; // empty: the figure's defaultExportSize()
    int dpi = 300; // PNG only; vector formats are resolution independent
    double fontPoints = 0; // axis-label size in points (other text in proportion); 0: 9 pt
};

// Named figure sizes for papers and slides (inches): a single column of a two-column paper
// (3.33 in, IEEE/ACM), the full text width (7 in) and a 16:9 slide.
struct SizePreset {
    const char* name;
    QSizeF inches;
    const char* description;
};
QList<SizePreset> sizePresets();

struct ExportResult {
    bool ok = true;
    QString error; // one line naming the file and the problem when !ok
    QStringList files; // files written
};

// Exports figures as vector PDF/SVG, raster PNG and their data as CSV. Output bytes depend
// only on the figure and the options (no dates, no random ids), and every file is written
// atomically: a failed export leaves the previous file untouched.
class FigureExporter {
public:
    static QString extension(FigureFormat format);
    static std::optional<FigureFormat> parseFormat(const QString& name);

    // Renders the figure in memory. Layout is done in points at 96 logical DPI, so text
    // keeps its point size whatever the output size.
    static QByteArray render(
        const FigureView& figure, FigureFormat format, const ExportOptions& options);
    static QByteArray renderPdf(QCustomPlot* plot, const QString& title, QSizeF inches);
    static QByteArray renderSvg(QCustomPlot* plot, const QString& title, QSizeF inches);
    static QByteArray renderPng(QCustomPlot* plot, QSizeF inches, int dpi);

    static ExportResult exportFigure(const FigureView& figure, const QString& path,
        FigureFormat format, const ExportOptions& options);
    // Writes DIR/<figureName>.<ext> for every figure and format; stops at the first failure.
    static ExportResult exportAll(const QList<const FigureView*>& figures, const QString& dir,
        const QList<FigureFormat>& formats, const ExportOptions& options);
    // Atomic write through QSaveFile.
    static ExportResult writeFile(const QString& path, const QByteArray& bytes);

    // Whether NAME is chosen by FILTERS (figure-name prefixes, e.g. "energy", "gantt_");
    // an empty list chooses every figure.
    static bool chosen(const QString& name, const QStringList& filters);

    // Replaces the creation date and document ids Qt writes into a PDF with fixed values.
    static QByteArray makePdfReproducible(QByteArray pdf);
};

} // namespace mensa::views
