#pragma once

#include "model/Model.h"
#include "session/AnalysisSession.h"

#include <QDialog>

class QTableWidget;

namespace mensa {

// Lists a model's graph inputs with their shapes; edited shapes become import overrides.
class InputShapesDialog : public QDialog {
    Q_OBJECT
public:
    InputShapesDialog(const Model& model, const InputShapes& overrides, QWidget* parent = nullptr);
    InputShapes shapes() const { return m_shapes; }

private:
    void tryAccept();

    QTableWidget* m_table;
    InputShapes m_shapes;
};

} // namespace mensa
