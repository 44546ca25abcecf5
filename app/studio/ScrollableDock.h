#pragma once

#include <Qt>

class QDockWidget;
class QMainWindow;
class QString;
class QWidget;

namespace mensa {

// `content` in a frameless scroll area that resizes it: a dock holding it can shrink below
// the content's minimum size (the content then scrolls), so no dock sets a floor under the
// window's size and no long text in a dock widens the window.
QWidget* scrollable(QWidget* content);

// A dock of `window` named `objectName` (saved layouts find it by that name) holding
// scrollable(content), added in `area`.
QDockWidget* addScrollableDock(QMainWindow* window, QWidget* content, const QString& title,
    const QString& objectName, Qt::DockWidgetArea area);

} // namespace mensa
