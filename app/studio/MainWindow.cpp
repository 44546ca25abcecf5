#include "MainWindow.h"

#include "AboutDialog.h"
#include "CalibrationDock.h"
#include "DesignSpaceDock.h"
#include "EditorDock.h"
#include "ExportFiguresDialog.h"
#include "InputShapesDialog.h"
#include "LayerTableView.h"
#include "ModelGraphView.h"
#include "PlotDocks.h"
#include "PruneDock.h"
#include "SampleLocator.h"
#include "ScatterPlotView.h"
#include "ScrollableDock.h"
#include "SettingsDialog.h"
#include "TeachingDocks.h"
#include "session/LayerFields.h"
#include "util/Error.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <algorithm>

namespace mensa {

namespace {

constexpr int kMaxRecent = 8;

bool isProjectPath(const QString& path)
{
    return path.endsWith(".mensa", Qt::CaseInsensitive);
}

// The mapping policy, and per design its residency plan and caveats, under the table.
QString policyHtml(const ModelAnalysis& a)
{
    QString html;
    for (const auto& d : a.designs) {
        if (!d.run)
            continue;
        if (html.isEmpty())
            html += "<br><small>" + QString::fromStdString(d.run->policy.describe()).toHtmlEscaped()
                + "</small>";
        html += "<br><small><b>" + QString::fromStdString(d.design).toHtmlEscaped() + "</b>: "
            + QString::fromStdString(d.run->residencySummary()).toHtmlEscaped() + "</small>";
        for (const std::string& c : d.run->caveats())
            html += "<br><small><font color=#8A5A00>" + QString::fromStdString(c).toHtmlEscaped()
                + "</font></small>";
    }
    return html;
}

QString designSummaryHtml(const ModelAnalysis& a)
{
    const ModelTotals t = totals(*a.model);
    QString html = QString("<b>%1</b>: %2 layers (%3 compute), %4 MACs, %5 parameters<br>")
                       .arg(QString::fromStdString(a.model->name).toHtmlEscaped())
                       .arg(t.layers)
                       .arg(t.computeLayers)
                       .arg(formatQuantity(double(t.macs)), formatQuantity(double(t.params)));
    html += "<table cellspacing=0 cellpadding=3><tr><th align=left>Design</th><th "
            "align=left>Accelerators</th>"
            "<th align=right>Latency</th><th align=right>Energy</th><th "
            "align=right>Throughput</th></tr>";
    for (const auto& d : a.designs) {
        QString accs = QString::fromStdString(d.system.name);
        if (d.accelerators.size() > 1) {
            QStringList names;
            for (const auto& n : d.accelerators)
                names << QString::fromStdString(n);
            accs = names.join(" + ");
        }
        if (!d.ok()) {
            html += QString("<tr><td>%1</td><td colspan=4><font color=#B00020>%2</font></td></tr>")
                        .arg(QString::fromStdString(d.design).toHtmlEscaped(),
                            QString::fromStdString(d.error).toHtmlEscaped());
            continue;
        }
        html += QString(
            "<tr><td>%1</td><td>%2</td><td align=right>%3 ms</td><td align=right>%4 mJ</td>"
            "<td align=right>%5 /s</td></tr>")
                    .arg(QString::fromStdString(d.design).toHtmlEscaped(), accs.toHtmlEscaped())
                    .arg(d.schedule.latency * 1e3, 0, 'f', 3)
                    .arg(d.schedule.energy * 1e3, 0, 'f', 3)
                    .arg(formatQuantity(d.schedule.throughput > 0 ? d.schedule.throughput
                            : d.schedule.latency > 0              ? 1.0 / d.schedule.latency
                                                                  : 0.0));
    }
    html += "</table>" + policyHtml(a);
    for (const auto& w : a.warnings)
        html += "<br><font color=#8A5A00>" + QString::fromStdString(w).toHtmlEscaped() + "</font>";
    return html;
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<const AnalysisEngine> engine, QWidget* parent)
    : QMainWindow(parent)
    , m_session(new AnalysisSession(std::move(engine), this))
    , m_selection(new LayerSelection(this))
{
    setWindowTitle("Mensa Studio");
    setAcceptDrops(true);
    setDockOptions(
        QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks | QMainWindow::AllowTabbedDocks);
    createViews();
    createToolBar();
    createMenus();
    createStatusBar();
    connectSession();
    m_defaultState = saveState();
    restoreLayout();
    rebuildRecentMenu();
}

void MainWindow::createViews()
{
    m_graph = new ModelGraphView(m_selection, this);
    setCentralWidget(m_graph);
    m_table = new LayerTableView(m_selection, this);
    m_scatter = new ScatterPlotView(m_selection, this);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setMargin(6);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true); // the policy line must not widen the window
    addDock(m_summary, tr("Designs"), "designsDock", Qt::RightDockWidgetArea);
    addDock(m_scatter, tr("Layer characteristics"), "scatterDock", Qt::RightDockWidgetArea);
    addDock(m_table, tr("Layers"), "tableDock", Qt::BottomDockWidgetArea);
    m_plots = new PlotDocks(this, m_session, m_selection);
    m_teaching = new TeachingDocks(this, m_session, m_selection, m_graph);
    m_editor = new EditorDock(this, m_session);
    m_designSpace = new DesignSpaceDock(this, m_session, m_editor->editor());
    m_calibration = new CalibrationDock(this);
    m_prune = new PruneDock(this, [this] { return m_session->modelPath(currentModel()); });
    if (auto* table = findChild<QDockWidget*>("tableDock"))
        for (QDockWidget* dock : findChildren<QDockWidget*>())
            if (dock != table && dockWidgetArea(dock) == Qt::BottomDockWidgetArea)
                tabifyDockWidget(table, dock);
    if (auto* table = findChild<QDockWidget*>("tableDock"))
        table->raise();
    if (auto* scatter = findChild<QDockWidget*>("scatterDock"))
        scatter->raise(); // the layer plot first, not the last dock tabbed beside it
    resize(1500, 950);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) // fits a 1024x768 projector
        resize(size().boundedTo(screen->availableGeometry().size()));
    sizeDocksToWindow();
    connect(m_graph, &ModelGraphView::optionsChanged, this, [this] { emit viewsUpdated(); });
}

