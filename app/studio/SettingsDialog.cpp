#include "SettingsDialog.h"

#include "cost/SpecParser.h"

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
    QStringList builtin;
    for (const std::string& name : builtinSpecNames())
        builtin << QString::fromStdString(name);
    m_designs->setToolTip(
        tr("Built-in designs (%1) or paths of accelerator spec files").arg(builtin.join(", ")));
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
