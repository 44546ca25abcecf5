#include "GlossaryText.h"

#include "analysis/Glossary.h"
#include "util/Error.h"

namespace mensa::views {
namespace {

QString termHtml(const GlossaryEntry& e)
{
    QString html = "<b>" + QString::fromStdString(e.term).toHtmlEscaped() + "</b>";
    if (!e.unit.empty())
        html += " [" + QString::fromStdString(e.unit).toHtmlEscaped() + "]";
    return html;
}

QString entryRow(const GlossaryEntry& e)
{
    return "<tr><td valign=top>" + termHtml(e) + "</td><td>"
        + QString::fromStdString(e.definition).toHtmlEscaped() + "</td></tr>";
}

} // namespace

QString glossaryTooltip(const QString& key)
{
    const GlossaryEntry* e = glossaryEntry(key.toStdString());
    if (!e)
        return {};
    return "<p>" + termHtml(*e) + ": " + QString::fromStdString(e->definition).toHtmlEscaped()
        + "</p>";
}

QString glossaryHtml()
{
    QString html = "<h3>Terms</h3><table cellspacing=4>";
    for (const GlossaryEntry& e : glossary())
        html += entryRow(e);
    html += "</table><h3>Layer families (resources/families.textproto)</h3>";
    try {
        const auto families = familyGlossary();
        if (families.empty())
            return html + "<p>No family rules file was found.</p>";
        html += "<table cellspacing=4>";
        for (const GlossaryEntry& e : families)
            html += entryRow(e);
        return html + "</table>";
    }
    catch (const MensaError& e) {
        return html + "<p>" + QString::fromStdString(e.what()).toHtmlEscaped() + "</p>";
    }
}

} // namespace mensa::views
