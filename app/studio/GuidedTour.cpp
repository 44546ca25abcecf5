#include "GuidedTour.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>

namespace mensa {
namespace {

// The layer the tour explains: a depthwise convolution (few PEs busy on a big array) or,
// failing that, the first layer that runs on the PE array.
int exampleLayer(const Model& model)
{
    int firstCompute = -1;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        if (model.layers[i].kind == LayerKind::DepthwiseConv)
            return int(i);
        if (firstCompute < 0 && isCompute(model.layers[i].kind))
            firstCompute = int(i);
    }
    return firstCompute;
}

} // namespace

GuidedTour::GuidedTour(QMainWindow* window, AnalysisSession* session, LayerSelection* selection,
    std::function<void()> openDefaultModel)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_selection(selection)
    , m_openDefaultModel(std::move(openDefaultModel))
{
}

const std::vector<GuidedTour::Step>& GuidedTour::steps()
{
    static const std::vector<Step> kSteps = {
        { "designsDock", tr("Designs"),
            tr("One line per accelerator design: latency, energy and TOPS/W of the whole model. "
               "The Design box in the toolbar picks the design every other view shows.") },
        { "tableDock", tr("Layers"),
            tr("One row per layer. Hover a column header for its definition and unit (also in "
               "Help > Glossary); click a row to select the layer in every view.") },
        { "scatterDock", tr("Layer characteristics"),
            tr("Each dot is a layer: parameter footprint against arithmetic intensity by "
               "default. Layers up and left reuse their data; down and right they are "
               "data-centric. Colours follow Color by; the legend on the graph names them.") },
        { "explainDock", tr("Explain this layer"),
            tr("Why the selected layer costs what it costs: how it is folded onto the PE array, "
               "whether compute or memory limits it, where its energy goes and what another "
               "design would change. The tour selected a depthwise convolution.") },
        { "mensa::views::GanttViewDock", tr("Schedule"),
            tr("Time runs left to right: each bar is a layer on the accelerator that runs it. "
               "On the Mensa design, layers move between Pascal, Pavlov and Jacquard.") },
        { "mensa::views::EnergyViewDock", tr("Energy breakdown"),
            tr("Energy per inference by component: MACs, register files, buffers, network, "
               "off-chip memory and static power.") },
        { "mensa::views::RooflineViewDock", tr("Roofline"),
            tr("Performance against operational intensity: a layer under the sloped roof is "
               "memory-bound, under the flat roof compute-bound.") },
        { "mensa::views::ComparisonViewDock", tr("Design comparison"),
            tr("Each design relative to the baseline. The hatched bar is the paper's average "
               "over Google's 24 edge models, not this model.") },
    };
    return kSteps;
}

void GuidedTour::start()
{
    if (m_session->modelIds().empty() && m_openDefaultModel)
        m_openDefaultModel();
    if (!m_box) {
        m_box = new QMessageBox(m_window);
        m_box->setWindowTitle(tr("Guided tour"));
        m_box->setWindowModality(Qt::NonModal); // the window stays usable during the tour
        QPushButton* next = m_box->addButton(tr("Next"), QMessageBox::AcceptRole);
        m_box->addButton(tr("Close"), QMessageBox::RejectRole);
        next->disconnect(); // Next moves on instead of closing the box
        connect(next, &QPushButton::clicked, this, [this] {
            if (!showStep(m_step + 1))
                m_box->hide();
        });
    }
    showStep(0);
}

bool GuidedTour::showStep(int index)
{
    if (index < 0 || index >= int(steps().size()))
        return false;
    m_step = index;
    const Step& step = steps()[size_t(index)];
    if (step.dock == "explainDock")
        selectExampleLayer();
    if (auto* dock = m_window->findChild<QDockWidget*>(step.dock)) {
        dock->show();
        dock->raise();
    }
    if (m_box) {
        m_box->setText("<b>" + step.title.toHtmlEscaped() + "</b> (" + QString::number(index + 1)
            + "/" + QString::number(steps().size()) + ")");
        m_box->setInformativeText(step.message.toHtmlEscaped());
        m_box->show();
    }
    return true;
}

void GuidedTour::selectExampleLayer()
{
    if (!m_selection->isEmpty())
        return;
    for (int id : m_session->modelIds())
        if (const ModelAnalysisPtr a = m_session->analysis(id); a && a->model) {
            if (int layer = exampleLayer(*a->model); layer >= 0)
                m_selection->select({ id, layer });
            return;
        }
}

} // namespace mensa
