#include "SampleFigures.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mensa::views::samples {
namespace {

struct Design {
    QString name;
    double peakMacs; // per second
    double bandwidth; // bytes per second
    double macPj; // energy per MAC
    double dramPjPerByte;
};

const std::vector<Design>& designs()
{
    static const std::vector<Design> d = {
        { "Edge TPU", 2e12, 32e9, 0.4, 80 },
        { "Eyeriss v2", 76.8e9, 25.6e9, 0.3, 70 },
        { "Pascal", 2e12, 32e9, 0.35, 80 },
        { "Pavlov", 0.25e12, 256e9, 0.35, 15 },
        { "Jacquard", 0.5e12, 256e9, 0.35, 15 },
    };
    return d;
}

double layerSeconds(const SampleLayer& l, const Design& d, double utilization)
{
    return std::max(l.macs / (d.peakMacs * utilization), (l.paramBytes + l.actBytes) / d.bandwidth)
        + 2e-6;
}

double utilizationOf(const SampleLayer& l)
{
    switch (l.kind) {
    case LayerKind::Conv:
        return 0.6;
    case LayerKind::DepthwiseConv:
        return 0.12;
    case LayerKind::Lstm:
        return 0.02;
    case LayerKind::FullyConnected:
        return 0.05;
    default:
        return 0.3;
    }
}

EnergyBreakdown breakdown(const SampleLayer& l, const Design& d, double seconds)
{
    EnergyBreakdown e;
    e[EnergyComponent::Mac] = l.macs * d.macPj * 1e-12;
    e[EnergyComponent::RegisterFile] = l.macs * 0.15e-12;
    e[EnergyComponent::Buffer] = (l.actBytes * 4 + l.paramBytes) * 1.2e-12;
    e[EnergyComponent::Noc] = (l.actBytes + l.paramBytes) * 0.4e-12;
    e[EnergyComponent::OffChip] = (l.paramBytes + 0.3 * l.actBytes) * d.dramPjPerByte * 1e-12;
    e[EnergyComponent::Static] = seconds * (d.peakMacs > 1e12 ? 0.35 : 0.08);
    return e;
}

SampleLayer conv(const QString& n, double macs, double params, double acts)
{
    return { n, LayerKind::Conv, macs, params, acts };
}

} // namespace

std::vector<SampleModel> models()
{
    std::vector<SampleModel> m;
    m.push_back({ "CNN-3",
        { conv("conv1", 10.8e6, 864, 200e3), { "dw2", LayerKind::DepthwiseConv, 3.6e6, 288, 400e3 },
            conv("pw2", 25.7e6, 2048, 300e3), { "pool3", LayerKind::Pool, 0, 0, 200e3 },
            conv("conv4", 57.8e6, 73728, 250e3),
            { "dw5", LayerKind::DepthwiseConv, 1.8e6, 1152, 150e3 },
            conv("pw5", 51.4e6, 131072, 150e3), { "add6", LayerKind::Elementwise, 0, 0, 100e3 },
            conv("conv7", 115e6, 589824, 120e3), { "gap8", LayerKind::Pool, 0, 0, 50e3 },
            { "fc9", LayerKind::FullyConnected, 1.28e6, 1.28e6, 3e3 } } });
    m.push_back({ "LSTM-2",
        { { "embed", LayerKind::FullyConnected, 0.5e6, 0.5e6, 2e3 },
            { "lstm1", LayerKind::Lstm, 8.4e6, 4.2e6, 40e3 },
            { "lstm2", LayerKind::Lstm, 8.4e6, 4.2e6, 40e3 },
            { "lstm3", LayerKind::Lstm, 8.4e6, 4.2e6, 40e3 },
            { "proj", LayerKind::FullyConnected, 1.0e6, 1.0e6, 4e3 },
            { "softmax", LayerKind::Softmax, 0, 0, 8e3 } } });
    m.push_back({ "Transducer-1",
        { { "enc_lstm1", LayerKind::Lstm, 12e6, 6e6, 60e3 },
            { "enc_lstm2", LayerKind::Lstm, 12e6, 6e6, 60e3 },
            { "pred_lstm", LayerKind::Lstm, 4e6, 2e6, 20e3 },
            { "joint_fc", LayerKind::FullyConnected, 2.6e6, 1.3e6, 10e3 },
            { "out_fc", LayerKind::FullyConnected, 1.0e6, 1.0e6, 4e3 } } });
    m.push_back({ "RCNN-4",
        { conv("conv1", 44e6, 4608, 500e3), conv("conv2", 88e6, 36864, 400e3),
            { "pool2", LayerKind::Pool, 0, 0, 200e3 }, conv("conv3", 88e6, 147456, 200e3),
            { "reshape", LayerKind::Reshape, 0, 0, 100e3 },
            { "lstm4", LayerKind::Lstm, 6.3e6, 3.1e6, 30e3 },
            { "fc5", LayerKind::FullyConnected, 0.8e6, 0.8e6, 3e3 } } });
    return m;
}