void MainWindow::sizeDocksToWindow()
{
    const int w = width(), h = height(); // shares of the 1500x950 default layout
    resizeDocks({ findChild<QDockWidget*>("designsDock"), findChild<QDockWidget*>("scatterDock") },
        { h * 18 / 100, h * 63 / 100 }, Qt::Vertical);
    resizeDocks({ findChild<QDockWidget*>("scatterDock") },
        { std::clamp(w * 45 / 100, std::min(600, w * 60 / 100), w * 60 / 100) }, Qt::Horizontal);
    resizeDocks({ findChild<QDockWidget*>("tableDock") }, { h * 36 / 100 }, Qt::Vertical);
}

void MainWindow::fitDesignsDock()
{
    auto* dock = findChild<QDockWidget*>("designsDock");
    auto* area = dock ? qobject_cast<QScrollArea*>(dock->widget()) : nullptr;
    if (!area || !area->viewport()->width())
        return;
    const int needed = m_summary->heightForWidth(area->viewport()->width());
    if (needed > m_designsFitted) { // new content: up to eight steps to make room for it
        m_designsFitted = needed;
        m_designsFitSteps = 8;
    }
    const int missing = needed - area->viewport()->height(), cap = height() * 35 / 100;
    if (m_designsFitSteps <= 0 || missing <= 0 || dock->height() >= cap)
        return;
    --m_designsFitSteps;
    // resizeDocks shares a change with the neighbouring separators and is laid out later: take
    // another step once it is, until the text fits, the cap is reached or the steps run out.
    resizeDocks({ dock }, { std::min(dock->height() + missing, cap) }, Qt::Vertical);
    QTimer::singleShot(0, this, &MainWindow::fitDesignsDock);
}

