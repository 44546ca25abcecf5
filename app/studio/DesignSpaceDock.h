#pragma once

#include "session/AnalysisSession.h"

#include <QObject>

class QMainWindow;

namespace mensa {

class DesignSpaceView;
namespace views {
class AcceleratorEditor;
}

// The Design space dock on the main window: searches over the session's open models, and a
// clicked point becomes a design in the accelerator editor (an in-memory design of the session,
// so every view shows it, and the user can edit, undo or save it from there).
class DesignSpaceDock : public QObject {
    Q_OBJECT
public:
    DesignSpaceDock(
        QMainWindow* window, AnalysisSession* session, views::AcceleratorEditor* editor);
    DesignSpaceView* view() const { return m_view; }
    // Adds the spec text as a design of the editor (named NAME, made unique) and shows it there;
    // returns the design's name, or "" with `error` set to the one-line problem.
    QString addDesign(const QString& name, const QString& specText, QString* error = nullptr);

private:
    QMainWindow* m_window;
    AnalysisSession* m_session;
    views::AcceleratorEditor* m_editor;
    DesignSpaceView* m_view;
};

} // namespace mensa
