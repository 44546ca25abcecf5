#include "SpecChangeCommand.h"

#include <utility>

namespace mensa::views {

SpecChangeCommand::SpecChangeCommand(
    Apply apply, const QString& label, QString from, QString before, QString to, QString after)
    : QUndoCommand(label)
    , m_apply(std::move(apply))
    , m_from(std::move(from))
    , m_before(std::move(before))
    , m_to(std::move(to))
    , m_after(std::move(after))
{
}

void SpecChangeCommand::redo()
{
    m_apply(m_from, m_to, m_after);
}

void SpecChangeCommand::undo()
{
    m_apply(m_to, m_from, m_before);
}

} // namespace mensa::views