QDockWidget* MainWindow::addDock(
    QWidget* widget, const QString& title, const QString& objectName, Qt::DockWidgetArea area)
{
    return addScrollableDock(this, widget, title, objectName, area);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Analysis"));
    bar->setObjectName("analysisToolBar");
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setMinimumContentsLength(18);
    m_designCombo = new QComboBox(this);
    m_designCombo->setMinimumContentsLength(12);
    m_objectiveCombo = new QComboBox(this);
    m_objectiveCombo->setToolTip(
        tr("What the mapping of layers onto a multi-accelerator design minimises "
           "(the same policy as mensa --objective)"));
    for (const char* objective : { "edp", "latency", "energy", "weighted:0.5" })
        m_objectiveCombo->addItem(QString::fromLatin1(objective));
    m_colorCombo = new QComboBox(this);
    for (ColorBy by : allColorBys())
        m_colorCombo->addItem(colorByLabel(by), colorByKey(by));
    m_colorCombo->setCurrentIndex(m_colorCombo->findData(colorByKey(ColorBy::Kind)));
    m_allModels = new QCheckBox(tr("All models in scatter"), this);
    bar->addWidget(new QLabel(tr(" Model: "), this));
    bar->addWidget(m_modelCombo);
    bar->addWidget(new QLabel(tr("  Design: "), this));
    bar->addWidget(m_designCombo);
    bar->addWidget(new QLabel(tr("  Objective: "), this));
    bar->addWidget(m_objectiveCombo);
    bar->addWidget(new QLabel(tr("  Colour by: "), this));
    bar->addWidget(m_colorCombo);
    bar->addSeparator();
    bar->addWidget(m_allModels);
    connect(m_modelCombo, &QComboBox::currentIndexChanged, this, [this] { refreshViews(); });
    connect(m_designCombo, &QComboBox::currentIndexChanged, this, [this] {
        const QString d = m_designCombo->currentText();
        m_table->setDesign(d);
        m_scatter->setDesign(d);
        m_plots->update(currentModel(), d);
        recolor();
    });
    connect(m_colorCombo, &QComboBox::currentIndexChanged, this, [this] { recolor(); });
    connect(
        m_objectiveCombo, &QComboBox::currentTextChanged, this, [this](const QString& objective) {
            m_session->setPolicy(MappingPolicy::parse(objective.toStdString()));
        });
    connect(m_allModels, &QCheckBox::toggled, this, [this] { updateScatterSources(); });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Sample Model"), this, [this] { openDefaultSample(); });
    file->addSeparator();
    file->addAction(tr("&Save Project"), QKeySequence::Save, this, [this] {
        if (m_projectPath.isEmpty())
            saveProjectAs();
        else
            saveProjectFile(m_projectPath);
    });
    file->addAction(
        tr("Save Project &As…"), QKeySequence::SaveAs, this, &MainWindow::saveProjectAs);
    file->addAction(tr("&Close Model"), QKeySequence::Close, this, [this] {
        if (currentModel() >= 0)
            m_session->closeModel(currentModel());
    });
    file->addAction(tr("&Export Figures…"), this, &MainWindow::exportFigures);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    analysis->addAction(
        tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::editSettings);
    analysis->addAction(tr("&Input Shapes…"), this, &MainWindow::editInputShapes);
    analysis->addAction(
        tr("&Re-run"), QKeySequence::Refresh, m_session, &AnalysisSession::reanalyze);
    analysis->addAction(tr("&Cancel"), Qt::Key_Escape, m_session, &AnalysisSession::cancel);
    analysis->addAction(tr("Calibrate from &Measurements…"), this, [this] {
        m_calibration->dock()->show();
        m_calibration->dock()->raise();
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(tr("&Fit Graph"), Qt::CTRL | Qt::Key_0, m_graph, &ModelGraphView::fit);
    m_viewMenu->addAction(tr("&Reset Layout"), this, [this] { restoreState(m_defaultState); });
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_teaching->addHelpActions(help, [this] { openDefaultSample(); });
    help->addAction(tr("&About Mensa Studio"), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar()
{
    m_statusText = new QLabel(tr("Ready"), this);
    m_statusText->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long text elides
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_progress->hide();
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, m_session, &AnalysisSession::cancel);
}

void MainWindow::connectSession()
{
    connect(m_session, &AnalysisSession::modelOpened, this, &MainWindow::onModelOpened);
    connect(m_session, &AnalysisSession::modelClosed, this, &MainWindow::onModelClosed);
    connect(m_session, &AnalysisSession::analysisReady, this, &MainWindow::onAnalysisReady);
    connect(m_session, &AnalysisSession::modelImported, this, &MainWindow::showImportedGraph);
    connect(m_session, &AnalysisSession::groupingReady, this, &MainWindow::refreshViews);
    connect(
        m_session, &AnalysisSession::jobFailed, this, [this](int modelId, const QString& message) {
            m_statusText->setText(message);
            showError(message);
            if (!m_session->analysis(
                    modelId)) // never imported: the session drops it, so do the recent files
                forgetRecentFile(m_session->modelPath(modelId));
        });
    connect(m_session, &AnalysisSession::progressChanged, this,
        [this](int permille, const QString& text) {
            m_progress->setValue(permille);
            m_statusText->setText(text);
        });
    connect(m_session, &AnalysisSession::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        if (!busy)
            m_statusText->setText(tr("Ready"));
    });
    connect(m_graph, &ModelGraphView::layoutFinished, this, [this] { emit viewsUpdated(); });
}

void MainWindow::onModelOpened(int modelId)
{
    QSignalBlocker block(m_modelCombo);
    m_modelCombo->addItem(m_session->modelName(modelId), modelId);
    if (m_modelCombo->count() == 1 || m_pendingCurrentIndex == m_modelCombo->count() - 1)
        m_modelCombo->setCurrentIndex(m_modelCombo->count() - 1);
    updateWindowTitle();
    m_plots->update(currentModel(), m_designCombo->currentText()); // "1 of 2 models analysed"
}

void MainWindow::onModelClosed(int modelId)
{
    m_selection->removeModel(modelId);
    int index = m_modelCombo->findData(modelId);
    if (index >= 0)
        m_modelCombo->removeItem(index); // triggers refreshViews for the new current model
    if (m_modelCombo->count() == 0)
        refreshViews();
    else // the cross-model figures lose the model (and its "n of m analysed")
        m_plots->update(currentModel(), m_designCombo->currentText());
    updateScatterSources();
    updateWindowTitle();
}

void MainWindow::onAnalysisReady(int modelId)
{
    int index = m_modelCombo->findData(modelId);
    if (index >= 0)
        m_modelCombo->setItemText(index, m_session->modelName(modelId));
    if (!m_pendingViewState.isEmpty()) {
        applyViewState(m_pendingViewState);
        m_pendingSelection = m_pendingViewState;
        m_pendingViewState = {};
    }
    if (modelId == currentModel())
        refreshViews();
    else {
        m_plots->update(currentModel(), m_designCombo->currentText()); // cross-model figures
        if (m_allModels->isChecked())
            updateScatterSources();
    }
    if (modelId == currentModel() && !m_pendingSelection.isEmpty()) { // once the views show it
        restoreSelection(m_pendingSelection);
        m_pendingSelection = {};
    }
}

// The graph needs only the model: on a big model it is laid out and shown while the designs
// are still being costed (coloured by layer kind until the analysis arrives).
void MainWindow::showImportedGraph(int modelId)
{
    const auto model = m_session->importedModel(modelId);
    if (modelId != currentModel() || m_session->analysis(modelId) || !model)
        return;
    auto early = std::make_shared<ModelAnalysis>();
    early->modelId = modelId;
    early->model = model;
    std::vector<QColor> colors;
    colors.reserve(model->layers.size());
    for (const Layer& layer : model->layers)
        colors.push_back(kindColor(layer.kind));
    m_graph->setLayerColors(colors);
    m_graph->setAnalysis(modelId, early);
}

int MainWindow::currentModel() const
{
    return m_modelCombo->currentData().isValid() ? m_modelCombo->currentData().toInt() : -1;
}

void MainWindow::setCurrentModel(int modelId)
{
    int index = m_modelCombo->findData(modelId);
    if (index >= 0)
        m_modelCombo->setCurrentIndex(index);
}

void MainWindow::setCurrentDesign(const QString& design)
{
    int index = m_designCombo->findText(design);
    if (index >= 0)
        m_designCombo->setCurrentIndex(index);
}

ColorBy MainWindow::colorBy() const
{
    return colorByFromKey(m_colorCombo->currentData().toString());
}

void MainWindow::setColorBy(ColorBy by)
{
    m_colorCombo->setCurrentIndex(m_colorCombo->findData(colorByKey(by)));
}

void MainWindow::refreshDesignCombo()
{
    const QString keep = m_designCombo->currentText();
    QSignalBlocker block(m_designCombo);
    m_designCombo->clear();
    auto a = m_session->analysis(currentModel());
    QStringList names = m_session->designs();
    if (a) {
        names.clear();
        for (const auto& d : a->designs)
            names << QString::fromStdString(d.design);
    }
    m_designCombo->addItems(names);
    int index = m_designCombo->findText(keep);
    m_designCombo->setCurrentIndex(index >= 0       ? index
            : m_designCombo->findText("mensa") >= 0 ? m_designCombo->findText("mensa")
                                                    : 0);
}

void MainWindow::refreshViews()
{
    refreshDesignCombo();
    const int id = currentModel();
    auto a = m_session->analysis(id);
    const QString design = m_designCombo->currentText();
    m_table->setAnalysis(id, a);
    m_table->setDesign(design);
    m_scatter->setDesign(design);
    m_summary->setText(a ? designSummaryHtml(*a)
                         : tr("No model analysed yet. Open an ONNX model with File > Open."));
    QTimer::singleShot(0, this, &MainWindow::fitDesignsDock); // once the new text is laid out
    recolor();
    m_graph->setAnalysis(id, a);
    m_plots->update(id, design);
    m_teaching->update(design);
    updateScatterSources();
    if (!m_session->isBusy()) // status line speaks about the model on screen
        m_statusText->setText(
            a && !a->warnings.empty() ? QString::fromStdString(a->warnings.front()) : tr("Ready"));
    updateWindowTitle();
    emit viewsUpdated();
}

void MainWindow::recolor()
{
    auto a = m_session->analysis(currentModel());
    const ColorBy by = colorBy();
    m_scatter->setColorBy(by);
    if (!a)
        return;
    LayerColoring coloring
        = colorLayers({ { a.get(), a->design(m_designCombo->currentText().toStdString()),
                          m_session->modelName(currentModel()), 0 } },
            by);
    std::vector<QColor> colors;
    colors.reserve(coloring.groupOf[0].size());
    for (int g : coloring.groupOf[0])
        colors.push_back(coloring.colors[g]);
    m_graph->setLayerColors(colors);
    m_teaching->showColoring(by, coloring);
}

void MainWindow::updateScatterSources()
{
    std::vector<ScatterSource> sources;
    for (int id : m_session->modelIds()) {
        if (!m_allModels->isChecked() && id != currentModel())
            continue;
        if (auto a = m_session->analysis(id))
            sources.push_back({ id, a, m_session->modelName(id) });
    }
    m_scatter->setSources(std::move(sources));
}

void MainWindow::updateWindowTitle()
{
    QString title = "Mensa Studio";
    if (currentModel() >= 0)
        title = m_session->modelName(currentModel()) + " — " + title;
    if (!m_projectPath.isEmpty())
        title = QFileInfo(m_projectPath).fileName() + " — " + title;
    setWindowTitle(title);
}

bool MainWindow::isSettled() const
{
    if (m_session->isBusy() || m_session->isGrouping() || m_graph->isLayoutPending())
        return false;
    if (m_calibration->isRunning() || m_prune->isRunning())
        return false;
    for (int id : m_session->modelIds())
        if (!m_session->analysis(id))
            return false;
    return true;
}

void MainWindow::showError(const QString& message)
{
    auto* box
        = new QMessageBox(QMessageBox::Warning, tr("Mensa Studio"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit errorShown(message);
}

void MainWindow::openPaths(const QStringList& paths)
{
    int first = -1;
    for (const QString& path : paths) {
        if (isProjectPath(path)) {
            loadProjectFile(path);
            continue;
        }
        if (!QFileInfo(path).isFile()) {
            showError(path + ": no such file");
            continue;
        }
        if (m_askForInputShapes && askShapesThenOpen(QFileInfo(path).absoluteFilePath()))
            continue;
        const int id = m_session->openModel(QFileInfo(path).absoluteFilePath());
        if (first < 0)
            first = id;
        addRecentFile(QFileInfo(path).absoluteFilePath());
    }
    if (first >= 0)
        setCurrentModel(first); // the model just opened is the one on screen
}

// A model whose inputs have sizes only the user can give (PaddleOCR's width, say) opens once
// the shape dialog is accepted; the dialog does not block, so other work goes on meanwhile.
bool MainWindow::askShapesThenOpen(const QString& path)
{
    std::vector<DeclaredInput> inputs;
    try {
        inputs = declaredInputs(path.toStdString());
    }
    catch (const MensaError&) {
        return false; // the import reports what is wrong with the file
    }
    if (std::none_of(inputs.begin(), inputs.end(), [](const auto& i) { return i.needsShape; }))
        return false;
    auto* dialog = new InputShapesDialog(QFileInfo(path).fileName(), inputs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, path] {
        const int id = m_session->openModel(path, dialog->shapes());
        addRecentFile(path);
        setCurrentModel(id);
    });
    dialog->open();
    return true;
}

bool MainWindow::openDefaultSample()
{
    const QString path = findSampleModel("mobilenet_v2.onnx");
    if (path.isEmpty()) {
        m_statusText->setText(
            tr("Sample model mobilenet_v2.onnx is not installed; open a model with File > Open."));
        return false;
    }
    m_session->openModel(path);
    return true;
}

void MainWindow::openDialog()
{
    QSettings settings;
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open Models or a Project"),
        settings.value("lastDir").toString(),
        tr("Models and projects (*.onnx *.mensa);;ONNX models (*.onnx);;Mensa projects "
           "(*.mensa);;All files (*)"));
    if (paths.isEmpty())
        return;
    settings.setValue("lastDir", QFileInfo(paths.front()).absolutePath());
    openPaths(paths);
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue("recentFiles", recent);
    rebuildRecentMenu();
}

void MainWindow::forgetRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    if (recent.removeAll(path) == 0)
        return;
    settings.setValue("recentFiles", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    for (const QString& path : recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openPaths({ path }); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear"), this, [this] {
            QSettings().remove("recentFiles");
            rebuildRecentMenu();
        });
    }
}

