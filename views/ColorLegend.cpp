#include "ColorLegend.h"

#include <QEvent>

#include <algorithm>

namespace mensa::views {
namespace {

constexpr int kMargin = 8;
constexpr int kScrollBar = 16; // keep clear of the graph's scroll bars

QString swatch(const QColor& color)
{
    return "<span style='background-color:" + color.name() + "; color:" + color.name()
        + "'>&nbsp;&nbsp;&nbsp;</span>";
}

} // namespace

ColorLegend::ColorLegend(QWidget* parent)
    : QLabel(parent)
{
    setObjectName("colorLegend");
    setTextFormat(Qt::RichText);
    setAutoFillBackground(true);
    setStyleSheet("QLabel#colorLegend { background: rgba(255,255,255,225); border: 1px solid "
                  "#bbb; padding: 4px; }");
    setAttribute(Qt::WA_TransparentForMouseEvents);
    parent->installEventFilter(this);
    hide();
}

void ColorLegend::setGroups(const QString& title, const QStringList& names,
    const std::vector<QColor>& colors, const std::vector<bool>& used)
{
    m_shown.clear();
    QString html = "<b>" + title.toHtmlEscaped() + "</b>";
    for (qsizetype i = 0; i < names.size() && size_t(i) < colors.size(); ++i) {
        if (!used.empty() && (size_t(i) >= used.size() || !used[size_t(i)]))
            continue;
        m_shown << names[i];
        html += "<br>" + swatch(colors[size_t(i)]) + "&nbsp;" + names[i].toHtmlEscaped();
    }
    setText(html);
    setVisible(!m_shown.isEmpty());
    adjustSize();
    place();
}

bool ColorLegend::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parent() && event->type() == QEvent::Resize)
        place();
    return QLabel::eventFilter(watched, event);
}

void ColorLegend::place()
{
    if (auto* p = parentWidget())
        move(std::max(0, p->width() - width() - kMargin - kScrollBar),
            std::max(0, p->height() - height() - kMargin - kScrollBar));
    raise();
}

} // namespace mensa::views
