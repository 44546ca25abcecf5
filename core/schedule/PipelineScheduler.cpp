#include "schedule/PipelineScheduler.h"

#include "schedule/Timeline.h"
#include "util/Error.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace mensa {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Balanced split for one order of accelerators: dp[s][i] = lowest bottleneck when stages
// 0..s cover layers [0, i). A skip tensor's source stage is read from the best prefix's
// boundaries: exact for chains and when all links cost the same (every earlier stage is
// on another accelerator, so only the per-byte price could differ).
class SplitSearch {
public:
    SplitSearch(const Model& model, const CostTable& table, const std::vector<int>& accs)
        : m_model(model)
        , m_table(table)
        , m_accs(accs)
        , m_n(table.layerCount())
        , m_stages(int(accs.size()))
    {
        m_preds.resize(m_n);
        for (int i = 0; i < m_n; ++i)
            m_preds[i] = model.predecessors(i);
        m_prefix.assign(m_stages, std::vector<double>(m_n + 1, 0.0));
        for (int s = 0; s < m_stages; ++s)
            for (int i = 0; i < m_n; ++i) {
                bool ok = table.runnable(i, accs[s]);
                m_prefix[s][i + 1] = m_prefix[s][i] + (ok ? table.at(i, accs[s]).seconds : kInf);
            }
        m_best.assign(m_stages, std::vector<double>(m_n + 1, kInf));
        m_back.assign(m_stages, std::vector<int>(m_n + 1, -1));
    }

    // Bottleneck seconds and stage bounds of the best split, or kInf when none exists.
    std::pair<double, std::vector<int>> run();

private:
    int stageOf(
        int layer, int s, int end) const; // stage of an earlier layer on the chain ending (s, end)
    void extendFrom(int s, int j);

    const Model& m_model;
    const CostTable& m_table;
    const std::vector<int>& m_accs;
    int m_n, m_stages;
    std::vector<std::vector<int>> m_preds;
    std::vector<std::vector<double>> m_prefix; // per stage's accelerator
    std::vector<std::vector<double>> m_best;
    std::vector<std::vector<int>> m_back;
    std::vector<int> m_stamp;
};

int SplitSearch::stageOf(int layer, int s, int end) const
{
    while (s > 0) {
        int start = m_back[s][end];
        if (layer >= start)
            return s;
        end = start;
        --s;
    }
    return 0;
}

void SplitSearch::extendFrom(int s, int j)
{
    const int acc = m_accs[s];
    double transfer = 0;
    m_stamp.assign(m_n, 0);
    for (int i = j + 1; i <= m_n - (m_stages - 1 - s); ++i) {
        for (int p : m_preds[i - 1]) {
            if (p >= j || m_stamp[p])
                continue;
            m_stamp[p] = 1;
            int from = m_accs[stageOf(p, s - 1, j)];
            transfer += m_table.transfer(from, acc, transferBytes(m_model, p)).seconds;
        }
        double stage = m_prefix[s][i] - m_prefix[s][j] + transfer;
        double bottleneck = std::max(m_best[s - 1][j], stage);
        if (bottleneck < m_best[s][i]) {
            m_best[s][i] = bottleneck;
            m_back[s][i] = j;
        }
    }
}

std::pair<double, std::vector<int>> SplitSearch::run()
{
    for (int i = 1; i <= m_n - (m_stages - 1); ++i)
        m_best[0][i] = m_prefix[0][i];
    for (int s = 1; s < m_stages; ++s)
        for (int j = s; j < m_n; ++j)
            if (m_best[s - 1][j] < kInf)
                extendFrom(s, j);
    double bottleneck = m_best[m_stages - 1][m_n];
    std::vector<int> bounds(m_stages + 1, m_n);
    bounds[0] = 0;
    for (int s = m_stages - 1, end = m_n; s > 0 && bottleneck < kInf; --s) {
        bounds[s] = m_back[s][end];
        end = bounds[s];
    }
    return { bottleneck, bounds };
}

double totalSeconds(const std::vector<PipelineStage>& stages)
{
    double sum = 0;
    for (const auto& s : stages)
        sum += s.seconds();
    return sum;
}

