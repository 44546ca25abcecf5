#pragma once

class QWidget;

namespace mensa {

// `content` in a frameless scroll area that resizes it: a dock holding it can shrink below
// the content's minimum size (the content then scrolls), so no dock sets a floor under the
// window's size and no long text in a dock widens the window.
QWidget* scrollable(QWidget* content);

} // namespace mensa
