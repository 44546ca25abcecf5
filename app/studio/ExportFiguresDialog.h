#pragma once

#include "FigureExportChoice.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace mensa {

// File > Export Figures: which figures, formats, a size preset (single or double column,
// slide) or a custom size, DPI and font size, and the folder; asks before replacing files.
class ExportFiguresDialog : public QDialog {
    Q_OBJECT
public:
    ExportFiguresDialog(const QStringList& figureNames, const QString& dir, QWidget* parent);

    views::FigureExportChoice choice() const;
    // The files of the current choice that exist already.
    QStringList existingFiles() const;

private:
    QWidget* figureList();
    QWidget* formatRow();
    QWidget* sizeRow();
    void tryAccept();
    void presetChanged(int index);

    QStringList m_names;
    QLineEdit* m_dir = nullptr;
    QListWidget* m_figures = nullptr;
    QList<QCheckBox*> m_formats;
    QComboBox* m_preset = nullptr;
    QDoubleSpinBox* m_width = nullptr;
    QDoubleSpinBox* m_height = nullptr;
    QSpinBox* m_dpi = nullptr;
    QDoubleSpinBox* m_font = nullptr;
};

} // namespace mensa
