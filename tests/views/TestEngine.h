#pragma once
// Hand-built engine for view tests: synthetic models, a roofline cost model, greedy schedule.

#include "session/AnalysisEngine.h"
#include "session/AnalysisJob.h"
#include "session/SyntheticModel.h"
#include "util/Error.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace mensa::test {

// seconds = max(MACs / peak, bytes / bandwidth); optional sleep per layer to make jobs slow.
class RooflineCostModel : public CostModel {
public:
    RooflineCostModel(std::string name, double peak, double bandwidth, int sleepMicros = 0)
        : m_name(std::move(name))
        , m_peak(peak)
        , m_bandwidth(bandwidth)
        , m_sleepMicros(sleepMicros)
    {
    }
    const std::string& name() const override { return m_name; }
    LayerCost evaluate(const Layer& layer) const override
    {
        if (m_sleepMicros > 0)
            std::this_thread::sleep_for(std::chrono::microseconds(m_sleepMicros));
        LayerCost c;
        const double bytes = double(layer.metrics.paramBytes + layer.metrics.activationBytes());
        const double compute = layer.metrics.macs / m_peak, memory = bytes / m_bandwidth;
        c.seconds = std::max(compute, memory);
        c.macs = double(layer.metrics.macs);
        c.cycles = c.seconds * 1e9;
        c.utilization = c.seconds > 0 ? compute / c.seconds : 0;
        c.bound = compute >= memory ? "compute" : "memory";
        c.energy[EnergyComponent::Mac] = layer.metrics.macs * 1e-12;
        c.energy[EnergyComponent::OffChip] = bytes * 1e-10;
        c.traffic.dramBytes = bytes;
        return c;
    }
    double peakMacsPerSecond() const override { return m_peak; }
    double memoryBandwidth() const override { return m_bandwidth; }
    double staticPower() const override { return 0.1; }
    double peakOpsPerWatt() const override { return 2 * m_peak / (m_peak * 1e-12 + staticPower()); }

private:
    std::string m_name;
    double m_peak, m_bandwidth;
    int m_sleepMicros;
};

class TestEngine : public AnalysisEngine {
public:
    int sleepMicrosPerLayer = 0;
    mutable std::atomic<int> imports { 0 };

    Model importModel(const std::string& path, const ImportOptions& options) const override
    {
        ++imports;
        const std::string prefix = "synthetic:";
        if (path.rfind(prefix, 0) != 0)
            throw MensaError(path, "cannot open file");
        Model m = makeSyntheticModel(std::stoi(path.substr(prefix.size())), "synthetic");
        for (auto& l : m.layers) // precision scales every byte figure
            l.metrics.paramBytes *= options.bytesPerElement;
        return m;
    }
    AcceleratorSystem loadSystem(const std::string& name) const override
    {
        AcceleratorSystem s;
        s.name = name;
        if (name == "broken")
            throw MensaError(name, "no such accelerator");
        if (name == "mensa") {
            s.accelerators.push_back(
                std::make_shared<RooflineCostModel>("Pascal", 2e12, 3e10, sleepMicrosPerLayer));
            s.accelerators.push_back(
                std::make_shared<RooflineCostModel>("Pavlov", 2e11, 2.5e11, sleepMicrosPerLayer));
        }
        else {
            s.accelerators.push_back(
                std::make_shared<RooflineCostModel>(name, 1e12, 2e10, sleepMicrosPerLayer));
        }
        return s;
    }
    DesignRun run(const Model& model, const AcceleratorSystem& system,
        const MappingPolicy& policy) const override
    {
        return runOnDesign(model, system, policy);
    }
    LayerGroups group(const Model& model) const override
    {
        LayerGroups g;
        g.clusterNames = { "Compute-heavy", "Data-heavy" };
        for (const auto& l : model.layers) {
            if (!isCompute(l.kind)) {
                g.cluster.push_back(-1);
                g.family.push_back("");
                continue;
            }
            bool heavy = l.metrics.flopPerByte > 10;
            g.cluster.push_back(heavy ? 0 : 1);
            g.family.push_back(heavy ? "Family 1" : "Family 2");
        }
        return g;
    }
};

// Processes events until `done` holds or the timeout passes.
template <typename Pred> bool waitFor(Pred done, int timeoutMs = 10000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

// Pixels that differ from the most common (background) colour.
inline int nonBackgroundPixels(const QImage& image)
{
    QImage img = image.convertToFormat(QImage::Format_RGB32);
    const QRgb bg = img.pixel(img.width() - 1, img.height() - 1);
    int count = 0;
    for (int y = 0; y < img.height(); ++y) {
        const QRgb* row = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x)
            count += row[x] != bg;
    }
    return count;
}

// Saves a rendered view when MENSA_VIEW_SNAPSHOT_DIR is set (to look at them by eye).
inline void maybeSnapshot(const QImage& image, const QString& name)
{
    const QString dir = qEnvironmentVariable("MENSA_VIEW_SNAPSHOT_DIR");
    if (!dir.isEmpty())
        image.save(dir + "/" + name + ".png");
}

class NullControl : public JobControl {
public:
    bool cancelled() const override { return false; }
    void report(int, int, const std::string&) override { }
};

// A finished analysis of a synthetic model, computed synchronously.
inline ModelAnalysisPtr analyseSynthetic(int layers, int modelId = 1)
{
    AnalysisJobInput input;
    input.engine = std::make_shared<TestEngine>();
    input.modelId = modelId;
    input.path = "synthetic:" + std::to_string(layers);
    input.designs = { "edge_tpu", "eyeriss_v2", "mensa" };
    NullControl control;
    return runAnalysisJob(input, control);
}

} // namespace mensa::test
