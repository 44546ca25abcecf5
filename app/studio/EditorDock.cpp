#include "EditorDock.h"

#include "AcceleratorEditor.h"
#include "SpecForm.h"
#include "cost/SpecParser.h"
#include "util/Error.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QMainWindow>
#include <QMessageBox>
#include <QSaveFile>

#include <exception>

namespace mensa {

void writeSpecFile(const QString& path, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        throw MensaError(
            path.toStdString(), "cannot write spec: " + out.errorString().toStdString());
    if (out.write(bytes) != bytes.size() || !out.commit()) {
        const std::string why = out.errorString().toStdString();
        out.cancelWriting();
        throw MensaError(path.toStdString(), "cannot write spec: " + why);
    }
}

EditorDock::EditorDock(QMainWindow* window, AnalysisSession* session)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_editor(new views::AcceleratorEditor(session, window))
{
    auto* dock = new QDockWidget(tr("Accelerator editor"), window);
    dock->setObjectName("editorDock");
    dock->setWidget(m_editor);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    if (auto* scatter = window->findChild<QDockWidget*>("scatterDock"))
        window->tabifyDockWidget(scatter, dock);
    connect(m_editor, &views::AcceleratorEditor::loadRequested, this, &EditorDock::askLoad);
    connect(m_editor, &views::AcceleratorEditor::saveRequested, this, &EditorDock::askSave);
}

QString EditorDock::loadFile(const QString& path)
{
    try {
        const std::string text = readSpecFile(path.toStdString());
        const QString name = m_editor->loadSpec(QString::fromStdString(text), path);
        return name.isEmpty() ? m_editor->form()->problem() : QString();
    }
    catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

QString EditorDock::saveFile(const QString& name, const QString& path)
{
    const QString text = m_session->designSpec(name);
    if (text.isEmpty())
        return name + ": not an edited design";
    try {
        writeSpecFile(path, text);
    }
    catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void EditorDock::askLoad()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Load accelerator spec"), {},
        tr("Accelerator specs (*.textproto *.txtpb *.pbtxt);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString error = loadFile(path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Load accelerator spec"), error);
}

void EditorDock::askSave(const QString& name, const QString& text)
{
    (void)text;
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save accelerator spec"),
        name + ".textproto", tr("Accelerator specs (*.textproto)"));
    if (path.isEmpty())
        return;
    const QString error = saveFile(name, path);
    if (!error.isEmpty())
        QMessageBox::warning(m_window, tr("Save accelerator spec"), error);
}

} // namespace mensa
