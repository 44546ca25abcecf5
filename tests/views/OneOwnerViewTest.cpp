// The GUI's analysis (run headless) carries core's numbers: every sample model, design and
// objective gives the latency and energy `runOnDesign` gives (what the CLI prints), the
// docks' figure data equals the exported figures', and several open models are clustered
// jointly, so the Clusters dock shows every compute layer of every model.
#include "TestEngine.h"

#include "FigureInputs.h"
#include "FigurePipeline.h"
#include "GanttBars.h"

#include "cost/SystemLoader.h"
#include "session/AnalysisSession.h"
#include "session/CoreAnalysisEngine.h"

#include <QDir>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

namespace {

QString sampleDir()
{
    const QByteArray dir = qgetenv("MENSA_SOURCE_DIR");
    return (dir.isEmpty() ? QString(MENSA_SOURCE_DIR) : QString::fromLocal8Bit(dir))
        + "/sample_models";
}

QStringList sampleModels()
{
    QStringList paths;
    for (const QString& name : QDir(sampleDir()).entryList({ "*.onnx" }, QDir::Files, QDir::Name))
        paths << QDir(sampleDir()).filePath(name);
    return paths;
}

bool settle(AnalysisSession& session)
{
    return waitFor([&] { return !session.isBusy() && !session.isGrouping(); }, 240000);
}

} // namespace

TEST(OneOwnerView, SessionRunsEqualCoreRunsForEveryModelDesignAndObjective)
{
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    for (const QString& path : sampleModels())
        session.openModel(path);
    ASSERT_GE(session.modelIds().size(), 10u);
    for (const char* objective : { "edp", "latency", "energy", "weighted:0.5" }) {
        session.setPolicy(MappingPolicy::parse(objective));
        ASSERT_TRUE(settle(session)) << objective;
        for (int id : session.modelIds()) {
            ModelAnalysisPtr a = session.analysis(id);
            ASSERT_TRUE(a);
            for (const DesignResult& d : a->designs) {
                ASSERT_TRUE(d.ok()) << d.error;
                const DesignRun expected
                    = runOnDesign(*a->model, loadSystem(d.design), MappingPolicy::parse(objective));
                const std::string where
                    = a->model->name + " on " + d.design + " (" + objective + ")";
                EXPECT_EQ(d.schedule.latency, expected.cost.latency) << where;
                EXPECT_EQ(d.schedule.energy, expected.cost.energyPerInference) << where;
                EXPECT_EQ(d.run->cost.energy.joules, expected.cost.energy.joules) << where;
                for (size_t i = 0; i < a->model->layers.size(); ++i)
                    EXPECT_EQ(d.chosenCost(int(i))->energy.total(),
                        expected.cost.layers[i].energy.total())
                        << where;
            }
        }
    }
}

TEST(OneOwnerView, DocksAndExportDrawTheSameDataAndClustersAreJoint)
{
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    const QStringList paths = sampleModels();
    ASSERT_GE(paths.size(), 2);
    session.openModel(paths[0]);
    session.openModel(paths[1]);
    ASSERT_TRUE(settle(session));
    const Analysis a = session.snapshot();
    ASSERT_EQ(a.models.size(), 2u);
    ASSERT_TRUE(a.grouping.clusters.has_value()) << "the joint grouping ran";
    const LayerGrouping joint = groupLayers(a.models);
    int computeLayers = 0;
    for (size_t m = 0; m < a.models.size(); ++m) {
        EXPECT_EQ(a.grouping.clusterOf[m], joint.clusterOf[m]);
        for (const Layer& l : a.models[m]->layers)
            computeLayers += isCompute(l.kind);
        // The model's own groups (table, scatter, colours) are its slice of the joint clusters.
        EXPECT_EQ(session.analysis(session.modelIds()[m])->groups.cluster, joint.clusterOf[m]);
    }
    std::vector<const Model*> models = { a.models[0].get(), a.models[1].get() };
    const views::ClusterInput clusters
        = views::FigureInputs::clusterInput(*a.grouping.clusters, models);
    EXPECT_EQ(int(clusters.members.size()), computeLayers)
        << "every compute layer of both models is drawn";
    // The docks' data (lenient) equals the export's (strict) when every design ran.
    const views::FigureData docks = views::FigureData::from(a, false);
    const views::FigureData exported = views::FigureData::from(
        analyse(a.models, loadDesignsOrThrow(defaultDesignNames())), true);
    ASSERT_EQ(docks.comparison.size(), exported.comparison.size());
    for (size_t i = 0; i < docks.comparison.size(); ++i) {
        EXPECT_EQ(docks.comparison[i].energy, exported.comparison[i].energy);
        EXPECT_EQ(docks.comparison[i].throughput, exported.comparison[i].throughput);
    }
    double transfers = 0;
    for (const auto& r : docks.energy)
        if (r.layer < 0)
            transfers += r.energy.total();
    double expected = 0;
    for (size_t m = 0; m < a.models.size(); ++m)
        for (size_t d = 0; d < a.designs.size(); ++d)
            expected += a.run(int(m), int(d))->cost.transferJoules;
    EXPECT_DOUBLE_EQ(transfers, expected)
        << "the Energy dock counts the transfers the Designs panel counts";
}

// Layers are identified by the session's model id, never the model's name: two open models
// with the same name do not select each other's layers.
TEST(OneOwnerView, TwoModelsWithTheSameNameKeepSeparateSelections)
{
    AnalysisSession session(std::make_shared<TestEngine>());
    const int first = session.openModel("synthetic:12");
    const int second = session.openModel("synthetic:12");
    ASSERT_TRUE(settle(session));
    const Analysis a = session.snapshot();
    ASSERT_EQ(a.models.size(), 2u);
    ASSERT_EQ(a.models[0]->name, a.models[1]->name);
    EXPECT_EQ(a.modelKeys(), (std::vector<int> { first, second }));
    const int mensa = a.designIndex("mensa");
    ASSERT_GE(mensa, 0);
    views::GanttView view;
    view.resize(900, 400);
    view.setInput(*views::ganttFigureInput(a, 1, mensa));
    const auto kept = [&] {
        int n = 0;
        for (int i = 0; i < view.plot()->plottableCount(); ++i)
            if (const auto* bars = dynamic_cast<const views::GanttBars*>(view.plot()->plottable(i)))
                for (const auto& bar : bars->bars())
                    n += !bar.faded;
        return n;
    };
    view.setHighlightedLayers({ { first, 3 } }); // only the other model's layer 3
    EXPECT_EQ(kept(), view.markCount()) << "another model's selection fades nothing here";
    view.setHighlightedLayers({ { second, 3 } });
    const int ownThree = kept();
    EXPECT_GE(ownThree, 1);
    EXPECT_LT(ownThree, view.markCount());
    view.setHighlightedLayers({ { second, 5 } });
    const int ownFive = kept();
    view.setHighlightedLayers({ { first, 3 }, { second, 5 } }); // the other layer 3 is not ours
    EXPECT_EQ(kept(), ownFive);
    const views::FigureData data = views::FigureData::from(a, false);
    int ofFirst = 0, ofSecond = 0;
    for (const auto& r : data.energy)
        (r.modelKey == first ? ofFirst : ofSecond) += r.modelKey == first || r.modelKey == second;
    EXPECT_GT(ofFirst, 0);
    EXPECT_EQ(ofFirst, ofSecond);
}
