#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QLineEdit;

namespace mensa {

// Analysis settings: element precision and the accelerator designs to compare.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(int bytesPerElement, const QStringList& designs, QWidget* parent = nullptr);
    int bytesPerElement() const;
    QStringList designs() const;

private:
    QComboBox* m_precision;
    QLineEdit* m_designs;
};

} // namespace mensa
