#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace mensa {

SettingsDialog::SettingsDialog(int bytesPerElement, const QStringList& designs, QWidget* parent)
    : QDialog(parent)
    , m_precision(new QComboBox(this))
    , m_designs(new QLineEdit(this))
{
    setWindowTitle(tr("Analysis Settings"));
    m_precision->addItem("int8", 1);
    m_precision->addItem("fp16", 2);
    m_precision->addItem("fp32", 4);
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(bytesPerElement)));
    m_designs->setText(designs.join(", "));
    m_designs->setToolTip(
        tr("Preset names (edge_tpu, eyeriss_v2, mensa) or paths of accelerator spec files"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Precision:"), m_precision);
    form->addRow(tr("Designs:"), m_designs);
    form->addRow(new QLabel(
        tr("Comma-separated; each is simulated and scheduled for every open model."), this));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_designs, &QLineEdit::textChanged, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!this->designs().isEmpty());
    });
}

int SettingsDialog::bytesPerElement() const
{
    return m_precision->currentData().toInt();
}

QStringList SettingsDialog::designs() const
{
    QStringList out;
    for (const QString& d : m_designs->text().split(',', Qt::SkipEmptyParts))
        if (!d.trimmed().isEmpty())
            out << d.trimmed();
    return out;
}

} // namespace mensa
