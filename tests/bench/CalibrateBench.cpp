// Speed of calibration (issue 13 target: 20 measurements calibrated in under 1 s). The 20
// measurements are whole-model latencies of ten architectures at two input sizes, made with a
// perturbed coral_usb (host link 0.8 GB/s, 25 us per layer); the fit starts from the shipped spec
// and adjusts its latency assumptions (host-link bandwidth and per-layer overhead).
#include "calibrate/Calibrator.h"
#include "calibrate/Measurements.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

using namespace mensa;

namespace {

namespace fs = std::filesystem;

struct Setup {
    std::string specText;
    MeasurementSet measurements;
};

const Setup& setup()
{
    static const Setup s = [] {
        if (!std::getenv("MENSA_RESOURCES_DIR"))
            setenv("MENSA_RESOURCES_DIR", MENSA_SOURCE_DIR "/resources/accelerators", 1);
        Setup out;
        const std::string path = resolveSystemSpecPath("coral_usb");
        out.specText = readSpecFile(path);
        spec::AcceleratorSpec truth = loadSystemSpec("coral_usb")->accelerators(0);
        truth.mutable_host_link()->set_bandwidth_gb_per_s(0.8);
        truth.mutable_host_link()->set_per_layer_overhead_us(25);
        const CostModelPtr device
            = makeCostModel(std::make_shared<const spec::AcceleratorSpec>(truth));
        std::ostringstream csv;
        csv.precision(17);
        csv << "mensa_model,input,latency_s\n";
        for (const char* name : { "mobilenet_v1", "mobilenet_v2", "mobilenet_v3_small",
                 "mobilenet_v3_large", "squeezenet1_1", "efficientnet_edgetpu_s", "inception_v1",
                 "resnet50", "densenet121", "inception_v3" })
            for (const char* input : { "224x224", "192x192" })
                csv << name << "," << input << ","
                    << simulate(*buildMeasuredModel(name, input, "bench"), *device).latency << "\n";
        const fs::path file = fs::temp_directory_path() / "mensa_calibrate_bench.csv";
        std::ofstream(file) << csv.str();
        out.measurements = readMeasurementSet(file.string(), "coral_usb");
        fs::remove(file);
        return out;
    }();
    return s;
}

// The fit alone (the models are imported once, outside the timing).
void BM_Calibrate20Measurements(benchmark::State& state)
{
    const Setup& s = setup();
    const Calibrator calibrator(s.specText, "coral_usb", s.measurements);
    int evaluations = 0;
    for (auto _ : state) {
        const CalibrationReport report = calibrator.run(false);
        evaluations = report.evaluations;
        benchmark::DoNotOptimize(report.points.data());
    }
    state.counters["measurements"] = double(s.measurements.rows.size());
    state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_Calibrate20Measurements)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// What `mensa calibrate` does: import the models, fit, and fit again once per architecture
// left out (leave-one-out, 10 more fits).
void BM_Calibrate20MeasurementsWithImportAndLeaveOneOut(benchmark::State& state)
{
    const Setup& s = setup();
    for (auto _ : state) {
        const Calibrator calibrator(s.specText, "coral_usb", s.measurements);
        const CalibrationReport report = calibrator.run(true);
        benchmark::DoNotOptimize(report.points.data());
    }
}
BENCHMARK(BM_Calibrate20MeasurementsWithImportAndLeaveOneOut)->Unit(benchmark::kMillisecond);

} // namespace
