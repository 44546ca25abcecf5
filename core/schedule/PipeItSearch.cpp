#include "schedule/PipeItSearch.h"

#include "cost/CpuClusterCostModel.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mensa {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

const CpuClusterCostModel& clusterModel(const AcceleratorSystem& system, size_t index)
{
    const auto* cpu = dynamic_cast<const CpuClusterCostModel*>(system.accelerators[index].get());
    if (!cpu)
        throw MensaError(system.name,
            "Pipe-it needs a system of CPU clusters; accelerator '"
                + system.accelerators[index]->name() + "' has no cpu block");
    return *cpu;
}

// The share `fraction` of a layer's work: operations and activations split, the weights read
// whole (each core group reads all of them, as a GEMM split over output rows does).
Layer shareOf(const Layer& layer, double fraction)
{
    Layer part = layer;
    auto scale = [fraction](int64_t& v) { v = std::llround(double(v) * fraction); };
    scale(part.metrics.macs);
    scale(part.metrics.macsPerStep);
    scale(part.metrics.vectorOps);
    scale(part.metrics.inputActBytes);
    scale(part.metrics.outputActBytes);
    return part;
}

void fillDataParallel(
    const Model& model, const std::vector<const CpuClusterCostModel*>& clusters, PipeItTable& t)
{
    const double total = t.totalCores();
    for (const Layer& layer : model.layers) {
        double slowest = 0;
        EnergyBreakdown energy;
        for (const auto* cluster : clusters) {
            LayerCost part = cluster->evaluateWithCores(
                shareOf(layer, cluster->coreCount() / total), cluster->coreCount());
            slowest = std::max(slowest, part.seconds);
            energy += part.energy;
        }
        t.dataParallelSeconds.push_back(slowest);
        t.dataParallelEnergy.push_back(energy);
    }
}

double stageSeconds(const PipeItTable& t, int cluster, int cores, int first, int end)
{
    if (cluster < 0) {
        double sum = 0;
        for (int i = first; i < end; ++i)
            sum += t.dataParallelSeconds[size_t(i)];
        return sum;
    }
    double sum = 0;
    const auto& row = t.seconds[size_t(cluster)][size_t(cores - 1)];
    for (int i = first; i < end; ++i)
        sum += row[size_t(i)];
    return sum;
}

PipeItConfig configOf(const PipeItTable& t, std::vector<PipeItStage> stages)
{
    PipeItConfig config;
    for (auto& s : stages) {
        s.seconds = stageSeconds(t, s.cluster, s.cores, s.firstLayer, s.endLayer);
        config.bottleneck = std::max(config.bottleneck, s.seconds);
        config.latency += s.seconds;
    }
    config.throughput = config.bottleneck > 0 ? 1.0 / config.bottleneck : 0.0;
    config.label = pipeItLabel(t, stages);
    config.stages = std::move(stages);
    return config;
}

// Minimax dynamic programme: best[i][used] is the lowest bottleneck of stages covering layers
// [0, i) with `used` (mixed-radix code of cores used per cluster) cores taken.
class PipelineDp {
public:
    explicit PipelineDp(const PipeItTable& t)
        : m_t(t)
        , m_n(t.layerCount())
    {
        m_stride.push_back(1);
        for (int c : t.clusterCores)
            m_stride.push_back(m_stride.back() * (c + 1));
        m_states = m_stride.back();
        m_best.assign(size_t(m_n + 1) * size_t(m_states), kInf);
        m_back.assign(m_best.size(), Back {});
        m_prefix.resize(t.clusterCount());
        for (int k = 0; k < t.clusterCount(); ++k)
            for (int c = 1; c <= t.clusterCores[size_t(k)]; ++c) {
                std::vector<double> p(size_t(m_n) + 1, 0.0);
                for (int i = 0; i < m_n; ++i)
                    p[size_t(i) + 1]
                        = p[size_t(i)] + t.seconds[size_t(k)][size_t(c - 1)][size_t(i)];
                m_prefix[size_t(k)].push_back(std::move(p));
            }
    }

    std::vector<PipeItStage> run(long& explored);

private:
    struct Back {
        int from = -1; // previous layer boundary
        int code = -1; // previous cores-used code
        int cluster = -1;
        int cores = 0;
    };
    size_t at(int i, int code) const { return size_t(i) * size_t(m_states) + size_t(code); }
    void extend(int i, int code, long& explored);

