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
#include <functional>
#include <utility>
#include <vector>

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

// "# caption" and "# provenance" lines above the data, so a CSV can be traced back.
QString csvHeader(const FigureView& figure)
{
    QString header = figure.caption().isEmpty() ? QString() : "# " + figure.caption() + "\n";
    for (const QString& line : figure.provenance())
        header += "# " + line + "\n";
    return header;
}

// Scales every font of a plot for one export and puts them back afterwards: the user's
// font size holds at any figure size, since layout is in points.
class FontScale {
public:
    FontScale(QCustomPlot* plot, double factor)
        : m_plot(plot)
    {
        if (factor <= 0 || qFuzzyCompare(factor, 1.0))
            return;
        collect();
        for (auto& [get, set] : m_fonts) {
            QFont f = get();
            m_saved << f;
            f.setPointSizeF(f.pointSizeF() * factor);
            set(f);
        }
    }
    ~FontScale()
    {
        for (qsizetype i = 0; i < m_saved.size(); ++i)
            m_fonts[size_t(i)].second(m_saved[i]);
    }
    FontScale(const FontScale&) = delete;
    FontScale& operator=(const FontScale&) = delete;

private:
    using Getter = std::function<QFont()>;
    using Setter = std::function<void(const QFont&)>;
    void add(Getter get, Setter set) { m_fonts.emplace_back(std::move(get), std::move(set)); }
    void collect()
    {
        for (QCPAxisRect* rect : m_plot->axisRects())
            for (QCPAxis* axis : rect->axes()) {
                add([axis] { return axis->tickLabelFont(); },
                    [axis](const QFont& f) { axis->setTickLabelFont(f); });
                add([axis] { return axis->labelFont(); },
                    [axis](const QFont& f) { axis->setLabelFont(f); });
            }
        collectLegends();
        for (int i = 0; i < m_plot->itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(m_plot->item(i)))
                add([text] { return text->font(); }, [text](const QFont& f) { text->setFont(f); });
        for (QCPLayoutElement* element : m_plot->plotLayout()->elements(true))
            if (auto* title = qobject_cast<QCPTextElement*>(element))
                add([title] { return title->font(); },
                    [title](const QFont& f) { title->setFont(f); });
    }
    void collectLegends()
    {
        for (QCPLayoutElement* element : m_plot->plotLayout()->elements(true))
            if (auto* legend = qobject_cast<QCPLegend*>(element)) {
                add([legend] { return legend->font(); },
                    [legend](const QFont& f) { legend->setFont(f); });
                for (int i = 0; i < legend->itemCount(); ++i) {
                    QCPAbstractLegendItem* item = legend->item(i);
                    if (!item) // an empty cell of the legend's grid
                        continue;
                    add([item] { return item->font(); },
                        [item](const QFont& f) { item->setFont(f); });
                }
            }
    }

    QCustomPlot* m_plot;
    std::vector<std::pair<Getter, Setter>> m_fonts;
    QList<QFont> m_saved;
};

constexpr double kDefaultLabelPoints = 9; // FigureStyle's axis-label size

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
    const FontScale fonts(figure.plot(), options.fontPoints / kDefaultLabelPoints);
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
        return (csvHeader(figure) + figure.csv()).toUtf8();
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

QList<SizePreset> sizePresets()
{
    return { { "single", QSizeF(3.33, 2.5), "single column (3.33 in)" },
        { "double", QSizeF(7.0, 3.5), "double column (7 in)" },
        { "slide", QSizeF(10.0, 5.625), "slide, 16:9 (10 in)" } };
}

bool FigureExporter::chosen(const QString& name, const QStringList& filters)
{
    if (filters.isEmpty())
        return true;
    for (const QString& f : filters)
        if (name.startsWith(f))
            return true;
    return false;
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
