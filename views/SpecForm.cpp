#include "SpecForm.h"

#include "SpecFields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace mensa::views {

namespace {

// Room for the widest unit the schema has ("MAC/cycle per core"): every unit column is that wide.
int widestUnit(const QFontMetrics& metrics)
{
    int widest = 0;
    for (const QString& unit : fieldUnits())
        widest = std::max(widest, metrics.horizontalAdvance(unit));
    return widest + 4;
}

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const char* const kUnset = "(unset)";
const char* const kProblemStyle = "border: 1px solid #c62828; background: #ffebee;";

QString groupTitle(const FieldDescriptor* f)
{
    return fieldLabel(std::string(f->name()));
}

} // namespace

SpecForm::SpecForm(QWidget* parent)
    : QWidget(parent)
    , m_banner(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_banner->setObjectName("specProblem");
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet("color: #c62828;");
    m_banner->hide();
    layout->addWidget(m_banner);
}

void SpecForm::setSpec(const Message& message)
{
    const std::vector<SpecField> fields = specFields(message);
    QStringList paths;
    for (const SpecField& f : fields)
        paths << f.path;
    if (m_body && paths == m_order) { // same shape: new values in place, focus kept
        clearProblem();
        for (const SpecField& f : fields)
            showValue(f.path, f.value);
        return;
    }
    if (m_body) {
        m_body->hide();
        m_body->deleteLater();
    }
    m_editors.clear();
    m_problemLabels.clear();
    m_order.clear();
    m_problem.clear();
    m_problemPath.clear();
    m_banner->hide();
    m_body = new QWidget(this);
    auto* layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    addMessage(layout, message, {}, 0);
    layout->addStretch(1);
    static_cast<QVBoxLayout*>(this->layout())->addWidget(m_body);
}

void SpecForm::addMessage(
    QVBoxLayout* layout, const Message& message, const QString& prefix, int depth)
{
    const auto* d = message.GetDescriptor();
    const auto* r = message.GetReflection();
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    layout->addLayout(form);
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor* f = d->field(i);
        const QString name = QString::fromStdString(std::string(f->name()));
        if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
            if (f->is_repeated() && f->cpp_type() != FieldDescriptor::CPPTYPE_STRING)
                continue; // only string lists are repeated scalars in the spec schema
            const QString path = prefix + name;
            auto* cell = new QWidget;
            auto* cellLayout = new QVBoxLayout(cell);
            cellLayout->setContentsMargins(0, 0, 0, 0);
            cellLayout->setSpacing(1);
            auto* row = new QHBoxLayout;
            QWidget* editor = makeEditor(message, f, path);
            row->addWidget(editor, 1);
            auto* unit = new QLabel(fieldUnit(std::string(f->name())));
            unit->setFixedWidth(widestUnit(unit->fontMetrics()));
            row->addWidget(unit); // every row has one, as wide as the widest: the editors line up
            cellLayout->addLayout(row);
            auto* problem = new QLabel;
            problem->setWordWrap(true);
            problem->setStyleSheet("color: #c62828;");
            problem->hide();
            cellLayout->addWidget(problem);
            auto* label = new QLabel(fieldLabel(std::string(f->name())));
            label->setToolTip(path);
            form->addRow(label, cell);
            m_editors.insert(path, editor);
            m_problemLabels.insert(path, problem);
            m_order << path;
            continue;
        }
        if (!f->is_repeated()) {
            auto* box = new QGroupBox(groupTitle(f));
            box->setObjectName("group:" + prefix + name);
            auto* inner = new QVBoxLayout(box);
            addMessage(inner, r->GetMessage(message, f), prefix + name + ".", depth + 1);
            layout->addWidget(box);
            continue;
        }
        const QString list = prefix + name;
        for (int k = 0; k < r->FieldSize(message, f); ++k) {
            const Message& element = r->GetRepeatedMessage(message, f, k);
            const auto* nameField = element.GetDescriptor()->FindFieldByName("name");
            QString title = groupTitle(f) + " " + QString::number(k);
            if (nameField && element.GetReflection()->HasField(element, nameField))
                title += ": "
                    + QString::fromStdString(
                        element.GetReflection()->GetString(element, nameField));
            auto* box = new QGroupBox(title);
            box->setObjectName("group:" + list + "[" + QString::number(k) + "]");
            auto* inner = new QVBoxLayout(box);
            auto* remove = new QPushButton(tr("Remove %1").arg(groupTitle(f).toLower()));
            remove->setObjectName("remove:" + list + "[" + QString::number(k) + "]");
            connect(remove, &QPushButton::clicked, this,
                [this, list, k] { emit elementRemoved(list, k); });
            inner->addWidget(remove, 0, Qt::AlignRight);
            addMessage(inner, element, list + "[" + QString::number(k) + "].", depth + 1);
            layout->addWidget(box);
        }
        if (depth == 0 && d->FindFieldByName("accelerators")) { // a system: lists can grow
            auto* add = new QPushButton(tr("Add to %1").arg(groupTitle(f).toLower()));
            add->setObjectName("add:" + list);
            connect(add, &QPushButton::clicked, this, [this, list] { emit elementAdded(list); });
            layout->addWidget(add, 0, Qt::AlignLeft);
        }
    }
}

