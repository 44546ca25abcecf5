#pragma once

#include "LayerColoring.h"
#include "session/AnalysisSession.h"
#include "session/LayerSelection.h"

#include <QObject>

#include <functional>

class QDialog;
class QMainWindow;
class QMenu;

namespace mensa {

class GuidedTour;

namespace views {
class ColorLegend;
class LayerExplanationView;
} // namespace views

// The teaching aids: the "Explain this layer" dock (the selected layer on the current
// design, in words, from core's explainLayer over the session's cost results) and the
// colour legend over the model graph.
class TeachingDocks : public QObject {
    Q_OBJECT
public:
    TeachingDocks(
        QMainWindow* window, AnalysisSession* session, LayerSelection* selection, QWidget* graph);

    // Follows the main window's design combo.
    void update(const QString& design);
    // The graph's colouring of model 0 of `coloring` (the model on screen) as its legend.
    void showColoring(ColorBy by, const LayerColoring& coloring);
    // Help > Glossary and Help > Guided Tour (which opens the sample via openDefaultModel
    // when no model is open).
    void addHelpActions(QMenu* help, std::function<void()> openDefaultModel);
    void showGlossary();
    views::LayerExplanationView* explanationView() const { return m_explain; }
    views::ColorLegend* legend() const { return m_legend; }
    GuidedTour* tour() const { return m_tour; }
    QDialog* glossaryDialog() const { return m_glossary; }

private:
    QMainWindow* m_window;
    AnalysisSession* m_session;
    LayerSelection* m_selection;
    views::LayerExplanationView* m_explain;
    views::ColorLegend* m_legend;
    GuidedTour* m_tour = nullptr;
    QDialog* m_glossary = nullptr;
};

} // namespace mensa
