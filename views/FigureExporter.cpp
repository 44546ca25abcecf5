#include "FigureExporter.h"

#include "FigureView.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

#include <qcustomplot.h>

#include <cmath>

namespace mensa::views {
namespace {

// Layout happens in logical pixels at 96 per inch, so a 9 pt font is 12 logical pixels
// in every output format and the figure looks the same in PDF, SVG and PNG.
constexpr double kLogicalDpi = 96.0;
const char* const kCreator = "Mensa Studio";

QSize logicalSize(QSizeF inches)
{
    return { qRound(inches.width() * kLogicalDpi), qRound(inches.height() * kLogicalDpi) };
}

void paintPlot(QCustomPlot* plot, QPaintDevice* device, QSize size, bool vector, double scale = 1.0)
{
    QCPPainter painter(device);
    if (vector)
        painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    if (scale != 1.0)
        painter.scale(scale, scale);
    plot->toPainter(&painter, size.width(), size.height());
    painter.end();
}

// PDF xref entries hold byte offsets; rebuild them after edits that change lengths.
QByteArray rebuildXref(const QByteArray& pdf)
{
    const qsizetype xrefPos = pdf.lastIndexOf("\nxref\n");
    if (xrefPos < 0)
        return pdf;
    QMap<int, qsizetype> offsets;
    static const QRegularExpression objRe("(?:^|\\n)(\\d+) 0 obj");
    auto it = objRe.globalMatch(QString::fromLatin1(pdf.left(xrefPos)));
    while (it.hasNext()) {
        const auto m = it.next();
        offsets[m.captured(1).toInt()] = m.capturedStart(1);
    }
    QByteArray xref = "xref\n0 " + QByteArray::number(offsets.isEmpty() ? 1 : offsets.lastKey() + 1)
        + "\n0000000000 65535 f \n";
    for (int id = 1; !offsets.isEmpty() && id <= offsets.lastKey(); ++id)
        xref += offsets.contains(id)
            ? QByteArray::number(offsets[id]).rightJustified(10, '0') + " 00000 n \n"
            : QByteArray("0000000000 00000 f \n");
    const qsizetype trailerPos = pdf.indexOf("trailer", xrefPos);
    const qsizetype startPos = pdf.indexOf("startxref", trailerPos);
    if (trailerPos < 0 || startPos < 0)
        return pdf;
    QByteArray out = pdf.left(xrefPos + 1) + xref + pdf.mid(trailerPos, startPos - trailerPos);
    out += "startxref\n" + QByteArray::number(xrefPos + 1) + "\n%%EOF\n";
    return out;
}

} // namespace

QString FigureExporter::extension(FigureFormat format)
{
    switch (format) {
    case FigureFormat::Pdf:
        return "pdf";
    case FigureFormat::Svg:
        return "svg";
    case FigureFormat::Png:
        return "png";
    case FigureFormat::Csv:
        return "csv";
    }
    return {};
}

std::optional<FigureFormat> FigureExporter::parseFormat(const QString& name)
{
    for (FigureFormat f :
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv })
        if (name.trimmed().compare(extension(f), Qt::CaseInsensitive) == 0)
            return f;
    return std::nullopt;
}

QByteArray FigureExporter::render(
    const FigureView& figure, FigureFormat format, const ExportOptions& options)
{
    const QSizeF inches
        = options.sizeInches.isEmpty() ? figure.defaultExportSize() : options.sizeInches;
    const QString title = figure.caption().isEmpty()
        ? figure.figureName()
        : figure.figureName() + ": " + figure.caption();
    switch (format) {
    case FigureFormat::Pdf:
        return renderPdf(figure.plot(), title, inches);
    case FigureFormat::Svg:
        return renderSvg(figure.plot(), title, inches);
    case FigureFormat::Png:
        return renderPng(figure.plot(), inches, options.dpi);
    case FigureFormat::Csv:
        return ((figure.caption().isEmpty() ? QString() : "# " + figure.caption() + "\n")
            + figure.csv())
            .toUtf8();
    }
    return {};
}