QWidget* SpecForm::makeEditor(const Message& message, const FieldDescriptor* f, const QString& path)
{
    const QString value = specFieldText(message, path.section('.', -1));
    QWidget* editor = nullptr;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM
        || f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
        auto* combo = new QComboBox;
        combo->addItem(QString::fromLatin1(kUnset), QString());
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL)
            combo->addItems({ "true", "false" });
        else
            for (int v = 0; v < f->enum_type()->value_count(); ++v)
                combo->addItem(
                    QString::fromStdString(std::string(f->enum_type()->value(v)->name())));
        const int at = value.isEmpty() ? 0 : combo->findText(value);
        combo->setCurrentIndex(std::max(at, 0));
        connect(combo, &QComboBox::activated, this, [this, combo, path](int index) {
            emit fieldEdited(path, index == 0 ? QString() : combo->currentText());
        });
        editor = combo;
    }
    else {
        auto* line = new QLineEdit(value);
        line->setPlaceholderText(QString::fromLatin1(kUnset));
        connect(line, &QLineEdit::editingFinished, this, [this, line, path] {
            if (line->isModified()) {
                line->setModified(false);
                emit fieldEdited(path, line->text());
            }
        });
        editor = line;
    }
    editor->setObjectName(path);
    editor->setToolTip(path);
    return editor;
}

void SpecForm::showValue(const QString& path, const QString& value)
{
    QWidget* editor = m_editors.value(path);
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        if (line->text() != value)
            line->setText(value);
        line->setModified(false);
    }
    else if (auto* combo = qobject_cast<QComboBox*>(editor))
        combo->setCurrentIndex(value.isEmpty() ? 0 : std::max(combo->findText(value), 0));
}

void SpecForm::showProblem(const QString& path, const QString& message)
{
    clearProblem();
    m_problem = message;
    if (QWidget* editor = m_editors.value(path)) {
        m_problemPath = path;
        editor->setStyleSheet(QString::fromLatin1(kProblemStyle));
        editor->setToolTip(message);
        QLabel* label = m_problemLabels.value(path);
        label->setText(message);
        label->show();
        return;
    }
    m_banner->setText(message);
    m_banner->show();
}

void SpecForm::clearProblem()
{
    if (QWidget* editor = m_editors.value(m_problemPath)) {
        editor->setStyleSheet({});
        editor->setToolTip(m_problemPath);
        m_problemLabels.value(m_problemPath)->hide();
    }
    m_banner->hide();
    m_problem.clear();
    m_problemPath.clear();
}

} // namespace mensa::views
