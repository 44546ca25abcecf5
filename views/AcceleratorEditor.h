#pragma once

#include "session/AnalysisSession.h"

#include <google/protobuf/message.h>

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QToolButton;
class QUndoStack;

namespace mensa::views {

class SpecDiffView;
class SpecForm;

// The accelerator editor: the session's in-memory designs (AnalysisSession::designSpecs),
// one at a time on a form generated from the spec's protobuf descriptor. A valid edit
// becomes an undo step and re-runs that design through the session (every view redraws when
// its analysis arrives); an invalid one is flagged on its field with core's validator message
// and never reaches the session. The spec's `name` is the design's name everywhere. New
// designs come from a preset, a duplicate or a .textproto; two designs can be diffed.
// Files are read and written by the application (loadRequested / saveRequested).
class AcceleratorEditor : public QWidget {
    Q_OBJECT
public:
    explicit AcceleratorEditor(AnalysisSession* session, QWidget* parent = nullptr);
    ~AcceleratorEditor() override;

    // The edited designs, in the session's design order.
    QStringList editedDesigns() const;
    QString currentDesign() const { return m_current; }
    void setCurrentDesign(const QString& name);
    // The spec text of the design on the form ("" when none).
    QString currentText() const;

    // Each returns the new design's name, or "" with the problem shown on the form.
    QString newFromPreset(const QString& preset);
    QString duplicateCurrent();
    // Adds the spec TEXT read from FILE_NAME as a design (its `name`, made unique).
    QString loadSpec(const QString& text, const QString& fileName);
    // The last problem an action above reported ("" when none yet).
    QString problem() const { return m_problem; }
    // Renames the current design; "" or the problem (also shown).
    QString renameCurrent(const QString& name);
    void removeCurrent();
    // Sets the field at PATH of the current design to TEXT ("" = unset): "" when the design
    // was re-run, else the one-line problem shown at the field (nothing is re-run).
    QString editField(const QString& path, const QString& text);
    // Shows the diff of designs A and B (any session design, edited or built-in).
    void showDiff(const QString& a, const QString& b);

    // A design's spec text: the in-memory one, else the built-in or file one ("" if unreadable).
    static QString specTextOf(const AnalysisSession& session, const QString& design);

    SpecForm* form() const { return m_form; }
    QUndoStack* undoStack() const { return m_undo; }
    SpecDiffView* diffView() const { return m_diff; }

signals:
    // The user asked to save design NAME (its valid text) / to load a spec file.
    void saveRequested(const QString& name, const QString& text);
    void loadRequested();

private:
    QWidget* makeToolBar();
    void apply(const QString& from, const QString& to, const QString& text);
    void change(const QString& label, const QString& to, const QString& after);
    QString addDesign(const QString& label, google::protobuf::Message& spec, const QString& base,
        const QString& sourceText);
    QString editStructure(bool add, const QString& list, int index);
    QString tryDraft(const QString& label, const QString& focusPath);
    void onSessionSpecsChanged();
    void refreshDesignList();
    void showCurrent();
    QString uniqueName(const QString& base) const;
    QString fail(const QString& path, const QString& problem);
    void askRename();

    AnalysisSession* m_session;
    QComboBox* m_designs = nullptr;
    QToolButton* m_presets = nullptr;
    QLabel* m_hint;
    QString m_problem;
    SpecForm* m_form;
    SpecDiffView* m_diff;
    QUndoStack* m_undo;
    std::unique_ptr<google::protobuf::Message> m_draft; // what the form shows (may be invalid)
    QString m_current;
    bool m_applying = false;
};

} // namespace mensa::views
