#pragma once

#include <QObject>
#include <QString>

class QCPAxis;
class QCustomPlot;

namespace mensa::views {

// Tooltips on plot axes: hovering an axis (its line, tick labels or label) shows the
// glossary entry its view named for it (views/GlossaryText, from core's one glossary).
class AxisTooltips : public QObject {
    Q_OBJECT
public:
    // Names the glossary key of an axis, installing the hover handler on its plot once.
    static void set(QCPAxis* axis, const QString& glossaryKey);
    // The glossary key of an axis ("" when none was set).
    static QString keyOf(const QCPAxis* axis);
    // The tooltip an axis shows (its glossary entry), or "".
    static QString tooltipOf(const QCPAxis* axis);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
};

} // namespace mensa::views
