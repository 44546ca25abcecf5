#include "ExportFiguresDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>

namespace mensa {

using views::FigureFormat;

ExportFiguresDialog::ExportFiguresDialog(
    const QStringList& figureNames, const QString& dir, QWidget* parent)
    : QDialog(parent)
    , m_names(figureNames)
{
    setWindowTitle(tr("Export Figures"));
    auto* form = new QFormLayout(this);
    auto* dirRow = new QHBoxLayout;
    m_dir = new QLineEdit(dir);
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d
            = QFileDialog::getExistingDirectory(this, tr("Export Figures To"), m_dir->text());
        if (!d.isEmpty())
            m_dir->setText(d);
    });
    dirRow->addWidget(m_dir);
    dirRow->addWidget(browse);
    form->addRow(tr("Folder:"), dirRow);
    form->addRow(tr("Figures:"), figureList());
    form->addRow(tr("Formats:"), formatRow());
    form->addRow(tr("Size:"), sizeRow());
    m_dpi = new QSpinBox;
    m_dpi->setRange(10, 2400);
    m_dpi->setValue(300);
    m_dpi->setToolTip(tr("Resolution of the PNG files; PDF and SVG are vector graphics"));
    form->addRow(tr("PNG resolution (dpi):"), m_dpi);
    m_font = new QDoubleSpinBox;
    m_font->setRange(5, 16);
    m_font->setSingleStep(0.5);
    m_font->setValue(9);
    m_font->setToolTip(tr("Axis labels in points at the chosen size (ticks and legends in "
                          "proportion): 8-9 pt matches most paper templates"));
    form->addRow(tr("Font size (pt):"), m_font);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportFiguresDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QWidget* ExportFiguresDialog::figureList()
{
    m_figures = new QListWidget;
    for (const QString& name : m_names) {
        auto* item = new QListWidgetItem(name, m_figures);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    m_figures->setMinimumHeight(120);
    return m_figures;
}

QWidget* ExportFiguresDialog::formatRow()
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (FigureFormat format :
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv }) {
        auto* box = new QCheckBox(views::FigureExporter::extension(format).toUpper());
        box->setChecked(true);
        box->setProperty("format", static_cast<int>(format));
        m_formats << box;
        layout->addWidget(box);
    }
    return row;
}

QWidget* ExportFiguresDialog::sizeRow()
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_preset = new QComboBox;
    m_preset->addItem(tr("Each figure's own size"));
    for (const views::SizePreset& preset : views::sizePresets())
        m_preset->addItem(tr(preset.description), preset.inches);
    m_preset->addItem(tr("Custom"));
    m_width = new QDoubleSpinBox;
    m_height = new QDoubleSpinBox;
    for (QDoubleSpinBox* box : { m_width, m_height }) {
        box->setRange(1, 40);
        box->setDecimals(2);
        box->setSuffix(tr(" in"));
        box->setEnabled(false);
    }
    m_width->setValue(6);
    m_height->setValue(4);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExportFiguresDialog::presetChanged);
    layout->addWidget(m_preset);
    layout->addWidget(m_width);
    layout->addWidget(m_height);
    return row;
}

void ExportFiguresDialog::presetChanged(int index)
{
    const bool custom = index == m_preset->count() - 1;
    m_width->setEnabled(custom);
    m_height->setEnabled(custom);
    const QSizeF inches = m_preset->itemData(index).toSizeF();
    if (!inches.isEmpty()) {
        m_width->setValue(inches.width());
        m_height->setValue(inches.height());
    }
}

views::FigureExportChoice ExportFiguresDialog::choice() const
{
    views::FigureExportChoice c;
    c.dir = m_dir->text();
    for (int i = 0; i < m_figures->count(); ++i)
        if (m_figures->item(i)->checkState() == Qt::Checked)
            c.figures << m_figures->item(i)->text();
    if (c.figures.size() == m_figures->count())
        c.figures.clear(); // all: also the figures of models whose analysis is still running
    c.formats.clear();
    for (QCheckBox* box : m_formats)
        if (box->isChecked())
            c.formats << static_cast<FigureFormat>(box->property("format").toInt());
    if (m_preset->currentIndex() > 0)
        c.options.sizeInches = QSizeF(m_width->value(), m_height->value());
    c.options.dpi = m_dpi->value();
    c.options.fontPoints = m_font->value();
    return c;
}

QStringList ExportFiguresDialog::existingFiles() const
{
    QStringList existing;
    for (const QString& file : choice().files(m_names))
        if (QFileInfo::exists(file))
            existing << QFileInfo(file).fileName();
    return existing;
}

void ExportFiguresDialog::tryAccept()
{
    const views::FigureExportChoice c = choice();
    int checked = 0;
    for (int i = 0; i < m_figures->count(); ++i)
        checked += m_figures->item(i)->checkState() == Qt::Checked;
    if (c.dir.isEmpty() || (m_figures->count() > 0 && checked == 0) || c.formats.isEmpty()) {
        QMessageBox::warning(this, tr("Export Figures"),
            tr("Choose a folder, at least one figure and at least one format."));
        return;
    }
    const QStringList existing = existingFiles();
    if (!existing.isEmpty()) {
        const QString list = existing.mid(0, 8).join(", ") + (existing.size() > 8 ? ", …" : "");
        if (QMessageBox::warning(this, tr("Replace Files?"),
                tr("%n file(s) in %1 will be replaced: %2", nullptr, int(existing.size()))
                    .arg(c.dir, list),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes)
            return;
    }
    accept();
}

} // namespace mensa
