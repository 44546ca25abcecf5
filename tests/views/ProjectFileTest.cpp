#include "session/ProjectFile.h"
#include "util/Error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace mensa;

namespace {

ProjectState sample(const QString& dir)
{
    ProjectState s;
    s.models.append(ProjectModel { dir + "/models/a.onnx", { { "input", { 1, 3, 224, 224 } } } });
    s.models.append(ProjectModel { "/elsewhere/b.onnx", {} });
    s.currentModel = 1;
    s.designs = { "edge_tpu", "mensa" };
    s.bytesPerElement = 2;
    s.currentDesign = "mensa";
    s.colorBy = "cluster";
    s.viewState = QJsonObject { { "scatterX", "macs" }, { "computeOnly", true } };
    return s;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

} // namespace

TEST(ProjectFile, SaveAndLoadRoundTrip)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("session.mensa");
    ProjectState s = sample(dir.path());
    saveProject(path, s);
    EXPECT_TRUE(readAll(path).contains("\"models/a.onnx\"")); // stored relative to the project
    ProjectState back = loadProject(path);
    ASSERT_EQ(back.models.size(), 2);
    EXPECT_EQ(QDir::cleanPath(back.models[0].path), QDir::cleanPath(s.models[0].path));
    EXPECT_EQ(back.models[1].path, "/elsewhere/b.onnx");
    EXPECT_EQ(back.models[0].inputShapes, s.models[0].inputShapes);
    EXPECT_EQ(back.currentModel, 1);
    EXPECT_EQ(back.designs, s.designs);
    EXPECT_EQ(back.bytesPerElement, 2);
    EXPECT_EQ(back.currentDesign, "mensa");
    EXPECT_EQ(back.colorBy, "cluster");
    EXPECT_EQ(back.viewState, s.viewState);
}

TEST(ProjectFile, BadFilesGiveOneLineErrors)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.mensa");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("{ not json");
    f.close();
    try {
        loadProject(path);
        FAIL() << "expected MensaError";
    }
    catch (const MensaError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.mensa: not a project file"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(loadProject(dir.filePath("missing.mensa")), MensaError);
    EXPECT_THROW(
        projectFromJson(R"({"format":"mensa-studio-project","version":99})", "x"), MensaError);
    EXPECT_THROW(
        projectFromJson(R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a",
                     "inputShapes":{"x":[1,-3]}}]})",
            "x"),
        MensaError);
}

TEST(ProjectFile, FailedSaveKeepsThePreviousFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("keep.mensa");
    ProjectState s = sample(dir.path());
    saveProject(path, s);
    const QByteArray before = readAll(path);
    ASSERT_GT(before.size(), 200);

    // Make the write fail half-way (root ignores permissions, so cap the file size instead).
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old {};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 64;
    setrlimit(RLIMIT_FSIZE, &small);
    s.designs.append("eyeriss_v2");
    bool threw = false;
    try {
        saveProject(path, s);
    }
    catch (const MensaError& e) {
        threw = std::string(e.what()).find("keep.mensa: cannot write project") != std::string::npos;
    }
    setrlimit(RLIMIT_FSIZE, &old);
    EXPECT_TRUE(threw);
    EXPECT_EQ(readAll(path), before);
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temp file left behind

    EXPECT_THROW(saveProject(dir.filePath("no/such/dir/x.mensa"), s), MensaError);
}

namespace {

std::string projectError(const QByteArray& dims)
{
    try {
        projectFromJson(R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a",
                         "inputShapes":{"x":)"
                + dims + "}}]}",
            "p.mensa");
    }
    catch (const MensaError& e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

// Fractional, zero, negative and huge dims used to become batch 0 (0 MACs in 7 ms).
TEST(ProjectFile, BadInputDimensionsAreRefusedWithTheFieldNamed)
{
    EXPECT_EQ(projectError("[1,1.5]"),
        "p.mensa: inputShapes.x[1] is 1.5; a dimension must be a whole number from 1 to 2^40");
    EXPECT_EQ(projectError("[1e300,3]"),
        "p.mensa: inputShapes.x[0] is 1e+300; a dimension must be a whole number from 1 to 2^40");
    EXPECT_EQ(projectError("[1,-3]"),
        "p.mensa: inputShapes.x[1] is -3; a dimension must be a whole number from 1 to 2^40");
    EXPECT_EQ(projectError("[0]"),
        "p.mensa: inputShapes.x[0] is 0; a dimension must be a whole number from 1 to 2^40");
    EXPECT_EQ(projectError(R"([1,"3"])"), "p.mensa: inputShapes.x[1] is not a number");
    EXPECT_EQ(projectError("[1,3,224,224]"), "accepted");
}

// An input name holding a line break kept its break in the message (fuzz_project_file).
TEST(ProjectFile, ErrorsStayOneLineWhateverTheNamesHold)
{
    EXPECT_EQ(projectError("[1,1.5]").find('\n'), std::string::npos);
    try {
        projectFromJson(R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a",)"
                        R"("inputShapes":{"x\ny\u0000":[0]}}]})",
            "p.mensa");
        ADD_FAILURE() << "accepted";
    }
    catch (const MensaError& e) {
        EXPECT_EQ(std::string(e.what()),
            "p.mensa: inputShapes.x\\x0ay\\x00[0] is 0; a dimension must be a whole number from 1 "
            "to "
            "2^40");
    }
}

// A current model past the list was accepted; fuzz_project_file checks the same invariant.
TEST(ProjectFile, ACurrentModelOutsideTheModelsIsRefused)
{
    const auto error = [](const char* json) -> std::string {
        try {
            projectFromJson(json, "p.mensa");
        }
        catch (const MensaError& e) {
            return e.what();
        }
        return "accepted";
    };
    EXPECT_EQ(
        error(R"({"format":"mensa-studio-project","version":1,"models":[],"currentModel":7})"),
        "p.mensa: currentModel is 7 but the project has 0 model(s)");
    EXPECT_EQ(error(R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a"}],)"
                    R"("currentModel":-2})"),
        "p.mensa: currentModel is -2 but the project has 1 model(s)");
    EXPECT_EQ(error(R"({"format":"mensa-studio-project","version":1,"models":[{"path":"a"}],)"
                    R"("currentModel":0})"),
        "accepted");
}

TEST(ProjectFile, AFifoOrFolderNamedLikeAProjectIsRefusedAtOnce)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath("pipe.mensa");
    ASSERT_EQ(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    try {
        loadProject(fifo); // opening a FIFO for reading would block until a writer comes
        FAIL() << "expected MensaError";
    }
    catch (const MensaError& e) {
        EXPECT_EQ(std::string(e.what()), fifo.toStdString() + ": is a FIFO, not a regular file");
    }
    QDir(dir.path()).mkdir("folder.mensa");
    EXPECT_THROW(loadProject(dir.filePath("folder.mensa")), MensaError);
}
