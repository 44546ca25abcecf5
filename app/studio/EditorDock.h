#pragma once

#include "session/AnalysisSession.h"

#include <QObject>
#include <QString>

class QMainWindow;

namespace mensa {

namespace views {
class AcceleratorEditor;
} // namespace views

// Writes a spec's text to PATH atomically (QSaveFile: on any failure the previous file is
// left untouched); throws MensaError "path: cannot write spec: why".
void writeSpecFile(const QString& path, const QString& text);

// The "Accelerator editor" dock (views::AcceleratorEditor over the session) and the file
// dialogs behind its Load and Save buttons.
class EditorDock : public QObject {
    Q_OBJECT
public:
    EditorDock(QMainWindow* window, AnalysisSession* session);

    views::AcceleratorEditor* editor() const { return m_editor; }
    // Reads a .textproto into the editor as a new design; "" or the one-line error.
    QString loadFile(const QString& path);
    // Saves design NAME's text to PATH; "" or the one-line error.
    QString saveFile(const QString& name, const QString& path);

private:
    void askLoad();
    void askSave(const QString& name, const QString& text);

    QMainWindow* m_window;
    AnalysisSession* m_session;
    views::AcceleratorEditor* m_editor;
};

} // namespace mensa
