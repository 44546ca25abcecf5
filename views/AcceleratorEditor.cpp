#include "AcceleratorEditor.h"

#include "SpecChangeCommand.h"
#include "SpecDiffView.h"
#include "SpecFields.h"
#include "SpecForm.h"

#include "cost/SpecParser.h"
#include "cost/SpecTextEdit.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <exception>

namespace mensa::views {

namespace {

using google::protobuf::Message;

std::unique_ptr<Message> copyOf(const Message& m)
{
    std::unique_ptr<Message> copy(m.New());
    copy->CopyFrom(m);
    return copy;
}

} // namespace

AcceleratorEditor::AcceleratorEditor(AnalysisSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_hint(new QLabel(this))
    , m_form(new SpecForm(this))
    , m_diff(new SpecDiffView(
          [session](const QString& design) { return specTextOf(*session, design); }, this))
    , m_undo(new QUndoStack(this))
{
    m_designs = new QComboBox(this);
    m_designs->setObjectName("editorDesigns");
    m_designs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_designs->setMinimumContentsLength(12);
    connect(m_designs, &QComboBox::activated, this,
        [this] { setCurrentDesign(m_designs->currentText()); });
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Design:"), this));
    pick->addWidget(m_designs, 1);
    m_hint->setWordWrap(true);
    QStringList presets; // the New menu's list, so the hint never names fewer
    for (const std::string& preset : builtinSpecNames())
        presets.append(QString::fromStdString(preset));
    m_hint->setText(tr("No edited design yet. New makes one from a preset (%1); Load reads a "
                       ".textproto. Every valid change re-runs the design and redraws every view.")
                        .arg(presets.join(", ")));
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_form);
    scroll->setObjectName("editorScroll");
    m_diff->hide();
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(m_diff);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 3); // the form keeps most of the height beside a diff
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(pick);
    layout->addWidget(makeToolBar());
    layout->addWidget(m_hint);
    layout->addWidget(split, 1);
    connect(m_form, &SpecForm::fieldEdited, this,
        [this](const QString& path, const QString& text) { editField(path, text); });
    connect(m_form, &SpecForm::elementAdded, this,
        [this](const QString& list) { editStructure(true, list, -1); });
    connect(m_form, &SpecForm::elementRemoved, this,
        [this](const QString& list, int index) { editStructure(false, list, index); });
    connect(m_session, &AnalysisSession::designSpecsChanged, this,
        &AcceleratorEditor::onSessionSpecsChanged);
    connect(m_session, &AnalysisSession::designsChanged, this, [this] {
        if (m_applying)
            return;
        const QString shown = m_current;
        refreshDesignList(); // a design left the list (Settings) or a project named them
        if (m_current != shown || !m_draft)
            showCurrent();
    });
    refreshDesignList();
    showCurrent();
}

AcceleratorEditor::~AcceleratorEditor() = default;

QWidget* AcceleratorEditor::makeToolBar()
{
    auto* bar = new QToolBar(this);
    QToolBar* first = bar;
    bar->setObjectName("editorToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_presets = new QToolButton(bar);
    m_presets->setText(tr("New"));
    m_presets->setToolTip(tr("A new design from a preset"));
    m_presets->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_presets);
    for (const std::string& preset : builtinSpecNames()) {
        const QString name = QString::fromStdString(preset);
        menu->addAction(name, this, [this, name] { newFromPreset(name); });
    }
    m_presets->setMenu(menu);
    bar->addWidget(m_presets);
    bar->addAction(tr("Duplicate"), this, [this] { duplicateCurrent(); });
    bar->addAction(tr("Rename…"), this, &AcceleratorEditor::askRename);
    bar->addAction(tr("Remove"), this, &AcceleratorEditor::removeCurrent);
    auto* files = new QToolBar(this); // a second row: the dock is narrow at 1024x768
    files->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar = files;
    bar->addAction(tr("Load…"), this, &AcceleratorEditor::loadRequested);
    bar->addAction(tr("Save…"), this, [this] {
        if (!m_current.isEmpty())
            emit saveRequested(m_current, m_session->designSpec(m_current));
    });
    bar->addSeparator();
    QAction* undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction* redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    bar->addAction(undo);
    bar->addAction(redo);
    QAction* compare = bar->addAction(tr("Compare"));
    compare->setCheckable(true);
    compare->setToolTip(tr("Two designs side by side, differing fields highlighted"));
    connect(compare, &QAction::toggled, this, [this](bool on) {
        m_diff->setVisible(on);
        if (on)
            m_diff->setDesigns(m_session->designs());
    });
    auto* rows = new QWidget(this);
    auto* layout = new QVBoxLayout(rows);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(first);
    layout->addWidget(files);
    return rows;
}

