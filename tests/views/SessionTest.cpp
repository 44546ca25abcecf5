#include "TestEngine.h"

#include "session/AnalysisSession.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

TEST(AnalysisSession, ImportJobEmitsAnalysisWithEveryDesign)
{
    AnalysisSession session(std::make_shared<TestEngine>());
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    QSignalSpy progress(&session, &AnalysisSession::progressChanged);
    const int id = session.openModel("synthetic:40");
    EXPECT_TRUE(session.isBusy());
    ASSERT_TRUE(waitFor([&] { return ready.count() == 1; }));
    EXPECT_EQ(ready.at(0).at(0).toInt(), id);
    ModelAnalysisPtr a = session.analysis(id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->model->layers.size(), 40u);
    ASSERT_EQ(a->designs.size(), 3u);
    for (const auto& d : a->designs) {
        EXPECT_TRUE(d.ok()) << d.error;
        EXPECT_EQ(d.layerCosts.front().size(), 40u);
        EXPECT_EQ(d.schedule.assignment.size(), 40u);
    }
    EXPECT_EQ(a->designs[2].accelerators.size(), 2u);
    EXPECT_EQ(a->groups.cluster.size(), 40u);
    EXPECT_FALSE(session.isBusy());
    EXPECT_GT(progress.count(), 0);
}

TEST(AnalysisSession, BadFileReportsOneLineErrorAndKeepsOtherModels)
{
    AnalysisSession session(std::make_shared<TestEngine>());
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    QSignalSpy failed(&session, &AnalysisSession::jobFailed);
    const int good = session.openModel("synthetic:10");
    session.openModel("/no/such/model.onnx");
    ASSERT_TRUE(waitFor([&] { return failed.count() == 1 && ready.count() == 1; }));
    const QString message = failed.at(0).at(1).toString();
    EXPECT_TRUE(message.contains("/no/such/model.onnx: cannot open file")) << message.toStdString();
    EXPECT_FALSE(message.contains('\n'));
    EXPECT_EQ(session.modelIds(), std::vector<int> { good });
}

TEST(AnalysisSession, BrokenDesignKeepsTheOthers)
{
    AnalysisSession session(std::make_shared<TestEngine>());
    session.setDesigns({ "edge_tpu", "broken" });
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    const int id = session.openModel("synthetic:12");
    ASSERT_TRUE(waitFor([&] { return ready.count() == 1; }));
    auto a = session.analysis(id);
    ASSERT_EQ(a->designs.size(), 2u);
    EXPECT_TRUE(a->designs[0].ok());
    EXPECT_EQ(a->designs[1].error, "broken: no such accelerator");
}

TEST(AnalysisSession, StaleJobIsIgnoredAfterParameterChange)
{
    auto engine = std::make_shared<TestEngine>();
    engine->sleepMicrosPerLayer = 2000; // 300 layers x 3 designs: a slow job
    AnalysisSession session(engine);
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    const int id = session.openModel("synthetic:300");
    const uint64_t first = session.generation(id);
    waitFor([] { return false; }, 100); // let the first job get going
    session.setDesigns({ "mensa" }); // supersedes it
    const uint64_t second = session.generation(id);
    EXPECT_GT(second, first);
    ASSERT_TRUE(waitFor([&] { return ready.count() >= 1; }, 30000));
    waitFor([] { return false; }, 200); // any late stale result would arrive now
    EXPECT_EQ(ready.count(), 1);
    auto a = session.analysis(id);
    EXPECT_EQ(a->generation, second);
    ASSERT_EQ(a->designs.size(), 1u);
    EXPECT_EQ(a->designs[0].design, "mensa");
}

TEST(AnalysisSession, PrecisionChangeReimportsButDesignChangeReusesModel)
{
    auto engine = std::make_shared<TestEngine>();
    AnalysisSession session(engine);
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    const int id = session.openModel("synthetic:16");
    ASSERT_TRUE(waitFor([&] { return ready.count() == 1; }));
    const int64_t bytes1 = session.analysis(id)->model->layers[0].metrics.paramBytes;
    session.setDesigns({ "edge_tpu" });
    ASSERT_TRUE(waitFor([&] { return ready.count() == 2; }));
    EXPECT_EQ(engine->imports.load(), 1);
    session.setBytesPerElement(2);
    ASSERT_TRUE(waitFor([&] { return ready.count() == 3; }));
    EXPECT_EQ(engine->imports.load(), 2);
    EXPECT_EQ(session.analysis(id)->model->layers[0].metrics.paramBytes, 2 * bytes1);
}

TEST(AnalysisSession, CancelStopsTheJobAndDropsANeverAnalysedModel)
{
    auto engine = std::make_shared<TestEngine>();
    engine->sleepMicrosPerLayer = 5000;
    AnalysisSession session(engine);
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    QSignalSpy closed(&session, &AnalysisSession::modelClosed);
    session.openModel("synthetic:400");
    waitFor([] { return false; }, 100);
    session.cancel();
    ASSERT_TRUE(waitFor([&] { return !session.isBusy(); }, 5000)); // far sooner than the 6 s job
    EXPECT_EQ(ready.count(), 0);
    EXPECT_EQ(closed.count(), 1);
    EXPECT_TRUE(session.modelIds().empty());
}