    const PipeItTable& m_t;
    int m_n;
    int m_states = 1;
    std::vector<int> m_stride;
    std::vector<double> m_best;
    std::vector<Back> m_back;
    std::vector<std::vector<std::vector<double>>> m_prefix; // [cluster][cores - 1][boundary]
};

void PipelineDp::extend(int i, int code, long& explored)
{
    const double before = m_best[at(i, code)];
    for (int k = 0; k < m_t.clusterCount(); ++k) {
        const int used = (code / m_stride[size_t(k)]) % (m_t.clusterCores[size_t(k)] + 1);
        for (int c = 1; used + c <= m_t.clusterCores[size_t(k)]; ++c) {
            const int next = code + c * m_stride[size_t(k)];
            const auto& p = m_prefix[size_t(k)][size_t(c - 1)];
            for (int j = i + 1; j <= m_n; ++j) {
                ++explored;
                const double v = std::max(before, p[size_t(j)] - p[size_t(i)]);
                if (v < m_best[at(j, next)]) {
                    m_best[at(j, next)] = v;
                    m_back[at(j, next)] = { i, code, k, c };
                }
            }
        }
    }
}

std::vector<PipeItStage> PipelineDp::run(long& explored)
{
    m_best[at(0, 0)] = 0;
    for (int i = 0; i < m_n; ++i)
        for (int code = 0; code < m_states; ++code)
            if (m_best[at(i, code)] < kInf)
                extend(i, code, explored);
    int bestCode = -1;
    for (int code = 0; code < m_states; ++code)
        if (m_best[at(m_n, code)] < kInf
            && (bestCode < 0 || m_best[at(m_n, code)] < m_best[at(m_n, bestCode)]))
            bestCode = code;
    std::vector<PipeItStage> stages;
    for (int i = m_n, code = bestCode; i > 0 && code >= 0;) {
        const Back b = m_back[at(i, code)];
        stages.push_back({ b.cluster, b.cores, b.from, i, 0 });
        i = b.from;
        code = b.code;
    }
    std::reverse(stages.begin(), stages.end());
    return stages;
}

} // namespace

int PipeItTable::totalCores() const
{
    int sum = 0;
    for (int c : clusterCores)
        sum += c;
    return sum;
}

PipeItTable buildPipeItTable(const Model& model, const AcceleratorSystem& system)
{
    if (model.layers.empty())
        throw MensaError(model.name, "model has no layer to pipeline");
    if (system.accelerators.empty())
        throw MensaError(system.name, "system has no CPU cluster");
    PipeItTable t;
    t.systemName = system.name;
    std::vector<const CpuClusterCostModel*> clusters;
    for (size_t a = 0; a < system.accelerators.size(); ++a) {
        const CpuClusterCostModel& cpu = clusterModel(system, a);
        clusters.push_back(&cpu);
        t.clusterNames.push_back(cpu.name());
        t.coreTypes.push_back(cpu.coreType());
        t.clusterCores.push_back(cpu.coreCount());
        t.seconds.emplace_back();
        t.energy.emplace_back();
        for (int c = 1; c <= cpu.coreCount(); ++c) {
            std::vector<double> seconds;
            std::vector<EnergyBreakdown> energy;
            for (const Layer& layer : model.layers) {
                LayerCost cost = cpu.evaluateWithCores(layer, c);
                seconds.push_back(cost.seconds);
                energy.push_back(cost.energy);
            }
            t.seconds.back().push_back(std::move(seconds));
            t.energy.back().push_back(std::move(energy));
        }
    }
    fillDataParallel(model, clusters, t);
    return t;
}

std::string pipeItLabel(const PipeItTable& table, const std::vector<PipeItStage>& stages)
{
    std::string label;
    for (const auto& s : stages) {
        label += label.empty() ? "" : " | ";
        label += s.cluster < 0
            ? "all " + std::to_string(table.totalCores()) + " cores"
            : table.clusterNames[size_t(s.cluster)] + " x" + std::to_string(s.cores);
    }
    return label;
}

PipeItConfig searchPipeline(const PipeItTable& table, long* statesExplored)
{
    long explored = 0;
    std::vector<PipeItStage> stages = PipelineDp(table).run(explored);
    if (statesExplored)
        *statesExplored = explored;
    return configOf(table, std::move(stages));
}