QStringList AcceleratorEditor::editedDesigns() const
{
    QStringList names;
    for (const QString& d : m_session->designs())
        if (!m_session->designSpec(d).isEmpty())
            names << d;
    return names;
}

void AcceleratorEditor::setCurrentDesign(const QString& name)
{
    if (!editedDesigns().contains(name))
        return;
    m_current = name;
    refreshDesignList();
    showCurrent();
}

QString AcceleratorEditor::currentText() const
{
    return m_current.isEmpty() ? QString() : m_session->designSpec(m_current);
}

QString AcceleratorEditor::specTextOf(const AnalysisSession& session, const QString& design)
{
    const QString text = session.designSpec(design);
    if (!text.isEmpty())
        return text;
    try {
        return QString::fromStdString(readSpecFile(resolveSystemSpecPath(design.toStdString())));
    }
    catch (const std::exception&) {
        return {};
    }
}

QString AcceleratorEditor::newFromPreset(const QString& preset)
{
    std::string error;
    const QString text = specTextOf(*m_session, preset); // may read the preset's file
    auto spec = parseSpecMessage(text.toStdString(), &error);
    if (!spec) {
        fail({}, preset + ": no such preset");
        return {};
    }
    return addDesign(tr("New from %1").arg(preset), *spec, preset + "_custom", text);
}

QString AcceleratorEditor::duplicateCurrent()
{
    if (m_current.isEmpty()) {
        fail({}, tr("No design to duplicate"));
        return {};
    }
    std::string error;
    const QString text = currentText();
    auto spec = parseSpecMessage(text.toStdString(), &error);
    if (!spec) { // only a hand-edited project holds a text that does not parse
        fail({}, m_current + ":" + QString::fromStdString(error));
        return {};
    }
    return addDesign(tr("Duplicate %1").arg(m_current), *spec, m_current + "_copy", text);
}

QString AcceleratorEditor::loadSpec(const QString& text, const QString& fileName)
{
    std::string error;
    auto spec = parseSpecMessage(text.toStdString(), &error);
    if (!spec) {
        fail({}, fileName + ":" + QString::fromStdString(error));
        return {};
    }
    const QString problem = validateSpecText(text.toStdString(), fileName.toStdString());
    if (!problem.isEmpty()) {
        fail({}, problem);
        return {};
    }
    QString base = specFieldText(*spec, "name");
    if (base.isEmpty())
        base = QFileInfo(fileName).completeBaseName();
    return addDesign(tr("Load %1").arg(QFileInfo(fileName).fileName()), *spec, base, text);
}

QString AcceleratorEditor::addDesign(
    const QString& label, Message& spec, const QString& base, const QString& sourceText)
{
    const QString name = uniqueName(base);
    setSpecField(spec, "name", name);
    // Written over the source text, so its comments (the source of each constant) stay.
    const QString text = QString::fromStdString(rewriteSpecText(sourceText.toStdString(), spec));
    const QString problem = validateSpecText(text.toStdString(), name.toStdString());
    if (!problem.isEmpty()) {
        fail({}, problem);
        return {};
    }
    m_undo->push(new SpecChangeCommand(
        [this](const QString& from, const QString& to, const QString& t) { apply(from, to, t); },
        label, {}, {}, name, text));
    return name;
}

QString AcceleratorEditor::renameCurrent(const QString& name)
{
    return editField("name", name);
}

void AcceleratorEditor::askRename()
{
    if (m_current.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, tr("Rename design"), tr("Name:"), QLineEdit::Normal, m_current, &ok);
    if (ok)
        renameCurrent(name.trimmed());
}

void AcceleratorEditor::removeCurrent()
{
    if (m_current.isEmpty())
        return;
    m_undo->push(new SpecChangeCommand(
        [this](const QString& from, const QString& to, const QString& t) { apply(from, to, t); },
        tr("Remove %1").arg(m_current), m_current, currentText(), {}, {}));
}

