#pragma once

#include "analysis/LayerExplanation.h"
#include "session/AnalysisSession.h"
#include "session/LayerSelection.h"

#include <QWidget>

class QTextBrowser;

namespace mensa::views {

// "Explain this layer": the selected layer on the selected design, in words (fold
// arithmetic, bound, energy, other designs). The text is core's explainLayer() over the
// session's cost results; the view only lays it out.
class LayerExplanationView : public QWidget {
    Q_OBJECT
public:
    LayerExplanationView(
        AnalysisSession* session, LayerSelection* selection, QWidget* parent = nullptr);

    // The design the explanation is for (the main window's design combo); refreshes.
    void setDesign(const QString& design);
    // Re-reads the session (a new analysis arrived).
    void refresh();
    // The explanation on screen (empty title: nothing selected).
    const LayerExplanation& explanation() const { return m_explanation; }
    // The text on screen, as plain text.
    QString plainText() const;

private:
    void showExplanation(const LayerExplanation& e);
    void showHint(const QString& text);

    AnalysisSession* m_session;
    LayerSelection* m_selection;
    QString m_design;
    LayerExplanation m_explanation;
    QTextBrowser* m_text;
};

} // namespace mensa::views
