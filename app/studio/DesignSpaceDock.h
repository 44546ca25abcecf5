#pragma once

#include "session/AnalysisSession.h"

#include <QObject>

class QMainWindow;

namespace mensa {

class DesignSpaceView;

// The Design space dock on the main window: searches over the session's open models, and a
// clicked point becomes a design of the session (its spec saved under the user's data folder),
// so every view shows it.
class DesignSpaceDock : public QObject {
    Q_OBJECT
public:
    DesignSpaceDock(QMainWindow* window, AnalysisSession* session);
    DesignSpaceView* view() const { return m_view; }
    // Saves the spec text as NAME.textproto under `folder` and adds it to the session's designs;
    // returns the file, or an empty string with `error` set.
    QString addDesign(const QString& name, const QString& specText, QString* error = nullptr);
    void setDesignFolder(const QString& folder) { m_folder = folder; }

signals:
    void designAdded(const QString& path);

private:
    QMainWindow* m_window;
    AnalysisSession* m_session;
    DesignSpaceView* m_view;
    QString m_folder;
};

} // namespace mensa
