// Renders every figure with the sample data, exports all formats into a folder
// (MENSA_FIGURE_GALLERY when set, so the figures can be looked at) and checks the files.
#include "FigureExporter.h"
#include "SampleFigures.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace mensa::views;

TEST(FigureGallery, ExportsEveryFigureInEveryFormat)
{
    QTemporaryDir temp;
    const QString dir = qEnvironmentVariableIsSet("MENSA_FIGURE_GALLERY")
        ? qEnvironmentVariable("MENSA_FIGURE_GALLERY")
        : temp.path();
    const auto models = samples::models();

    std::vector<std::unique_ptr<FigureView>> figures;
    auto gantt = std::make_unique<GanttView>();
    gantt->setInput(samples::gantt(models[0]));
    gantt->setFigureName("gantt_cnn3");
    figures.push_back(std::move(gantt));
    auto pipelined = std::make_unique<GanttView>();
    pipelined->setInput(samples::gantt(models[3], 3));
    pipelined->setColouring(GanttColouring::LayerKind);
    pipelined->setFigureName("gantt_rcnn4_pipelined");
    figures.push_back(std::move(pipelined));
    auto large = std::make_unique<GanttView>();
    large->setInput(samples::largeGantt(3000));
    large->setFigureName("gantt_large");
    figures.push_back(std::move(large));
    auto energyAllLayers = std::make_unique<EnergyView>();
    energyAllLayers->setRecords(samples::energy());
    energyAllLayers->setGrouping(EnergyGrouping::PerLayer);
    energyAllLayers->setFilter("Edge TPU", {});
    energyAllLayers->setFigureName("energy_all_layers_edgetpu");
    figures.push_back(std::move(energyAllLayers));
    auto energyModels = std::make_unique<EnergyView>();
    energyModels->setRecords(samples::energy());
    energyModels->setFigureName("energy_per_model");
    figures.push_back(std::move(energyModels));
    auto energyLayers = std::make_unique<EnergyView>();
    energyLayers->setRecords(samples::energy());
    energyLayers->setGrouping(EnergyGrouping::PerLayer);
    energyLayers->setFilter("Edge TPU", "CNN-3");
    energyLayers->setFigureName("energy_cnn3_edgetpu_layers");
    figures.push_back(std::move(energyLayers));
    auto energyAccel = std::make_unique<EnergyView>();
    energyAccel->setRecords(samples::energy());
    energyAccel->setGrouping(EnergyGrouping::PerAccelerator);
    energyAccel->setNormalized(true);
    energyAccel->setFigureName("energy_per_accelerator_share");
    figures.push_back(std::move(energyAccel));
    auto comparison = std::make_unique<ComparisonView>();
    comparison->setResults(samples::comparison());
    comparison->setReferences(samples::paperReferences());
    comparison->setBaseline("Edge TPU");
    comparison->setFigureName("comparison_vs_edgetpu");
    figures.push_back(std::move(comparison));
    auto roofline = std::make_unique<RooflineView>();
    roofline->setData(samples::rooflineAccelerators(), samples::rooflinePoints());
    roofline->setFigureName("roofline_all");
    figures.push_back(std::move(roofline));
    auto rooflineOne = std::make_unique<RooflineView>();
    rooflineOne->setData(samples::rooflineAccelerators(), samples::rooflinePoints());
    rooflineOne->setAccelerator(0);
    rooflineOne->setFigureName("roofline_edgetpu");
    figures.push_back(std::move(rooflineOne));
    auto clusters = std::make_unique<ClusterView>();
    clusters->setInput(samples::clusters());
    figures.push_back(std::move(clusters));
    auto scatter = std::make_unique<ScatterFigure>();
    scatter->setPoints(samples::scatter(),
        { "Family 1 (compute-centric)", "Family 2 (LSTM-like)", "Family 3 (data-centric)" });
    figures.push_back(std::move(scatter));

    QList<const FigureView*> list;
    for (const auto& f : figures)
        list << f.get();
    ExportOptions options;
    options.dpi = 150;
    const ExportResult result = FigureExporter::exportAll(list, dir,
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv }, options);
    ASSERT_TRUE(result.ok) << result.error.toStdString();
    EXPECT_EQ(result.files.size(), list.size() * 4);
    for (const FigureView* f : list) {
        const QImage png(QDir(dir).filePath(f->figureName() + ".png"));
        ASSERT_FALSE(png.isNull()) << f->figureName().toStdString();
        const QSizeF inches = f->defaultExportSize();
        EXPECT_EQ(png.width(), qRound(inches.width() * 150));
        EXPECT_EQ(png.height(), qRound(inches.height() * 150));
        EXPECT_GT(f->markCount(), 0) << f->figureName().toStdString();
    }
}
