#include "DesignSpaceDock.h"

#include "AcceleratorEditor.h"
#include "DesignSpaceView.h"
#include "ScrollableDock.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMessageBox>

namespace mensa {

DesignSpaceDock::DesignSpaceDock(
    QMainWindow* window, AnalysisSession* session, views::AcceleratorEditor* editor)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_editor(editor)
{
    m_view = new DesignSpaceView(
        [session] {
            std::vector<std::shared_ptr<const Model>> models;
            for (int id : session->modelIds())
                if (auto a = session->analysis(id))
                    models.push_back(a->model);
            return models;
        },
        window);
    // Bottom, where it is wide: controls beside the plot.
    addScrollableDock(
        window, m_view, tr("Design space"), "designSpaceDock", Qt::BottomDockWidgetArea);
    connect(m_view, &DesignSpaceView::pointChosen, this,
        [this](const QString& name, const QString& text) {
            QString error;
            if (addDesign(name, text, &error).isEmpty())
                QMessageBox::warning(m_window, tr("Design space"), error);
        });
}

QString DesignSpaceDock::addDesign(const QString& name, const QString& specText, QString* error)
{
    const QString design = m_editor->loadSpec(specText, name + ".textproto");
    if (design.isEmpty()) {
        if (error)
            *error = tr("%1: the point's spec was not accepted: %2").arg(name, m_editor->problem());
        return {};
    }
    if (auto* dock = m_window->findChild<QDockWidget*>("editorDock"))
        dock->raise();
    return design;
}

} // namespace mensa
