// The "Explain this layer" dock: selecting a layer fills it with core's explanation of the
// session's own cost result for that layer on the chosen design.
#include "TestEngine.h"

#include "LayerExplanationView.h"
#include "model/GraphBuilder.h"
#include "session/AnalysisSession.h"
#include "session/CoreAnalysisEngine.h"
#include "session/LayerSelection.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

namespace {

QString writeCnn(const QTemporaryDir& dir)
{
    GraphBuilder b("explained_cnn");
    std::string x = b.input("input", { 1, 16, 28, 28 });
    x = b.relu(b.conv(x, 64, 3));
    x = b.gemm(b.flatten(b.globalAvgPool(x)), 10);
    b.output(x);
    const QString path = dir.filePath("explained_cnn.onnx");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    const std::string bytes = b.serialize();
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    return path;
}

int firstLayerOfKind(const Model& m, LayerKind kind)
{
    for (size_t i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].kind == kind)
            return int(i);
    return -1;
}

// Opens the CNN in the session and waits for its first analysis (null if none came).
ModelAnalysisPtr openCnn(AnalysisSession& session, const QTemporaryDir& dir, int& id)
{
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    id = session.openModel(writeCnn(dir));
    if (!waitFor([&] { return ready.count() > 0; }, 30000))
        return nullptr;
    return session.analysis(id);
}

} // namespace

TEST(LayerExplanationView, SelectingALayerFillsThePanelFromTheCostResult)
{
    QTemporaryDir dir;
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    LayerSelection selection;
    views::LayerExplanationView view(&session, &selection);
    view.setDesign("edge_tpu");
    EXPECT_TRUE(view.explanation().title.empty());
    EXPECT_TRUE(view.plainText().contains("Select a layer"));

    int id = -1;
    ModelAnalysisPtr a = openCnn(session, dir, id);
    ASSERT_TRUE(a);
    const int conv = firstLayerOfKind(*a->model, LayerKind::Conv);
    ASSERT_GE(conv, 0);

    selection.select({ id, conv });
    const DesignResult* edge = a->design("edge_tpu");
    ASSERT_TRUE(edge && edge->ok());
    const LayerCost* cost = edge->chosenCost(conv);
    ASSERT_TRUE(cost);
    const LayerExplanation& e = view.explanation();
    EXPECT_NE(e.title.find(a->model->layers[size_t(conv)].name), std::string::npos) << e.title;
    EXPECT_EQ(e.numbers.at("folds.rowFolds"), cost->folds.rowFolds);
    EXPECT_EQ(e.numbers.at("computeCycles"), cost->computeCycles);
    EXPECT_EQ(e.numbers.at("energy.total"), cost->energy.total());
    // T = 16 x 3 x 3 = 144 over 64 rows: 3 folds, on screen.
    EXPECT_EQ(cost->folds.rowFolds, 3);
    const QString text = view.plainText();
    EXPECT_TRUE(text.contains("3 folds")) << text.toStdString();
    EXPECT_TRUE(text.contains("On other designs")) << text.toStdString();
    EXPECT_TRUE(text.contains("eyeriss_v2")) << text.toStdString();
    // The storage levels the panel lists are the cost result's reads and writes.
    EXPECT_TRUE(text.contains("Memory levels")) << text.toStdString();
    EXPECT_EQ(e.numbers.at("levels.activation store.reads"),
        cost->levels[StorageLevel::ActivationStore].reads);
    EXPECT_EQ(e.numbers.at("levels.PE registers.writes"),
        cost->levels[StorageLevel::RegisterFile].writes);
    view.resize(560, 1150);
    maybeSnapshot(view.grab().toImage(), "layer_explanation_edge_tpu_conv");

    view.setDesign("eyeriss_v2"); // the same layer, explained on another design
    EXPECT_EQ(view.explanation().numbers.at("computeCycles"),
        a->design("eyeriss_v2")->chosenCost(conv)->computeCycles);
    selection.clear();
    EXPECT_TRUE(view.plainText().contains("Select a layer"));
}

// A design from the editor with stationary registers: the panel explains the conv on it with
// the registers' line, from that design's own cost result (T = 144 in one fold of 48 rows, 3
// elements per PE, where the one-weight PE needs 3 folds).
TEST(LayerExplanationView, ExplainsStationaryRegistersOfAnEditedDesign)
{
    QTemporaryDir dir;
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    QFile base(QString::fromStdString(
        std::string(MENSA_SOURCE_DIR) + "/resources/accelerators/edge_tpu.textproto"));
    ASSERT_TRUE(base.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(base.readAll());
    text.replace("name: \"edge_tpu\"", "name: \"edge_tpu_registers\"");
    session.setDesignSpec("", "edge_tpu_registers", text + "stationary_registers_per_pe: 9\n");
    LayerSelection selection;
    views::LayerExplanationView view(&session, &selection);
    view.setDesign("edge_tpu_registers");
    int id = -1;
    ModelAnalysisPtr a = openCnn(session, dir, id);
    ASSERT_TRUE(a);
    const int conv = firstLayerOfKind(*a->model, LayerKind::Conv);
    selection.select({ id, conv });
    const DesignResult* edited = a->design("edge_tpu_registers");
    ASSERT_TRUE(edited && edited->ok());
    const LayerCost* cost = edited->chosenCost(conv);
    ASSERT_TRUE(cost);
    EXPECT_EQ(cost->folds.registerSteps, 3);
    EXPECT_EQ(cost->folds.rowFolds, 1);
    EXPECT_EQ(view.explanation().numbers.at("folds.registerSteps"), 3);
    const QString shown = view.plainText();
    EXPECT_TRUE(shown.contains("Each PE holds 3 stationary elements per MAC lane"))
        << shown.toStdString();
    EXPECT_TRUE(shown.contains("48 mapped, 1 fold")) << shown.toStdString();
    view.resize(560, 1250);
    maybeSnapshot(view.grab().toImage(), "layer_explanation_stationary_registers");
}
