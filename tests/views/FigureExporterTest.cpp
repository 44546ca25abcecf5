#include "FigureExporter.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <unistd.h>

using namespace mensa::views;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeText(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Every xref entry must point at "N 0 obj" and startxref at the xref table.
void expectConsistentXref(const QByteArray& pdf)
{
    static const QRegularExpression startRe("startxref\\s+(\\d+)\\s+%%EOF\\s*$");
    const auto start = startRe.match(QString::fromLatin1(pdf));
    ASSERT_TRUE(start.hasMatch());
    const qsizetype xref = start.captured(1).toLongLong();
    ASSERT_TRUE(pdf.mid(xref).startsWith("xref\n"));
    static const QRegularExpression entryRe("(\\d{10}) 00000 n ");
    auto it = entryRe.globalMatch(
        QString::fromLatin1(pdf.mid(xref, pdf.indexOf("trailer", xref) - xref)));
    int entries = 0;
    while (it.hasNext()) {
        const qsizetype offset = it.next().captured(1).toLongLong();
        EXPECT_TRUE(QRegularExpression("^\\d+ 0 obj")
                        .match(QString::fromLatin1(pdf.mid(offset, 16)))
                        .hasMatch())
            << "entry at " << offset;
        ++entries;
    }
    EXPECT_GT(entries, 5);
}

class FigureExporterTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_view.setRecords(samples::energy());
        m_view.setFigureName("energy");
    }
    EnergyView m_view;
    QTemporaryDir m_dir;
};

} // namespace

TEST_F(FigureExporterTest, PdfIsAValidVectorPageOfTheRequestedSize)
{
    ExportOptions options;
    options.sizeInches = { 6.0, 3.5 };
    const QString path = m_dir.filePath("energy.pdf");
    const ExportResult r = FigureExporter::exportFigure(m_view, path, FigureFormat::Pdf, options);
    ASSERT_TRUE(r.ok) << r.error.toStdString();
    const QByteArray pdf = readAll(path);
    EXPECT_TRUE(pdf.startsWith("%PDF-1."));
    EXPECT_TRUE(pdf.trimmed().endsWith("%%EOF"));
    static const QRegularExpression box("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]");
    const auto m = box.match(QString::fromLatin1(pdf));
    ASSERT_TRUE(m.hasMatch());
    EXPECT_NEAR(m.captured(1).toDouble(), 432, 0.01) << "6 in = 432 pt";
    EXPECT_NEAR(m.captured(2).toDouble(), 252, 0.01) << "3.5 in = 252 pt";
    EXPECT_FALSE(pdf.contains("/Subtype /Image")) << "the figure must be vector, not a bitmap";
    EXPECT_TRUE(pdf.contains("/CreationDate (D:20000101000000Z)"));
    expectConsistentXref(pdf);
}

TEST_F(FigureExporterTest, SvgIsValidWithFixedMetadata)
{
    ExportOptions options;
    options.sizeInches = { 5.0, 4.0 };
    const QByteArray svg = FigureExporter::render(m_view, FigureFormat::Svg, options);
    QSvgRenderer renderer(svg);
    ASSERT_TRUE(renderer.isValid());
    EXPECT_EQ(renderer.viewBox(), QRect(0, 0, 480, 384));
    EXPECT_TRUE(svg.contains("<title>energy</title>"));
    EXPECT_TRUE(svg.contains("Off-chip + DRAM"));
    EXPECT_FALSE(svg.contains("<image")) << "the figure must be vector, not a bitmap";
}

TEST_F(FigureExporterTest, PngHasSizeTimesDpiPixelsAndTheDpiRecorded)
{
    ExportOptions options;
    options.sizeInches = { 4.0, 2.5 };
    options.dpi = 200;
    const QString path = m_dir.filePath("energy.png");
    ASSERT_TRUE(FigureExporter::exportFigure(m_view, path, FigureFormat::Png, options).ok);
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(800, 500));
    EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 200, 0.5);
    EXPECT_GT(test::inkShare(image), 0.05);
    // Text keeps its point size: at twice the DPI the same figure has about four times the ink.
    options.dpi = 100;
    const double low = test::inkShare(
        QImage::fromData(FigureExporter::render(m_view, FigureFormat::Png, options)));
    EXPECT_NEAR(test::inkShare(image) / low, 1.0, 0.25);
}

