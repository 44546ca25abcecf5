#pragma once

#include <google/protobuf/message.h>

#include <QMap>
#include <QString>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace mensa::views {

// A form over every field of a spec message, generated from its protobuf descriptor: one
// group per message (nested messages nested, repeated messages once per element with Remove
// and an Add button), one row per field with its unit. Numbers and strings are line edits,
// enums and booleans combo boxes (with "(unset)"). The form only reports edits; the owner
// applies, validates and calls showProblem.
class SpecForm : public QWidget {
    Q_OBJECT
public:
    explicit SpecForm(QWidget* parent = nullptr);

    // Shows MESSAGE (the problem cleared): new values in place when the fields are the same,
    // else a rebuilt form.
    void setSpec(const google::protobuf::Message& message);
    // Paths of every field row on the form ("accelerators[0].memory.kind"), in order.
    QStringList fieldPaths() const { return m_order; }
    // The input widget of the field at PATH (object name = PATH), or null.
    QWidget* editorFor(const QString& path) const { return m_editors.value(path); }
    // Flags the field at PATH (or the form, when PATH is not on it) with MESSAGE.
    void showProblem(const QString& path, const QString& message);
    void clearProblem();
    // The message on screen ("" when none) and the field it is shown at ("" when the banner).
    QString problem() const { return m_problem; }
    QString problemPath() const { return m_problemPath; }

signals:
    // The user changed the field at PATH to TEXT ("" = unset).
    void fieldEdited(const QString& path, const QString& text);
    void elementAdded(const QString& listPath);
    void elementRemoved(const QString& listPath, int index);

private:
    void addMessage(QVBoxLayout* layout, const google::protobuf::Message& message,
        const QString& prefix, int depth);
    void showValue(const QString& path, const QString& value);
    QWidget* makeEditor(const google::protobuf::Message& message,
        const google::protobuf::FieldDescriptor* field, const QString& path);

    QWidget* m_body = nullptr;
    QLabel* m_banner;
    QMap<QString, QWidget*> m_editors;
    QMap<QString, QLabel*> m_problemLabels;
    QStringList m_order;
    QString m_problem;
    QString m_problemPath;
};

} // namespace mensa::views