int mensaAccelerator(const SampleLayer& layer)
{
    if (layer.kind == LayerKind::Conv)
        return 0;
    if (layer.kind == LayerKind::Lstm || layer.kind == LayerKind::FullyConnected)
        return 1;
    return 2;
}

int modelKey(const QString& name)
{
    const std::vector<SampleModel> all = models();
    for (size_t i = 0; i < all.size(); ++i)
        if (all[i].name == name)
            return static_cast<int>(i);
    return -1;
}

GanttInput gantt(const SampleModel& model, int inferences)
{
    GanttInput in;
    in.model = model.name;
    in.modelKey = modelKey(model.name);
    Schedule& s = in.schedule;
    s.strategy = inferences > 1 ? "pipeline:" + std::to_string(inferences) : "mensa:latency";
    s.resources = { { "Pascal", false, 0 }, { "Pavlov", false, 1 }, { "Jacquard", false, 2 },
        { "Pascal-Pavlov", true, 0 }, { "Pascal-Jacquard", true, 1 },
        { "Pavlov-Jacquard", true, 2 } };
    for (const SampleLayer& l : model.layers) {
        in.layers.push_back({ l.name, l.kind, mensaAccelerator(l) });
        s.assignment.push_back(mensaAccelerator(l));
    }
    in.clusterNames
        = { "Family 1 (compute-centric)", "Family 2 (LSTM-like)", "Family 3 (data-centric)" };
    std::vector<double> freeAt(s.resources.size(), 0.0);
    for (int inf = 0; inf < inferences; ++inf) {
        double t = 0;
        int previous = -1;
        for (size_t i = 0; i < model.layers.size(); ++i) {
            const SampleLayer& l = model.layers[i];
            const int acc = s.assignment[i];
            if (previous >= 0 && previous != acc) {
                const int link = previous + acc - 1; // (0,1)->0, (0,2)->1, (1,2)->2
                const double start = std::max(t, freeAt[3 + static_cast<size_t>(link)]);
                const double end = start + l.actBytes / 8e9 + 1e-6;
                s.events.push_back({ static_cast<int>(i) - 1, 3 + link, true, inf, start, end,
                    l.actBytes * 20e-12, inf == 0 });
                freeAt[3 + static_cast<size_t>(link)] = t = end;
            }
            const Design& d = designs()[2 + static_cast<size_t>(acc)];
            const double start = std::max(t, freeAt[static_cast<size_t>(acc)]);
            const double end = start + layerSeconds(l, d, utilizationOf(l));
            s.events.push_back({ static_cast<int>(i), acc, false, inf, start, end,
                breakdown(l, d, end - start).total(), inf == 0 });
            freeAt[static_cast<size_t>(acc)] = t = end;
            previous = acc;
        }
        if (inf == 0)
            s.latency = t;
    }
    s.throughput = inferences > 1 ? inferences / freeAt[0] : 1 / s.latency;
    return in;
}

GanttInput largeGantt(int events)
{
    GanttInput in;
    in.model = "Large";
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> duration(1e-6, 20e-6);
    in.schedule.resources = { { "Pascal", false, 0 }, { "Pavlov", false, 1 },
        { "Jacquard", false, 2 }, { "Pascal-Pavlov", true, 0 } };
    double t = 0;
    for (int i = 0; i < events; ++i) {
        const int acc = static_cast<int>(rng() % 3);
        in.layers.push_back(
            { QString("layer%1").arg(i), acc == 1 ? LayerKind::Lstm : LayerKind::Conv, acc });
        in.schedule.assignment.push_back(acc);
        const double d = duration(rng);
        in.schedule.events.push_back({ i, acc, false, 0, t, t + d, d * 0.5, i % 3 == 0 });
        t += d;
    }
    in.schedule.latency = t;
    return in;
}

std::vector<EnergyRecord> energy()
{
    std::vector<EnergyRecord> records;
    static const QStringList accelNames = { "Pascal", "Pavlov", "Jacquard" };
    for (const SampleModel& m : models())
        for (size_t i = 0; i < m.layers.size(); ++i) {
            const SampleLayer& l = m.layers[i];
            for (int d = 0; d < 2; ++d) {
                const double t
                    = layerSeconds(l, designs()[static_cast<size_t>(d)], utilizationOf(l));
                records.push_back({ designs()[static_cast<size_t>(d)].name, m.name,
                    designs()[static_cast<size_t>(d)].name, static_cast<int>(i), l.name,
                    breakdown(l, designs()[static_cast<size_t>(d)], t), modelKey(m.name) });
            }
            const int acc = mensaAccelerator(l);
            const Design& d = designs()[2 + static_cast<size_t>(acc)];
            records.push_back({ "Mensa", m.name, accelNames[acc], static_cast<int>(i), l.name,
                breakdown(l, d, layerSeconds(l, d, std::min(0.8, utilizationOf(l) * 3))),
                modelKey(m.name) });
        }
    return records;
}

