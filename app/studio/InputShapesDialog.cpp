#include "InputShapesDialog.h"

#include "onnx/OnnxImporter.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mensa {

namespace {

QString shapeText(const std::vector<int64_t>& dims)
{
    QStringList parts;
    for (int64_t d : dims)
        parts << QString::number(d);
    return parts.join('x');
}

} // namespace

InputShapesDialog::InputShapesDialog(
    const Model& model, const InputShapes& overrides, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Input Shapes — %1").arg(QString::fromStdString(model.name)));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Input"), tr("Shape"), tr("Type") });
    m_table->setRowCount(static_cast<int>(model.graphInputs.size()));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const std::string& name = model.graphInputs[r];
        auto it = overrides.find(name);
        const TensorInfo* t = model.tensor(name);
        std::vector<int64_t> dims = it != overrides.end() ? it->second
            : t                                           ? t->shape
                                                          : std::vector<int64_t> {};
        auto* nameItem = new QTableWidgetItem(QString::fromStdString(name));
        nameItem->setFlags(nameItem->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(r, 0, nameItem);
        m_table->setItem(r, 1, new QTableWidgetItem(shapeText(dims)));
        auto* typeItem
            = new QTableWidgetItem(it != overrides.end() ? tr("override") : tr("from model"));
        typeItem->setFlags(typeItem->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(r, 2, typeItem);
    }
    setUp(tr("Edit a shape as N x C x H x W (e.g. 1x3x224x224). Changed shapes are applied as "
             "overrides and the model is re-imported."));
    m_shapes = overrides;
}

InputShapesDialog::InputShapesDialog(
    const QString& modelName, const std::vector<DeclaredInput>& inputs, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Input Shapes — %1").arg(modelName));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({ tr("Input"), tr("Shape"), tr("Declared") });
    m_table->setRowCount(static_cast<int>(inputs.size()));
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const DeclaredInput& input = inputs[size_t(r)];
        auto* nameItem = new QTableWidgetItem(QString::fromStdString(input.name));
        nameItem->setFlags(nameItem->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(r, 0, nameItem);
        QStringList dims; // blank where only the user can say: "1x3x48x" asks for the width
        for (int64_t d : input.suggested)
            dims << (d > 0 ? QString::number(d) : QString());
        m_table->setItem(r, 1, new QTableWidgetItem(input.needsShape ? dims.join('x') : QString()));
        auto* declared = new QTableWidgetItem(QString::fromStdString(input.declared));
        declared->setFlags(declared->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(r, 2, declared);
    }
    setUp(tr("The model leaves some input sizes open. Give each shape as N x C x H x W "
             "(e.g. 1x3x48x320); a blank shape keeps what the model declares."));
}

void InputShapesDialog::setUp(const QString& helpText)
{
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    auto* help = new QLabel(helpText, this);
    help->setWordWrap(true);
    layout->addWidget(help);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &InputShapesDialog::tryAccept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, 300);
}

void InputShapesDialog::tryAccept()
{
    ImportOptions options;
    try {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            const QString text = m_table->item(r, 1)->text().trimmed();
            if (text.isEmpty())
                continue;
            parseInputShapeOverride(
                m_table->item(r, 0)->text().toStdString() + "=" + text.toStdString(), options);
        }
    }
    catch (const std::exception& e) {
        QMessageBox::warning(this, windowTitle(), QString::fromUtf8(e.what()));
        return;
    }
    m_shapes = options.inputShapes;
    accept();
}

} // namespace mensa
