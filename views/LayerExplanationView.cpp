#include "LayerExplanationView.h"

#include <QTextBrowser>

#include <QVBoxLayout>
#include <algorithm>

namespace mensa::views {
namespace {

// The costs of the layer on every analysed design: the chosen one and the others.
std::vector<LayerOnDesign> costsOnDesigns(const ModelAnalysis& a, int layer)
{
    std::vector<LayerOnDesign> out;
    for (const DesignResult& d : a.designs) {
        if (!d.ok())
            continue;
        const int acc = d.acceleratorOf(layer);
        const std::string accelerator
            = acc >= 0 && acc < int(d.accelerators.size()) ? d.accelerators[size_t(acc)] : "";
        out.push_back({ d.design, accelerator, d.chosenCost(layer) });
    }
    return out;
}

QString sectionHtml(const LayerExplanation::Section& s)
{
    QString html = "<h4 style='margin-bottom:2px'>"
        + QString::fromStdString(s.heading).toHtmlEscaped() + "</h4><ul style='margin-top:0'>";
    for (const std::string& line : s.lines)
        html += "<li>" + QString::fromStdString(line).toHtmlEscaped() + "</li>";
    return html + "</ul>";
}

} // namespace

LayerExplanationView::LayerExplanationView(
    AnalysisSession* session, LayerSelection* selection, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_text(new QTextBrowser(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    m_text->setOpenLinks(false);
    m_text->setLineWrapMode(QTextEdit::WidgetWidth); // long lines wrap, never widen the dock
    connect(m_selection, &LayerSelection::changed, this, &LayerExplanationView::refresh);
    connect(m_session, &AnalysisSession::analysisReady, this, &LayerExplanationView::refresh);
    refresh();
}

void LayerExplanationView::setDesign(const QString& design)
{
    m_design = design;
    refresh();
}

void LayerExplanationView::refresh()
{
    const LayerRef ref = m_selection->current();
    const ModelAnalysisPtr a = ref.isValid() ? m_session->analysis(ref.model) : nullptr;
    if (!a || !a->model || ref.layer >= int(a->model->layers.size())) {
        showHint(tr("Select a layer (in the graph, the table or a plot) to see why it costs what "
                    "it costs on the selected design."));
        return;
    }
    std::vector<LayerOnDesign> designs = costsOnDesigns(*a, ref.layer);
    auto chosen = std::find_if(designs.begin(), designs.end(),
        [&](const LayerOnDesign& d) { return QString::fromStdString(d.design) == m_design; });
    if (chosen == designs.end()) {
        showHint(tr("Design '%1' has no result for this model.").arg(m_design));
        return;
    }
    const LayerOnDesign picked = *chosen;
    designs.erase(chosen);
    showExplanation(explainLayer(a->model->layers[size_t(ref.layer)], picked, designs));
}

void LayerExplanationView::showExplanation(const LayerExplanation& e)
{
    m_explanation = e;
    QString html = "<h3>" + QString::fromStdString(e.title).toHtmlEscaped() + "</h3>";
    for (const auto& s : e.sections)
        html += sectionHtml(s);
    m_text->setHtml(html);
}

void LayerExplanationView::showHint(const QString& text)
{
    m_explanation = {};
    m_text->setHtml("<p style='color:#555'>" + text.toHtmlEscaped() + "</p>");
}

QString LayerExplanationView::plainText() const
{
    return m_text->toPlainText();
}

} // namespace mensa::views