QJsonObject MainWindow::viewState() const
{
    return { { "scatterX", m_scatter->xField() }, { "scatterY", m_scatter->yField() },
        { "scatterXLog", m_scatter->xLog() }, { "scatterYLog", m_scatter->yLog() },
        { "scatterAllModels", m_allModels->isChecked() },
        { "graphComputeOnly", m_graph->options().computeOnly },
        { "graphFoldChains", m_graph->options().foldChains },
        { "selectedLayers", selectedLayerNames() },
        { "currentLayer", layerName(m_selection->current()) },
        { "windowState", QString::fromLatin1(saveState().toBase64()) } };
}

QString MainWindow::layerName(const LayerId& ref) const
{
    const auto model = ref.model == currentModel() ? m_session->importedModel(ref.model) : nullptr;
    if (!model || ref.layer < 0 || ref.layer >= int(model->layers.size()))
        return {};
    return QString::fromStdString(model->layers[size_t(ref.layer)].name);
}

// Saved by name, in model order: a re-exported model with the same names keeps its selection.
QJsonArray MainWindow::selectedLayerNames() const
{
    QList<LayerId> refs = m_selection->layers().values();
    std::sort(refs.begin(), refs.end(),
        [](const LayerId& a, const LayerId& b) { return a.layer < b.layer; });
    QJsonArray names;
    for (const LayerId& ref : refs)
        if (const QString name = layerName(ref); !name.isEmpty())
            names.append(name);
    return names;
}