PipeItReport runPipeIt(const PipeItTable& table)
{
    PipeItReport r;
    r.pipeline = searchPipeline(table, &r.statesExplored);
    const int n = table.layerCount();
    for (int k = 0; k < table.clusterCount(); ++k)
        for (int c = 1; c <= table.clusterCores[size_t(k)]; ++c) {
            PipeItConfig single = configOf(table, { { k, c, 0, n, 0 } });
            if (r.bestSingleCluster.stages.empty()
                || single.bottleneck < r.bestSingleCluster.bottleneck)
                r.bestSingleCluster = single;
        }
    r.dataParallel = configOf(table, { { -1, table.totalCores(), 0, n, 0 } });
    auto gain = [&](const PipeItConfig& ref) {
        return ref.throughput > 0 ? r.pipeline.throughput / ref.throughput - 1 : 0.0;
    };
    r.gainOverSingleCluster = gain(r.bestSingleCluster);
    r.gainOverDataParallel = gain(r.dataParallel);
    r.gainOverBest = std::min(r.gainOverSingleCluster, r.gainOverDataParallel);
    return r;
}

Schedule pipeItSchedule(
    const Model& model, const PipeItTable& table, const PipeItConfig& config, int inferences)
{
    Schedule s;
    s.strategy = "pipe-it:" + std::to_string(config.stages.size());
    s.systemName = table.systemName;
    s.inferences = inferences > 0 ? inferences : 2 * int(config.stages.size()) + 1;
    s.assignment.assign(size_t(table.layerCount()), 0);
    std::vector<int> nextCore(table.clusterNames.size(), 0);
    for (size_t k = 0; k < config.stages.size(); ++k) {
        const PipeItStage& st = config.stages[k];
        std::string name;
        if (st.cluster < 0)
            name = "all cores";
        else {
            int& first = nextCore[size_t(st.cluster)];
            name = table.clusterNames[size_t(st.cluster)]
                + (st.cores == 1 ? " core " + std::to_string(first)
                                 : " cores " + std::to_string(first) + "-"
                            + std::to_string(first + st.cores - 1));
            first += st.cores;
        }
        s.resources.push_back({ name, false, int(k) });
        s.stages.push_back({ int(k), st.firstLayer, st.endLayer, st.seconds, 0 });
        std::fill(s.assignment.begin() + st.firstLayer, s.assignment.begin() + st.endLayer, int(k));
    }
    s.energyPerAccelerator.assign(config.stages.size(), EnergyBreakdown {});
    std::vector<double> stageFree(config.stages.size(), 0.0);
    for (int m = 0; m < s.inferences; ++m) {
        double handoff = 0;
        for (size_t k = 0; k < config.stages.size(); ++k) {
            const PipeItStage& st = config.stages[k];
            double t = std::max(handoff, stageFree[k]);
            for (int i = st.firstLayer; i < st.endLayer; ++i) {
                const bool all = st.cluster < 0;
                const double sec = all
                    ? table.dataParallelSeconds[size_t(i)]
                    : table.seconds[size_t(st.cluster)][size_t(st.cores - 1)][size_t(i)];
                const EnergyBreakdown& e = all
                    ? table.dataParallelEnergy[size_t(i)]
                    : table.energy[size_t(st.cluster)][size_t(st.cores - 1)][size_t(i)];
                ScheduleEvent ev;
                ev.layer = i;
                ev.resource = int(k);
                ev.inference = m;
                ev.start = t;
                ev.end = t + sec;
                ev.joules = e.total();
                s.events.push_back(ev);
                if (m == 0)
                    s.energyPerAccelerator[k] += e;
                t += sec;
            }
            stageFree[k] = t;
            handoff = t;
        }
    }
    for (const auto& e : s.energyPerAccelerator)
        s.energy += e.total();
    s.latency = config.latency;
    s.serialLatency = config.latency;
    s.throughput = config.throughput;
    s.notes.push_back("Pipe-it pipeline " + config.label + " (" + model.name
        + "): steady-state throughput = 1 / slowest stage; stages hand tensors over through the "
          "shared DRAM at no extra cost (docs/pipeit.md)");
    return s;
}

} // namespace mensa
