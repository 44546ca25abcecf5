#include "SpecDiffView.h"

#include "SpecFields.h"

#include <QBrush>
#include <QColor>
#include <QComboBox>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QTableWidget>
#include <QVBoxLayout>

#include <utility>

namespace mensa::views {

namespace {

// Field path -> value text of a design ("" values for unset fields).
QMap<QString, QString> fieldValues(const QString& text, QStringList& order, QString& error)
{
    QMap<QString, QString> values;
    std::string why;
    auto message = parseSpecMessage(text.toStdString(), &why);
    if (!message) {
        error = QString::fromStdString(why);
        return values;
    }
    for (const SpecField& f : specFields(*message)) {
        values.insert(f.path, f.value);
        if (!order.contains(f.path))
            order << f.path;
    }
    return values;
}

} // namespace

SpecDiffView::SpecDiffView(std::function<QString(const QString&)> textOf, QWidget* parent)
    : QWidget(parent)
    , m_textOf(std::move(textOf))
    , m_left(new QComboBox(this))
    , m_right(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_table(new QTableWidget(0, 3, this))
{
    m_left->setObjectName("diffLeft");
    m_right->setObjectName("diffRight");
    auto* pick = new QHBoxLayout;
    pick->addWidget(m_left, 1);
    pick->addWidget(new QLabel(tr("vs"), this));
    pick->addWidget(m_right, 1);
    m_note->setWordWrap(true);
    m_table->setObjectName("diffTable");
    m_table->setHorizontalHeaderLabels({ tr("Field"), tr("A"), tr("B") });
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(pick);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    connect(m_left, &QComboBox::currentTextChanged, this, &SpecDiffView::refresh);
    connect(m_right, &QComboBox::currentTextChanged, this, &SpecDiffView::refresh);
}

void SpecDiffView::setDesigns(const QStringList& designs)
{
    const QString a = m_left->currentText(), b = m_right->currentText();
    for (QComboBox* combo : { m_left, m_right }) {
        QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(designs);
    }
    compare(designs.contains(a) ? a : designs.value(0),
        designs.contains(b) ? b : designs.value(1, designs.value(0)));
}

void SpecDiffView::compare(const QString& a, const QString& b)
{
    for (auto [combo, name] : { std::pair { m_left, a }, std::pair { m_right, b } }) {
        QSignalBlocker block(combo);
        if (combo->findText(name) < 0)
            combo->addItem(name);
        combo->setCurrentText(name);
    }
    refresh();
}

void SpecDiffView::refresh()
{
    const QString a = m_left->currentText(), b = m_right->currentText();
    QStringList order;
    QString errorA, errorB;
    const auto left = fieldValues(m_textOf(a), order, errorA);
    const auto right = fieldValues(m_textOf(b), order, errorB);
    m_differing.clear();
    m_table->setRowCount(static_cast<int>(order.size()));
    m_table->setHorizontalHeaderLabels({ tr("Field"), a, b });
    const QBrush highlight(QColor(255, 224, 130));
    for (int row = 0; row < order.size(); ++row) {
        const QString& path = order[row];
        const QString va = left.contains(path) ? left[path] : tr("(absent)");
        const QString vb = right.contains(path) ? right[path] : tr("(absent)");
        const bool differs = va != vb;
        if (differs)
            m_differing << path;
        const QStringList cells { path, va, vb };
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            if (differs) {
                item->setBackground(highlight);
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            m_table->setItem(row, c, item);
        }
    }
    QString note = tr("%n field(s) differ", nullptr, static_cast<int>(m_differing.size()));
    if (!errorA.isEmpty() || !errorB.isEmpty())
        note += " (" + (errorA.isEmpty() ? errorB : errorA) + ")";
    m_note->setText(note);
}

} // namespace mensa::views
