#include "TeachingDocks.h"

#include "ColorLegend.h"
#include "GlossaryText.h"
#include "GuidedTour.h"
#include "LayerExplanationView.h"

#include <QDialog>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mensa {

TeachingDocks::TeachingDocks(
    QMainWindow* window, AnalysisSession* session, LayerSelection* selection, QWidget* graph)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_selection(selection)
    , m_explain(new views::LayerExplanationView(session, selection, window))
    , m_legend(new views::ColorLegend(graph))
{
    auto* dock = new QDockWidget(tr("Explain this layer"), window);
    dock->setObjectName("explainDock");
    dock->setWidget(m_explain);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    if (auto* scatter = window->findChild<QDockWidget*>("scatterDock"))
        window->tabifyDockWidget(scatter, dock);
}

void TeachingDocks::update(const QString& design)
{
    m_explain->setDesign(design);
}

void TeachingDocks::addHelpActions(QMenu* help, std::function<void()> openDefaultModel)
{
    m_tour = new GuidedTour(m_window, m_session, m_selection, std::move(openDefaultModel));
    help->addAction(tr("&Glossary"), this, &TeachingDocks::showGlossary);
    help->addAction(tr("Guided &Tour"), m_tour, &GuidedTour::start);
}

void TeachingDocks::showGlossary()
{
    if (!m_glossary) {
        m_glossary = new QDialog(m_window);
        m_glossary->setObjectName("glossaryDialog");
        m_glossary->setWindowTitle(tr("Glossary"));
        auto* text = new QTextBrowser(m_glossary);
        text->setHtml(views::glossaryHtml());
        auto* layout = new QVBoxLayout(m_glossary);
        layout->addWidget(text);
        m_glossary->resize(640, 560);
    }
    m_glossary->show(); // not modal: read it beside the window
    m_glossary->raise();
}

void TeachingDocks::showColoring(ColorBy by, const LayerColoring& coloring)
{
    std::vector<bool> used(size_t(coloring.names.size()), false);
    if (!coloring.groupOf.empty())
        for (int g : coloring.groupOf.front())
            if (g >= 0 && size_t(g) < used.size())
                used[size_t(g)] = true;
    m_legend->setGroups(colorByLabel(by), coloring.names, coloring.colors, used);
}

} // namespace mensa
