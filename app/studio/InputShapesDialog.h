#pragma once

#include "model/Model.h"
#include "onnx/OnnxImporter.h"
#include "session/AnalysisSession.h"

#include <QDialog>

class QTableWidget;

namespace mensa {

// Lists a model's graph inputs with their shapes; edited shapes become import overrides.
class InputShapesDialog : public QDialog {
    Q_OBJECT
public:
    InputShapesDialog(const Model& model, const InputShapes& overrides, QWidget* parent = nullptr);
    // Before a model is opened: its inputs as declared, the sizes only the user can give left
    // blank (a symbolic batch is suggested as 1).
    InputShapesDialog(
        const QString& modelName, const std::vector<DeclaredInput>& inputs, QWidget* parent);
    InputShapes shapes() const { return m_shapes; }

private:
    void tryAccept();
    void setUp(const QString& help);

    QTableWidget* m_table;
    InputShapes m_shapes;
};

} // namespace mensa
