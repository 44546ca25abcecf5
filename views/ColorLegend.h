#pragma once

#include <QColor>
#include <QLabel>
#include <QStringList>

#include <vector>

namespace mensa::views {

// A legend floating in the bottom-right corner of the view it is a child of (the model
// graph): one swatch per colour group of the current colouring ("Kind", "Cluster", ...).
class ColorLegend : public QLabel {
    Q_OBJECT
public:
    explicit ColorLegend(QWidget* parent);

    // Shows `title` and the groups `used` marks (all when empty), in the colouring's order.
    void setGroups(const QString& title, const QStringList& names,
        const std::vector<QColor>& colors, const std::vector<bool>& used = {});
    // The group names on show.
    const QStringList& shownNames() const { return m_shown; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();
    QStringList m_shown;
};

} // namespace mensa::views