std::vector<DesignResult> comparison()
{
    std::vector<DesignResult> out;
    for (const SampleModel& m : models()) {
        for (int d = 0; d < 2; ++d) {
            double seconds = 0, joules = 0, macs = 0;
            for (const SampleLayer& l : m.layers) {
                const double t
                    = layerSeconds(l, designs()[static_cast<size_t>(d)], utilizationOf(l));
                seconds += t;
                joules += breakdown(l, designs()[static_cast<size_t>(d)], t).total();
                macs += l.macs;
            }
            out.push_back({ designs()[static_cast<size_t>(d)].name, m.name, 1 / seconds, joules,
                macs / (seconds * designs()[static_cast<size_t>(d)].peakMacs) });
        }
        const GanttInput g = gantt(m);
        double macs = 0;
        for (const SampleLayer& l : m.layers)
            macs += l.macs;
        double joules = 0;
        for (const ScheduleEvent& e : g.schedule.events)
            joules += e.joules;
        out.push_back({ "Mensa", m.name, 1 / g.schedule.latency, joules,
            macs / (g.schedule.latency * 2.75e12) });
    }
    return out;
}

std::vector<ReferenceValue> paperReferences()
{
    return { { "Mensa", "Edge TPU", ComparisonMetric::EnergyEfficiency, 3.0, "paper-reported" },
        { "Mensa", "Edge TPU", ComparisonMetric::Throughput, 3.1, "paper-reported" },
        { "Mensa", "Eyeriss v2", ComparisonMetric::EnergyEfficiency, 2.4, "paper-reported" },
        { "Mensa", "Eyeriss v2", ComparisonMetric::Throughput, 4.3, "paper-reported" } };
}

// Roofs: the DRAM roof from the design's bandwidth and an on-chip buffer roof 4x wider.
std::vector<RooflineAccelerator> rooflineAccelerators()
{
    std::vector<RooflineAccelerator> out;
    for (const Design& d : designs()) {
        const MemoryRoof memory { MemoryLevel::Memory,
            d.name.startsWith("P") && d.name != "Pascal" ? "stacked DRAM" : "DRAM", d.bandwidth };
        out.push_back({ d.name,
            { d.name.toStdString(), 2 * d.peakMacs,
                { memory, { MemoryLevel::Buffer, "on-chip buffer", 4 * d.bandwidth } } } });
    }
    return out;
}

// Every layer moves its parameters and activations through DRAM once and through the
// buffers three times; layerSeconds keeps it under both roofs. LSTMs run 20 time steps.
std::vector<RooflinePoint> rooflinePoints()
{
    std::vector<RooflinePoint> out;
    for (const SampleModel& m : models())
        for (size_t i = 0; i < m.layers.size(); ++i) {
            const SampleLayer& l = m.layers[i];
            if (l.macs <= 0)
                continue;
            for (int a : { 0, 1, 2 + mensaAccelerator(l) }) {
                LayerRooflinePoint p;
                p.layer = static_cast<int>(i);
                p.accelerator = a;
                p.steps = l.kind == LayerKind::Lstm ? 20 : 1;
                p.ops = 2 * l.macs / p.steps;
                p.seconds = layerSeconds(l, designs()[static_cast<size_t>(a)], utilizationOf(l))
                    / p.steps;
                p.opsPerSecond = p.ops / p.seconds;
                p.bytes = { (l.paramBytes + l.actBytes) / p.steps,
                    3 * (l.paramBytes + l.actBytes) / p.steps };
                out.push_back({ m.name, l.name, l.kind, p, modelKey(m.name) });
            }
        }
    return out;
}

ClusterInput clusters()
{
    ClusterInput in;
    in.featureNames = { "log10 MACs", "log10 param bytes", "FLOP/B", "param reuse" };
    in.clusters = { { "Family 1 (compute-centric)", { 7.6, 4.6, 180, 820 } },
        { "Family 2 (LSTM-like)", { 6.8, 6.5, 2.0, 1.0 } },
        { "Family 3 (data-centric)", { 5.9, 3.2, 12, 40 } } };
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> jitter(-0.15, 0.15);
    for (const SampleModel& m : models())
        for (size_t i = 0; i < m.layers.size(); ++i) {
            const SampleLayer& l = m.layers[i];
            const int c = mensaAccelerator(l);
            const double base = c == 0 ? 0.62 : c == 1 ? 0.71 : 0.35;
            in.members.push_back({ m.name, static_cast<int>(i), l.name, c,
                base + jitter(rng) - (i == 2 ? 0.5 : 0), modelKey(m.name) });
        }
    return in;
}

std::vector<ScatterFigurePoint> scatter()
{
    std::vector<ScatterFigurePoint> out;
    for (const SampleModel& m : models())
        for (size_t i = 0; i < m.layers.size(); ++i) {
            const SampleLayer& l = m.layers[i];
            const double fpb = l.macs > 0 ? 2 * l.macs / (l.paramBytes + l.actBytes) : 0;
            out.push_back({ m.name, static_cast<int>(i), l.name, l.paramBytes, fpb,
                mensaAccelerator(l), modelKey(m.name) });
        }
    return out;
}

} // namespace mensa::views::samples
