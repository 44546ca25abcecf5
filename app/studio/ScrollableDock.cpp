#include "ScrollableDock.h"

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

} // namespace mensa
