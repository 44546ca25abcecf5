// The session over the real core library: an ONNX file built in code, imported and analysed.
#include "TestEngine.h"

#include "model/GraphBuilder.h"
#include "session/AnalysisSession.h"
#include "session/CoreAnalysisEngine.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

namespace {

QString writeSmallCnn(const QTemporaryDir& dir)
{
    GraphBuilder b("small_cnn");
    std::string x = b.input("input", { 1, 3, 32, 32 });
    x = b.relu(b.batchNorm(b.conv(x, 16, 3, 2)));
    x = b.relu(b.batchNorm(b.depthwiseConv(x, 3)));
    x = b.conv(x, 32, 1);
    x = b.gemm(b.flatten(b.globalAvgPool(x)), 10);
    b.output(x);
    const QString path = dir.filePath("small_cnn.onnx");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    const std::string bytes = b.serialize();
    f.write(bytes.data(), static_cast<qint64>(bytes.size()));
    return path;
}

} // namespace

TEST(CoreAnalysisEngine, SessionImportsAndAnalysesAnOnnxFile)
{
    QTemporaryDir dir;
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    QSignalSpy ready(&session, &AnalysisSession::analysisReady);
    QSignalSpy failed(&session, &AnalysisSession::jobFailed);
    const int id = session.openModel(writeSmallCnn(dir));
    ASSERT_TRUE(waitFor([&] { return ready.count() + failed.count() > 0; }, 30000));
    ASSERT_EQ(failed.count(), 0) << failed.at(0).at(1).toString().toStdString();
    ModelAnalysisPtr a = session.analysis(id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->model->name, "small_cnn");
    EXPECT_GE(a->model->layers.size(), 4u);
    EXPECT_GT(totals(*a->model).macs, 0);
    ASSERT_EQ(a->designs.size(), 3u);
    for (const auto& d : a->designs) // every design either ran or says in one line why not
        EXPECT_TRUE(d.ok() ? d.layerCosts.size() == d.system.accelerators.size()
                           : d.error.find('\n') == std::string::npos);
}

TEST(CoreAnalysisEngine, CorruptFileFailsWithOneLine)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.onnx");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("this is not a protobuf");
    f.close();
    AnalysisSession session(std::make_shared<CoreAnalysisEngine>());
    QSignalSpy failed(&session, &AnalysisSession::jobFailed);
    session.openModel(path);
    ASSERT_TRUE(waitFor([&] { return failed.count() == 1; }, 30000));
    const QString message = failed.at(0).at(1).toString();
    EXPECT_TRUE(message.startsWith(path)) << message.toStdString();
    EXPECT_FALSE(message.contains('\n'));
    EXPECT_TRUE(session.modelIds().empty());
}
