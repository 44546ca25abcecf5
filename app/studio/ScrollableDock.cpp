#include "ScrollableDock.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>

namespace mensa {

QWidget* scrollable(QWidget* content)
{
    auto* area = new QScrollArea;
    area->setObjectName(content->objectName() + "Scroll");
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(content);
    return area;
}

QDockWidget* addScrollableDock(QMainWindow* window, QWidget* content, const QString& title,
    const QString& objectName, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(objectName);
    dock->setWidget(scrollable(content)); // a dock never widens the window
    window->addDockWidget(area, dock);
    return dock;
}

} // namespace mensa
