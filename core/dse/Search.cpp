#include "dse/Search.h"

#include <dlib/global_optimization.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace mensa {
namespace {

// Penalties on the log scale of the objective: a point beyond a bound scores its own objective
// plus this weight times the log of how far it is over (continuous at the bound, so the
// optimiser's Lipschitz model can steer along it); an invalid point scores worse than every
// point seen so far.
constexpr double kViolationWeight = 10.0;
constexpr double kInvalidMargin = 1.0;
// A search stops when this many optimiser proposals in a row were points it already had.
constexpr int kMaxRepeats = 2000;
// Points evaluated together between two hand-overs to the sink, in a parallel enumeration.
constexpr size_t kBatchPoints = 1024;

double violation(double value, const std::optional<SearchLimit>& limit)
{
    return limit && value > limit->value ? std::log(value / limit->value) : 0.0;
}

// What the optimiser minimises for one point (log scale); `worst` is the largest seen so far.
class SearchScore {
public:
    explicit SearchScore(const SearchSpace& space)
        : m_space(space)
    {
    }
    double score(const PointResult& p)
    {
        if (p.status == PointStatus::Invalid)
            return m_worst + kInvalidMargin;
        if (p.status == PointStatus::OverArea)
            return m_worst + kInvalidMargin
                + kViolationWeight * violation(p.area, m_space.maxAreaMm2);
        double s = std::log(objectiveValue(m_space.objectives.front(), p));
        if (!p.feasible) {
            double v
                = violation(p.area, m_space.maxAreaMm2) + violation(p.power, m_space.maxPowerW);
            for (const ModelMetrics& m : p.perModel)
                v += violation(m.latency * 1e3, m_space.maxLatencyMs)
                    + violation(m.energy * 1e3, m_space.maxEnergyMj);
            if (m_space.minTop1 && p.top1 < m_space.minTop1->value)
                v += std::log(m_space.minTop1->value / std::max(p.top1, 1e-9));
            s += kViolationWeight * v;
        }
        m_worst = m_any ? std::max(m_worst, s) : s;
        m_any = true;
        return s;
    }

private:
    const SearchSpace& m_space;
    double m_worst = 0;
    bool m_any = false;
};

} // namespace

void exploreExhaustive(
    const Explorer& explorer, ShardSlice slice, const PointSink& sink, unsigned threads)
{
    const uint64_t count = explorer.space().pointCount();
    if (threads <= 1) {
        for (uint64_t i = slice.index; i < count; i += slice.count)
            sink(explorer.evaluate(i));
        return;
    }
    std::vector<uint64_t> batch;
    std::vector<PointResult> results;
    auto flush = [&] {
        results.assign(batch.size(), {});
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                for (size_t k = t; k < batch.size(); k += threads)
                    results[k] = explorer.evaluate(batch[k]);
            });
        for (auto& w : workers)
            w.join();
        for (const PointResult& p : results)
            sink(p);
        batch.clear();
    };
    for (uint64_t i = slice.index; i < count; i += slice.count) {
        batch.push_back(i);
        if (batch.size() == kBatchPoints)
            flush();
    }
    if (!batch.empty())
        flush();
}

void exploreBlackBox(
    const Explorer& explorer, uint64_t budget, uint64_t seed, const PointSink& sink)
{
    const SearchSpace& space = explorer.space();
    budget = std::min(budget, space.pointCount());
    // Only axes with a choice become variables (dlib needs lower < upper).
    std::vector<size_t> varying;
    for (size_t k = 0; k < space.axes.size(); ++k)
        if (space.axes[k].values.size() > 1)
            varying.push_back(k);
    if (varying.empty()) {
        sink(explorer.evaluate(0));
        return;
    }
    dlib::matrix<double, 0, 1> lower(long(varying.size())), upper(long(varying.size()));
    for (size_t v = 0; v < varying.size(); ++v) {
        lower(long(v)) = 0;
        upper(long(v)) = double(space.axes[varying[v]].values.size() - 1);
    }
    dlib::global_function_search optimiser(
        dlib::function_spec(lower, upper, std::vector<bool>(varying.size(), true)));
    optimiser.set_seed(time_t(seed));

    SearchScore scorer(space);
    std::unordered_map<uint64_t, double> seen;
    int repeats = 0;
    while (seen.size() < budget && repeats < kMaxRepeats) {
        dlib::function_evaluation_request next = optimiser.get_next_x();
        std::vector<int> choices(space.axes.size(), 0);
        for (size_t v = 0; v < varying.size(); ++v)
            choices[varying[v]] = int(std::lround(next.x()(long(v))));
        const uint64_t index = space.indexOf(choices);
        auto it = seen.find(index);
        if (it != seen.end()) {
            ++repeats;
            next.set(-it->second); // dlib maximises
            continue;
        }
        repeats = 0;
        const PointResult point = explorer.evaluate(index, true);
        const double score = scorer.score(point);
        seen.emplace(index, score);
        next.set(-score);
        sink(point);
    }
}

void exploreRandom(const Explorer& explorer, uint64_t budget, uint64_t seed, const PointSink& sink)
{
    const uint64_t count = explorer.space().pointCount();
    budget = std::min(budget, count);
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<uint64_t> pick(0, count - 1);
    std::unordered_set<uint64_t> seen;
    while (seen.size() < budget) {
        const uint64_t index = pick(random);
        if (seen.insert(index).second)
            sink(explorer.evaluate(index));
    }
}

} // namespace mensa