// Names the current model no longer has are dropped; the rest are selected again.
void MainWindow::restoreSelection(const QJsonObject& state)
{
    const int modelId = currentModel();
    const auto model = m_session->importedModel(modelId);
    if (!model)
        return;
    QHash<QString, int> index;
    for (size_t i = 0; i < model->layers.size(); ++i)
        index.insert(QString::fromStdString(model->layers[i].name), int(i));
    QSet<LayerId> layers;
    for (const QJsonValue& name : state.value("selectedLayers").toArray())
        if (auto it = index.constFind(name.toString()); it != index.constEnd())
            layers.insert({ modelId, *it });
    const LayerId current { modelId, index.value(state.value("currentLayer").toString(), -1) };
    m_selection->setLayers(layers, layers.contains(current) ? current : LayerId {});
}

void MainWindow::applyViewState(const QJsonObject& state)
{
    m_scatter->setAxes(state.value("scatterX").toString(m_scatter->xField()),
        state.value("scatterY").toString(m_scatter->yField()),
        state.value("scatterXLog").toBool(m_scatter->xLog()),
        state.value("scatterYLog").toBool(m_scatter->yLog()));
    m_allModels->setChecked(state.value("scatterAllModels").toBool(false));
    GraphOptions options = m_graph->options();
    options.computeOnly = state.value("graphComputeOnly").toBool(options.computeOnly);
    options.foldChains = state.value("graphFoldChains").toBool(options.foldChains);
    m_graph->setOptions(options);
    if (state.contains("windowState"))
        restoreState(QByteArray::fromBase64(state.value("windowState").toString().toLatin1()));
}

