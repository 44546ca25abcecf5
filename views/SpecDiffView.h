#pragma once

#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QTableWidget;

namespace mensa::views {

// Two designs side by side, field by field (every leaf field of either spec, from the
// descriptor); the rows whose values differ are highlighted.
class SpecDiffView : public QWidget {
    Q_OBJECT
public:
    // TEXT_OF gives a design's spec text ("" when it cannot be read).
    explicit SpecDiffView(std::function<QString(const QString&)> textOf, QWidget* parent = nullptr);

    // The designs the two combos offer (keeps the choices that still exist).
    void setDesigns(const QStringList& designs);
    // Shows design A against design B.
    void compare(const QString& a, const QString& b);
    // Field paths whose values differ in the diff on screen.
    QStringList differingFields() const { return m_differing; }
    QTableWidget* table() const { return m_table; }

private:
    void refresh();

    std::function<QString(const QString&)> m_textOf;
    QComboBox* m_left;
    QComboBox* m_right;
    QLabel* m_note;
    QTableWidget* m_table;
    QStringList m_differing;
};

} // namespace mensa::views
