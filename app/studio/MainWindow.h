#pragma once

#include "FigureExportChoice.h"
#include "LayerColoring.h"
#include "session/AnalysisSession.h"
#include "session/LayerSelection.h"
#include "session/ProjectFile.h"

#include <QJsonArray>
#include <QMainWindow>

class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace mensa {

class LayerTableView;
class PlotDocks;
class TeachingDocks;
class CalibrationDock;
class PruneDock;
class DesignSpaceDock;
class EditorDock;
class ModelGraphView;
class ScatterPlotView;

// The Mensa Studio main window: open models, pick a design and a colouring, and look at
// the model graph, the layer table and the characteristic scatter plot side by side.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(std::shared_ptr<const AnalysisEngine> engine, QWidget* parent = nullptr);

    AnalysisSession* session() { return m_session; }
    LayerSelection* selection() { return m_selection; }
    ModelGraphView* graphView() { return m_graph; }
    LayerTableView* tableView() { return m_table; }
    ScatterPlotView* scatterView() { return m_scatter; }
    TeachingDocks* teaching() { return m_teaching; }
    DesignSpaceDock* designSpace() { return m_designSpace; }
    CalibrationDock* calibration() { return m_calibration; }
    PruneDock* pruning() { return m_prune; }
    EditorDock* editorDock() { return m_editor; }

    // Opens .onnx models and .mensa projects and shows the first model opened; errors go to a
    // message box.
    void openPaths(const QStringList& paths);
    // Scripted runs (--screenshot, --export-figures) ask nothing: a model that needs input
    // shapes fails to open with its one-line error instead of waiting for a dialog.
    void setAskForInputShapes(bool ask) { m_askForInputShapes = ask; }
    // Opens the bundled sample model; false (with a status message) when it is not installed.
    bool openDefaultSample();
    bool loadProjectFile(const QString& path);
    bool saveProjectFile(const QString& path);
    ProjectState projectState() const;

    void setCurrentModel(int modelId);
    int currentModel() const;
    void setCurrentDesign(const QString& design);
    void setColorBy(ColorBy by);
    // The mapping objective (latency, energy, edp, weighted:W) every design is run under;
    // MensaError on an unknown one.
    void setObjective(const QString& objective);
    // Every figure of every open model into `dir`; empty or the one-line error (also when
    // some open model is not analysed yet: an export never leaves one out).
    QString exportFiguresTo(const QString& dir) const;
    // File > Export Figures: exports into `dir` once every open model is analysed, then
    // emits figuresExported.
    void exportFiguresWhenAnalysed(const QString& dir);
    void exportFiguresWhenAnalysed(const views::FigureExportChoice& choice);
    // The chosen figures, formats and sizes (File > Export Figures); empty or the error.
    QString exportChosenFigures(const views::FigureExportChoice& choice) const;
    ColorBy colorBy() const;
    // True when no job runs, the graph is laid out and every open model has results.
    bool isSettled() const;
    // Gives the docks their default share of the window (after a resize in code: --geometry).
    void sizeDocksToWindow();
    // Grows the Designs dock when its text gains lines it cannot show (up to 35% of the
    // window); never shrinks it, so a size the user chose stays unless content is added.
    void fitDesignsDock();
    // Shows a message without blocking (a window-modal box), so scripted runs never hang.
    void showError(const QString& message);

signals:
    void viewsUpdated();
    // A message showError put on screen (scripted runs print it on stderr).
    void errorShown(const QString& message);
    // An export of exportFiguresWhenAnalysed ended; `error` is empty on success.
    void figuresExported(const QString& dir, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    bool askShapesThenOpen(const QString& path);
    void createViews();
    void createToolBar();
    void createMenus();
    void createStatusBar();
    QDockWidget* addDock(
        QWidget* widget, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
    void connectSession();
    void onModelOpened(int modelId);
    void onModelClosed(int modelId);
    void onAnalysisReady(int modelId);
    void showImportedGraph(int modelId);
    void refreshDesignCombo();
    void refreshViews();
    void recolor();
    void updateScatterSources();
    void updateWindowTitle();
    void addRecentFile(const QString& path);
    void forgetRecentFile(const QString& path);
    void rebuildRecentMenu();
    void openDialog();
    void saveProjectAs();
    void exportFigures();
    void editSettings();
    void editInputShapes();
    void showAbout();
    void restoreLayout();
    void applyViewState(const QJsonObject& state);
    void restoreSelection(const QJsonObject& state);
    QString layerName(const LayerId& ref) const;
    QJsonArray selectedLayerNames() const;
    QJsonObject viewState() const;

    AnalysisSession* m_session;
    LayerSelection* m_selection;
    ModelGraphView* m_graph = nullptr;
    LayerTableView* m_table = nullptr;
    ScatterPlotView* m_scatter = nullptr;
    PlotDocks* m_plots = nullptr;
    TeachingDocks* m_teaching = nullptr;
    DesignSpaceDock* m_designSpace = nullptr;
    CalibrationDock* m_calibration = nullptr;
    PruneDock* m_prune = nullptr;
    EditorDock* m_editor = nullptr;
    QComboBox* m_modelCombo = nullptr;
    QComboBox* m_objectiveCombo = nullptr;
    QComboBox* m_designCombo = nullptr;
    QComboBox* m_colorCombo = nullptr;
    QCheckBox* m_allModels = nullptr;
    QLabel* m_summary = nullptr;
    int m_designsFitted = 0; // the summary height fitDesignsDock last made room for
    int m_designsFitSteps = 0; // resize steps left for it
    QLabel* m_statusText = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QString m_projectPath;
    QString m_lastExportDir; // the export dialog opens at the folder of the last export
    bool m_askForInputShapes = true;
    int m_pendingCurrentIndex = -1; // model to show once a project's models are open
    QJsonObject m_pendingViewState;
    QJsonObject m_pendingSelection; // the project's selection, once its current model is analysed
    QByteArray m_defaultState;
};

} // namespace mensa
