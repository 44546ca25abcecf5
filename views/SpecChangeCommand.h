#pragma once

#include <QString>
#include <QUndoCommand>

#include <functional>

namespace mensa::views {

// One accelerator-editor change as an undo step: design FROM with text BEFORE became design
// TO with text AFTER (an empty name or text: the design did not exist on that side).
class SpecChangeCommand : public QUndoCommand {
public:
    // APPLY(from, to, text) turns design FROM into design TO holding TEXT ("" removes FROM).
    using Apply = std::function<void(const QString&, const QString&, const QString&)>;

    SpecChangeCommand(
        Apply apply, const QString& label, QString from, QString before, QString to, QString after);

    // Applies the change (also when first pushed).
    void redo() override;
    // Restores the design as it was before the change.
    void undo() override;

private:
    Apply m_apply;
    QString m_from;
    QString m_before;
    QString m_to;
    QString m_after;
};

} // namespace mensa::views
