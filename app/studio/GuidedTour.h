#pragma once

#include "session/AnalysisSession.h"
#include "session/LayerSelection.h"

#include <QObject>
#include <QString>

#include <functional>
#include <vector>

class QMainWindow;
class QMessageBox;

namespace mensa {

// Help > Guided Tour: a few steps over the default model, each raising one dock and saying
// in a non-blocking message box what it shows and how to read it.
class GuidedTour : public QObject {
    Q_OBJECT
public:
    struct Step {
        QString dock; // objectName of the QDockWidget the step raises
        QString title;
        QString message;
    };
    // `openDefaultModel` opens the sample model when no model is open.
    GuidedTour(QMainWindow* window, AnalysisSession* session, LayerSelection* selection,
        std::function<void()> openDefaultModel);

    static const std::vector<Step>& steps();
    void start();
    // Raises step `index`'s dock and shows its message; false past the last step.
    bool showStep(int index);
    int currentStep() const { return m_step; }
    QMessageBox* messageBox() const { return m_box; }

private:
    void selectExampleLayer();

    QMainWindow* m_window;
    AnalysisSession* m_session;
    LayerSelection* m_selection;
    std::function<void()> m_openDefaultModel;
    QMessageBox* m_box = nullptr;
    int m_step = -1;
};

} // namespace mensa
