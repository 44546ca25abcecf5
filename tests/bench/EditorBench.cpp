// Speed target of the accelerator editor: a field change to redrawn results (every view of
// the main window) for a 200-layer model in under 100 ms. The window is the real one over the
// core engine, offscreen; each iteration changes PE rows of an edited Edge TPU and waits until
// the views were redrawn with the new analysis (viewsUpdated after analysisReady), and, in the
// second benchmark, until the window is settled (joint clustering and graph layout done too).
#include "AcceleratorEditor.h"
#include "EditorDock.h"
#include "MainWindow.h"
#include "session/CoreAnalysisEngine.h"
#include "session/SyntheticModel.h"
#include "util/Allocator.h"

#include <QApplication>
#include <QElapsedTimer>

#include <benchmark/benchmark.h>

#include <memory>

using namespace mensa;

namespace {

template <typename Pred> bool pump(Pred done, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    return done();
}

void runEdits(benchmark::State& state, bool untilSettled)
{
    MainWindow window(std::make_shared<CoreAnalysisEngine>());
    window.setAskForInputShapes(false);
    window.resize(1920, 1080);
    window.show();
    window.session()->addModel(std::make_shared<Model>(makeSyntheticModel(200)));
    views::AcceleratorEditor* editor = window.editorDock()->editor();
    const QString name = editor->newFromPreset("edge_tpu");
    window.setCurrentDesign(name);
    if (!pump([&] { return window.isSettled(); })) {
        state.SkipWithError("the first analysis did not finish");
        return;
    }
    int updates = 0;
    QObject::connect(&window, &MainWindow::viewsUpdated, [&] { ++updates; });
    int rows = 64;
    for (auto _ : state) {
        rows = rows == 64 ? 128 : 64;
        const int before = updates;
        const uint64_t generation = window.session()->generation(1);
        editor->editField("pe_rows", QString::number(rows));
        const bool done = pump([&] {
            auto a = window.session()->analysis(1);
            const bool redrawn = a && a->generation > generation && updates > before;
            return redrawn && (!untilSettled || window.isSettled());
        });
        if (!done) {
            state.SkipWithError("no redraw within 60 s");
            return;
        }
    }
    pump([&] { return window.isSettled(); });
}

void BM_EditorFieldChangeToRedraw200Layers(benchmark::State& state)
{
    runEdits(state, false);
}
BENCHMARK(BM_EditorFieldChangeToRedraw200Layers)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EditorFieldChangeToSettled200Layers(benchmark::State& state)
{
    runEdits(state, true);
}
BENCHMARK(BM_EditorFieldChangeToSettled200Layers)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    mensa::keepFreedMemory(); // as in mensa-studio
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