double bottleneckOf(const std::vector<PipelineStage>& stages)
{
    double worst = 0;
    for (const auto& s : stages)
        worst = std::max(worst, s.seconds());
    return worst;
}

Schedule layOut(const Model& model, const CostTable& table, const std::vector<int>& bounds,
    const std::vector<int>& accs, int inferences)
{
    std::vector<int> assignment(table.layerCount());
    for (int k = 0; k < int(accs.size()); ++k)
        std::fill(assignment.begin() + bounds[k], assignment.begin() + bounds[k + 1], accs[k]);
    Schedule s = buildTimeline(
        model, table, assignment, "pipeline:" + std::to_string(accs.size()), inferences);
    s.stages = evaluateStages(model, table, bounds, accs);
    double bottleneck = bottleneckOf(s.stages);
    s.throughput = bottleneck > 0 ? 1.0 / bottleneck : 0.0;
    if (s.inferences > 1) {
        std::vector<double> finish(s.inferences, 0.0);
        for (const auto& e : s.events)
            finish[e.inference] = std::max(finish[e.inference], e.end);
        double span = finish.back() - finish.front();
        if (span > 0)
            s.notes.push_back("simulated throughput over " + std::to_string(s.inferences)
                + " inferences: " + std::to_string((s.inferences - 1) / span) + " inferences/s");
    }
    return s;
}

} // namespace

std::vector<PipelineStage> evaluateStages(const Model& model, const CostTable& table,
    const std::vector<int>& bounds, const std::vector<int>& accelerators)
{
    std::vector<PipelineStage> stages;
    std::vector<int> stageOfLayer(table.layerCount(), -1);
    for (int k = 0; k < int(accelerators.size()); ++k) {
        PipelineStage stage { accelerators[k], bounds[k], bounds[k + 1], 0, 0 };
        std::vector<char> received(table.layerCount(), 0);
        for (int i = stage.firstLayer; i < stage.endLayer; ++i) {
            stageOfLayer[i] = k;
            stage.computeSeconds += table.at(i, stage.accelerator).seconds;
            for (int p : model.predecessors(i)) {
                if (stageOfLayer[p] == k || received[p])
                    continue;
                received[p] = 1;
                int from = accelerators[stageOfLayer[p]];
                stage.transferSeconds
                    += table.transfer(from, stage.accelerator, transferBytes(model, p)).seconds;
            }
        }
        stages.push_back(stage);
    }
    return stages;
}

PipelineScheduler::PipelineScheduler(int stages, int inferences)
    : m_stages(stages)
    , m_inferences(inferences)
{
    if (stages < 1)
        throw MensaError("", "a pipeline needs at least one stage");
}

Schedule PipelineScheduler::schedule(const Model& model, const CostTable& table) const
{
    table.validate(model);
    const int stageCount = std::min({ m_stages, table.acceleratorCount(), table.layerCount() });
    if (stageCount < 1)
        throw MensaError("", "model '" + model.name + "' has no layer to pipeline");
    std::vector<int> order(table.acceleratorCount());
    std::iota(order.begin(), order.end(), 0);
    double bestBottleneck = kInf, bestTotal = kInf;
    std::vector<int> bestBounds, bestAccs;
    do { // every ordered choice of distinct accelerators for the stages
        std::vector<int> accs(order.begin(), order.begin() + stageCount);
        auto [bottleneck, bounds] = SplitSearch(model, table, accs).run();
        if (bottleneck == kInf)
            continue;
        auto stages = evaluateStages(model, table, bounds, accs);
        double worst = bottleneckOf(stages), total = totalSeconds(stages);
        if (worst < bestBottleneck || (worst == bestBottleneck && total < bestTotal)) {
            bestBottleneck = worst;
            bestTotal = total;
            bestBounds = bounds;
            bestAccs = accs;
        }
        std::reverse(
            order.begin() + stageCount, order.end()); // skip permutations of the unused tail
    } while (std::next_permutation(order.begin(), order.end()));
    if (bestAccs.empty())
        throw MensaError(
            "", "no pipeline of model '" + model.name + "' fits the accelerators' capabilities");
    int inferences = m_inferences > 0 ? m_inferences : 2 * stageCount + 1;
    return layOut(model, table, bestBounds, bestAccs, inferences);
}

} // namespace mensa
