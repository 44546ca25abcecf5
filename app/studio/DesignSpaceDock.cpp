#include "DesignSpaceDock.h"

#include "DesignSpaceView.h"
#include "ScrollableDock.h"

#include <QDir>
#include <QDockWidget>
#include <QMainWindow>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>

namespace mensa {

DesignSpaceDock::DesignSpaceDock(QMainWindow* window, AnalysisSession* session)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_folder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/designs")
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
    auto* dock = new QDockWidget(tr("Design space"), window);
    dock->setObjectName("designSpaceDock");
    dock->setWidget(scrollable(m_view)); // a dock never widens the window
    window->addDockWidget(Qt::BottomDockWidgetArea, dock); // wide: controls beside the plot
    connect(m_view, &DesignSpaceView::pointChosen, this,
        [this](const QString& name, const QString& text) {
            QString error;
            if (addDesign(name, text, &error).isEmpty())
                QMessageBox::warning(m_window, tr("Design space"), error);
        });
}

QString DesignSpaceDock::addDesign(const QString& name, const QString& specText, QString* error)
{
    const QString path = QDir(m_folder).absoluteFilePath(name + ".textproto");
    QSaveFile file(path); // atomic: a crash leaves the old file or none
    if (!QDir().mkpath(m_folder) || !file.open(QIODevice::WriteOnly)
        || file.write(specText.toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("%1: cannot write the design (%2)").arg(path, file.errorString());
        return {};
    }
    QStringList designs = m_session->designs();
    if (!designs.contains(path)) {
        designs << path;
        m_session->setDesigns(designs);
    }
    emit designAdded(path);
    return path;
}

} // namespace mensa