TEST_F(FigureExporterTest, ExportsAreByteForByteReproducible)
{
    for (FigureFormat format :
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv }) {
        const QByteArray first = FigureExporter::render(m_view, format, {});
        QThread::msleep(1100); // a timestamp with one-second resolution would now differ
        EnergyView again; // a fresh view from the same inputs
        again.setRecords(samples::energy());
        again.setFigureName("energy");
        const QByteArray second = FigureExporter::render(again, format, {});
        EXPECT_FALSE(first.isEmpty());
        EXPECT_EQ(first, second) << FigureExporter::extension(format).toStdString();
    }
}

TEST_F(FigureExporterTest, ExportAllWritesEveryFigureAndFormat)
{
    GanttView gantt;
    gantt.setInput(samples::gantt(samples::models()[0]));
    gantt.setFigureName("gantt");
    const QString out = m_dir.filePath("figures/nested");
    const ExportResult r = FigureExporter::exportAll(
        { &m_view, &gantt }, out, { FigureFormat::Svg, FigureFormat::Csv }, {});
    ASSERT_TRUE(r.ok) << r.error.toStdString();
    EXPECT_EQ(r.files.size(), 4);
    for (const char* name : { "energy.svg", "energy.csv", "gantt.svg", "gantt.csv" })
        EXPECT_TRUE(QFileInfo::exists(QDir(out).filePath(name))) << name;
    EXPECT_EQ(readAll(QDir(out).filePath("gantt.csv")), gantt.csv().toUtf8());
}

TEST_F(FigureExporterTest, ParsesFormatNames)
{
    EXPECT_EQ(FigureExporter::parseFormat("PDF"), FigureFormat::Pdf);
    EXPECT_EQ(FigureExporter::parseFormat(" svg"), FigureFormat::Svg);
    EXPECT_FALSE(FigureExporter::parseFormat("jpeg").has_value());
}

TEST_F(FigureExporterTest, FailedWriteIntoReadOnlyFolderKeepsTheOldFile)
{
    const QString folder = m_dir.filePath("locked");
    ASSERT_TRUE(QDir().mkpath(folder));
    const QString path = QDir(folder).filePath("energy.png");
    ASSERT_TRUE(writeText(path, "old figure"));
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    // Root ignores permission bits: make the folder immutable instead when we can.
    const bool root = geteuid() == 0;
    if (root && QProcess::execute("chattr", { "+i", folder }) != 0) {
        QFile::setPermissions(
            folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        GTEST_SKIP() << "running as root without chattr: cannot make a folder read-only";
    }
    const ExportResult r = FigureExporter::exportFigure(m_view, path, FigureFormat::Png, {});
    if (root)
        QProcess::execute("chattr", { "-i", folder });
    QFile::setPermissions(
        folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.error.startsWith(path + ": cannot write")) << r.error.toStdString();
    EXPECT_FALSE(r.error.contains('\n'));
    EXPECT_EQ(readAll(path), "old figure");
    EXPECT_EQ(QDir(folder).entryList(QDir::Files), QStringList { "energy.png" })
        << "no temporary file left behind";
}

TEST_F(FigureExporterTest, FailedWriteUnderAFileReportsTheError)
{
    const QString blocker = m_dir.filePath("blocker");
    ASSERT_TRUE(writeText(blocker, "x"));
    const ExportResult r
        = FigureExporter::exportAll({ &m_view }, blocker + "/out", { FigureFormat::Pdf }, {});
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.error.contains(blocker)) << r.error.toStdString();
    EXPECT_EQ(readAll(blocker), "x");
}

TEST_F(FigureExporterTest, RejectsAnAbsurdDpi)
{
    ExportOptions options;
    options.dpi = 0;
    const ExportResult r
        = FigureExporter::exportFigure(m_view, m_dir.filePath("x.png"), FigureFormat::Png, options);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.error.contains("DPI"));
    EXPECT_FALSE(QFileInfo::exists(m_dir.filePath("x.png")));
}