ProjectState MainWindow::projectState() const
{
    ProjectState s;
    for (int id : m_session->modelIds()) {
        if (m_session->modelPath(id).isEmpty())
            continue; // built in code: nothing to reopen
        if (id == currentModel())
            s.currentModel = static_cast<int>(s.models.size());
        s.models.append(ProjectModel { m_session->modelPath(id), m_session->inputShapes(id) });
    }
    s.designs = m_session->designs();
    s.designSpecs = m_session->designSpecs();
    s.bytesPerElement = m_session->bytesPerElement();
    s.currentDesign = m_designCombo->currentText();
    s.colorBy = colorByKey(colorBy());
    s.viewState = viewState();
    return s;
}

bool MainWindow::saveProjectFile(const QString& path)
{
    try {
        saveProject(path, projectState());
    }
    catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_projectPath = path;
    addRecentFile(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
    updateWindowTitle();
    return true;
}

void MainWindow::saveProjectAs()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Project"), m_projectPath, tr("Mensa projects (*.mensa)"));
    if (path.isEmpty())
        return;
    if (!isProjectPath(path))
        path += ".mensa";
    saveProjectFile(path);
}

void MainWindow::exportFigures()
{
    ExportFiguresDialog dialog(m_plots->figureNames(), m_lastExportDir, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_lastExportDir = dialog.choice().dir;
    exportFiguresWhenAnalysed(dialog.choice());
}

void MainWindow::exportFiguresWhenAnalysed(const QString& dir)
{
    views::FigureExportChoice all;
    all.dir = dir;
    exportFiguresWhenAnalysed(all);
}

void MainWindow::exportFiguresWhenAnalysed(const views::FigureExportChoice& choice)
{
    if (!isSettled()) { // poll: the analyses end on their own, then the export runs
        const QString notice = m_session->analysedNotice();
        statusBar()->showMessage(notice.isEmpty()
                ? tr("Export waits for the analysis to end")
                : tr("Export waits for the analysis (%1)").arg(notice));
        QTimer::singleShot(100, this, [this, choice] { exportFiguresWhenAnalysed(choice); });
        return;
    }
    const QString error = exportChosenFigures(choice);
    if (!error.isEmpty())
        showError(error);
    else
        statusBar()->showMessage(tr("Figures written to %1").arg(choice.dir), 4000);
    emit figuresExported(choice.dir, error);
}

QString MainWindow::exportFiguresTo(const QString& dir) const
{
    views::FigureExportChoice all;
    all.dir = dir;
    return exportChosenFigures(all);
}

QString MainWindow::exportChosenFigures(const views::FigureExportChoice& choice) const
{
    const QString notice = m_session->analysedNotice();
    if (!notice.isEmpty())
        return tr("%1: not exported, only %2").arg(choice.dir, notice);
    return m_plots->exportChosen(choice);
}

void MainWindow::setObjective(const QString& objective)
{
    m_session->setPolicy(MappingPolicy::parse(objective.toStdString()));
    QSignalBlocker block(m_objectiveCombo);
    if (m_objectiveCombo->findText(objective) < 0)
        m_objectiveCombo->addItem(objective);
    m_objectiveCombo->setCurrentText(objective);
}

bool MainWindow::loadProjectFile(const QString& path)
{
    ProjectState s;
    try {
        s = loadProject(path);
    }
    catch (const std::exception& e) { // the open models stay as they were
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_session->closeAll();
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_session->setBytesPerElement(s.bytesPerElement);
    m_session->setDesignSpecs(s.designSpecs);
    if (!s.designs.isEmpty())
        m_session->setDesigns(s.designs);
    setColorBy(colorByFromKey(s.colorBy, colorBy()));
    m_pendingCurrentIndex = s.currentModel;
    m_pendingViewState = s.viewState;
    m_pendingSelection = {};
    for (const auto& m : s.models) {
        if (!QFileInfo(m.path).isFile()) {
            showError(m.path + ": model of the project not found");
            continue;
        }
        m_session->openModel(m.path, m.inputShapes);
    }
    m_pendingCurrentIndex = -1;
    refreshDesignCombo();
    setCurrentDesign(s.currentDesign);
    addRecentFile(m_projectPath);
    updateWindowTitle();
    return true;
}

void MainWindow::editSettings()
{
    SettingsDialog dialog(m_session->bytesPerElement(), m_session->designs(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setBytesPerElement(dialog.bytesPerElement());
    m_session->setDesigns(dialog.designs());
}

void MainWindow::editInputShapes()
{
    auto a = m_session->analysis(currentModel());
    if (!a) {
        showError(tr("Open a model first: input shapes belong to a model."));
        return;
    }
    InputShapesDialog dialog(*a->model, m_session->inputShapes(currentModel()), this);
    if (dialog.exec() == QDialog::Accepted)
        m_session->setInputShapes(currentModel(), dialog.shapes());
}

void MainWindow::showAbout()
{
    AboutDialog(this).exec();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    m_session->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()
            && (url.toLocalFile().endsWith(".onnx", Qt::CaseInsensitive)
                || isProjectPath(url.toLocalFile()))) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    openPaths(paths);
    event->acceptProposedAction();
}

} // namespace mensa