QByteArray FigureExporter::renderPdf(QCustomPlot* plot, const QString& title, QSizeF inches)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setCreator(kCreator);
        writer.setTitle(title);
        writer.setResolution(static_cast<int>(kLogicalDpi));
        const QPageSize page(inches, QPageSize::Inch, QString(), QPageSize::ExactMatch);
        writer.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        paintPlot(plot, &writer, logicalSize(inches), true);
    }
    return makePdfReproducible(buffer.data());
}

QByteArray FigureExporter::renderSvg(QCustomPlot* plot, const QString& title, QSizeF inches)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSize size = logicalSize(inches);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setTitle(title);
    svg.setDescription(QString("%1 figure").arg(kCreator));
    svg.setResolution(static_cast<int>(kLogicalDpi));
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    paintPlot(plot, &svg, size, true);
    return buffer.data();
}

QByteArray FigureExporter::renderPng(QCustomPlot* plot, QSizeF inches, int dpi)
{
    const QSize pixels(qRound(inches.width() * dpi), qRound(inches.height() * dpi));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    // Paint at 96 DPI so point sizes map to logical pixels, then scale up to the target DPI.
    const int dpm96 = qRound(kLogicalDpi / 0.0254);
    image.setDotsPerMeterX(dpm96);
    image.setDotsPerMeterY(dpm96);
    image.fill(Qt::white);
    paintPlot(plot, &image, logicalSize(inches), false, dpi / kLogicalDpi);
    const int dpm = qRound(dpi / 0.0254);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_RGB32).save(&buffer, "PNG");
    return buffer.data();
}

QByteArray FigureExporter::makePdfReproducible(QByteArray pdf)
{
    static const QRegularExpression dateRe("/(CreationDate|ModDate) \\(D:[^)]*\\)");
    static const QRegularExpression xmpDateRe(
        "<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\\1>");
    static const QRegularExpression uuidRe(
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static const QRegularExpression idRe("/ID \\[\\s*<[0-9a-fA-F]*>\\s*<[0-9a-fA-F]*>\\s*\\]");
    QString text = QString::fromLatin1(pdf);
    const QString before = text;
    text.replace(dateRe, "/\\1 (D:20000101000000Z)");
    text.replace(xmpDateRe, "<xmp:\\1>2000-01-01T00:00:00Z</xmp:\\1>");
    text.replace(uuidRe, "00000000-0000-0000-0000-000000000000");
    text.replace(
        idRe, "/ID [<00000000000000000000000000000000> <00000000000000000000000000000000>]");
    if (text == before)
        return pdf;
    // Streams holding XMP are uncompressed; fix their /Length and the xref offsets.
    return rebuildXref(text.toLatin1());
}

ExportResult FigureExporter::writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return { false, QString("%1: cannot write: %2").arg(path, file.errorString()), {} };
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return { false, QString("%1: cannot write: %2").arg(path, why), {} };
    }
    if (!file.commit())
        return { false, QString("%1: cannot write: %2").arg(path, file.errorString()), {} };
    return { true, {}, { path } };
}

ExportResult FigureExporter::exportFigure(const FigureView& figure, const QString& path,
    FigureFormat format, const ExportOptions& options)
{
    if (format == FigureFormat::Png && (options.dpi < 10 || options.dpi > 2400))
        return { false, QString("%1: DPI %2 is outside 10..2400").arg(path).arg(options.dpi), {} };
    const QByteArray bytes = render(figure, format, options);
    if (bytes.isEmpty())
        return { false, QString("%1: rendering the figure produced no data").arg(path), {} };
    return writeFile(path, bytes);
}

ExportResult FigureExporter::exportAll(const QList<const FigureView*>& figures, const QString& dir,
    const QList<FigureFormat>& formats, const ExportOptions& options)
{
    ExportResult all;
    if (!QDir().mkpath(dir))
        return { false, QString("%1: cannot create the folder").arg(dir), {} };
    for (const FigureView* figure : figures) {
        for (FigureFormat format : formats) {
            const QString path = QDir(dir).filePath(figure->figureName() + '.' + extension(format));
            ExportResult one = exportFigure(*figure, path, format, options);
            if (!one.ok)
                return { false, one.error, all.files };
            all.files += one.files;
        }
    }
    return all;
}

} // namespace mensa::views