QString AcceleratorEditor::editField(const QString& path, const QString& text)
{
    if (!m_draft)
        return fail({}, tr("No design to edit"));
    auto draft = copyOf(*m_draft);
    const QString problem = setSpecField(*draft, path, text);
    if (!problem.isEmpty())
        return fail(path, m_current + ": " + problem);
    m_draft = std::move(draft);
    return tryDraft(tr("Set %1").arg(path), path);
}

QString AcceleratorEditor::editStructure(bool add, const QString& list, int index)
{
    if (!m_draft)
        return fail({}, tr("No design to edit"));
    auto draft = copyOf(*m_draft);
    const QString problem
        = add ? addSpecElement(*draft, list) : removeSpecElement(*draft, list, index);
    if (!problem.isEmpty())
        return fail({}, problem);
    m_draft = std::move(draft);
    m_form->setSpec(*m_draft); // the form shows the new shape, valid or not
    return tryDraft(
        add ? tr("Add to %1").arg(list) : tr("Remove %1[%2]").arg(list).arg(index), list);
}

// Hands the draft to the session when core's validator accepts it; else flags it.
QString AcceleratorEditor::tryDraft(const QString& label, const QString& focusPath)
{
    const QString name = specFieldText(*m_draft, "name");
    if (name.trimmed().isEmpty())
        return fail("name", m_current + ": field name: a design needs a name");
    if (name != m_current && m_session->designs().contains(name))
        return fail("name", m_current + ": field name: '" + name + "' is already a design");
    const QString text
        = QString::fromStdString(rewriteSpecText(currentText().toStdString(), *m_draft));
    const QString problem = validateSpecText(text.toStdString(), name.toStdString());
    if (!problem.isEmpty()) {
        const QString path = problemFieldPath(problem);
        return fail(path.isEmpty() ? focusPath : path, problem);
    }
    m_form->clearProblem();
    if (name == m_current && text == currentText())
        return {};
    m_undo->push(new SpecChangeCommand(
        [this](const QString& from, const QString& to, const QString& t) { apply(from, to, t); },
        label, m_current, currentText(), name, text));
    return {};
}

void AcceleratorEditor::apply(const QString& from, const QString& to, const QString& text)
{
    m_applying = true;
    if (text.isEmpty()) {
        m_session->removeDesign(from);
        m_current = editedDesigns().value(0);
    }
    else {
        m_session->setDesignSpec(from, to, text);
        m_current = to;
    }
    m_applying = false;
    refreshDesignList();
    showCurrent();
}

void AcceleratorEditor::onSessionSpecsChanged()
{
    if (m_applying)
        return;
    m_undo->clear(); // the designs were replaced (a project opened): old steps no longer apply
    if (!editedDesigns().contains(m_current))
        m_current = editedDesigns().value(0);
    refreshDesignList();
    showCurrent();
}

void AcceleratorEditor::refreshDesignList()
{
    const QStringList names = editedDesigns();
    if (m_current.isEmpty() || !names.contains(m_current))
        m_current = names.value(0);
    QSignalBlocker block(m_designs);
    m_designs->clear();
    m_designs->addItems(names);
    m_designs->setCurrentText(m_current);
    if (m_diff->isVisible())
        m_diff->setDesigns(m_session->designs());
}

void AcceleratorEditor::showCurrent()
{
    const QString text = currentText();
    m_draft = text.isEmpty() ? nullptr : parseSpecMessage(text.toStdString(), nullptr);
    m_hint->setVisible(!m_draft);
    m_form->setVisible(m_draft != nullptr);
    if (m_draft)
        m_form->setSpec(*m_draft);
}

void AcceleratorEditor::showDiff(const QString& a, const QString& b)
{
    m_diff->show();
    m_diff->setDesigns(m_session->designs());
    m_diff->compare(a, b);
}

QString AcceleratorEditor::uniqueName(const QString& base) const
{
    const QStringList used = m_session->designs();
    QString name = base;
    for (int n = 2; used.contains(name); ++n)
        name = base + "_" + QString::number(n);
    return name;
}

QString AcceleratorEditor::fail(const QString& path, const QString& problem)
{
    m_problem = problem;
    m_form->showProblem(path, problem);
    if (!m_draft) { // no form on screen: the hint says it
        m_hint->setText(problem);
        m_hint->show();
    }
    return problem;
}

} // namespace mensa::views
