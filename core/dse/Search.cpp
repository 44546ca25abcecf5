#include "dse/Search.h"

#include <dlib/global_optimization.h>
#include <nlopt.hpp>

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
// The share of a black-box search's budget kept back, at first, for NLopt's local search
// around the incumbent of dlib's global search.
constexpr double kRefineShare = 0.3;
// The local search's first step along an axis, in value indices, and its resolution (half an
// index: rounding makes the objective constant below that).
constexpr double kRefineFirstStep = 4.0; // steps of 1-8 all reach the same median gap;
                                         // 4 also gave the best worst case over 20 seeds
constexpr double kRefineResolution = 0.5;
constexpr uint64_t kMaxRepeatsPerPoint = 20;
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

// The points a black-box search has evaluated (each handed to the sink once), their scores and
// the incumbent: the point of lowest score.
class SearchLedger {
public:
    SearchLedger(const Explorer& explorer, const PointSink& sink)
        : m_explorer(explorer)
        , m_sink(sink)
        , m_scorer(explorer.space())
    {
    }
    // The score of point `index`, evaluating it only the first time.
    double score(uint64_t index)
    {
        if (auto it = m_scores.find(index); it != m_scores.end())
            return it->second;
        const PointResult point = m_explorer.evaluate(index, true);
        const double s = m_scorer.score(point);
        m_scores.emplace(index, s);
        if (m_scores.size() == 1 || s < m_bestScore) {
            m_bestScore = s;
            m_best = index;
        }
        m_sink(point);
        return s;
    }
    bool known(uint64_t index) const { return m_scores.count(index) != 0; }
    uint64_t size() const { return m_scores.size(); }
    uint64_t incumbent() const { return m_best; }
    const SearchSpace& space() const { return m_explorer.space(); }

private:
    const Explorer& m_explorer;
    const PointSink& m_sink;
    SearchScore m_scorer;
    std::unordered_map<uint64_t, double> m_scores;
    uint64_t m_best = 0;
    double m_bestScore = 0;
};

// dlib's global search over the varying axes' value indices until the ledger holds `target`
// points or the optimiser proposes only points it already has.
void searchGlobally(dlib::global_function_search& optimiser, const std::vector<size_t>& varying,
    SearchLedger& ledger, uint64_t target)
{
    const SearchSpace& space = ledger.space();
    int repeats = 0;
    while (ledger.size() < target && repeats < kMaxRepeats) {
        dlib::function_evaluation_request next = optimiser.get_next_x();
        std::vector<int> choices(space.axes.size(), 0);
        for (size_t v = 0; v < varying.size(); ++v)
            choices[varying[v]] = int(std::lround(next.x()(long(v))));
        const uint64_t index = space.indexOf(choices);
        repeats = ledger.known(index) ? repeats + 1 : 0;
        next.set(-ledger.score(index)); // dlib maximises
    }
}

// What NLopt's local search minimises: the score of the point nearest x. It stops NLopt once
// the ledger holds `budget` points.
struct LocalObjective {
    const std::vector<size_t>& varying;
    SearchLedger& ledger;
    uint64_t budget;
    nlopt::opt* solver = nullptr;

    double operator()(const std::vector<double>& x)
    {
        const SearchSpace& space = ledger.space();
        std::vector<int> choices = space.choicesOf(ledger.incumbent());
        for (size_t v = 0; v < varying.size(); ++v)
            choices[varying[v]] = int(std::lround(x[v]));
        const double s = ledger.score(space.indexOf(choices));
        if (ledger.size() >= budget)
            solver->force_stop();
        return s;
    }
    static double call(const std::vector<double>& x, std::vector<double>&, void* self)
    {
        return (*static_cast<LocalObjective*>(self))(x);
    }
};

// NLopt's Subplex (a derivative-free local method) from the incumbent, over the continuous
// relaxation of the value indices, until it converges to index resolution or the ledger holds
// `budget` points.
void refineIncumbent(const std::vector<size_t>& varying, SearchLedger& ledger, uint64_t budget)
{
    if (ledger.size() >= budget)
        return;
    const SearchSpace& space = ledger.space();
    const std::vector<int> start = space.choicesOf(ledger.incumbent());
    std::vector<double> x(varying.size()), lower(varying.size(), 0.0), upper(varying.size());
    std::vector<double> step(varying.size());
    for (size_t v = 0; v < varying.size(); ++v) {
        x[v] = start[varying[v]];
        upper[v] = double(space.axes[varying[v]].values.size() - 1);
        step[v] = std::min(kRefineFirstStep, upper[v]);
    }
    nlopt::opt solver(nlopt::LN_SBPLX, unsigned(varying.size()));
    LocalObjective objective { varying, ledger, budget, &solver };
    solver.set_min_objective(&LocalObjective::call, &objective);
    solver.set_lower_bounds(lower);
    solver.set_upper_bounds(upper);
    solver.set_initial_step(step);
    solver.set_xtol_abs(kRefineResolution);
    // Repeats of known points cost no budget; this bounds a search that keeps proposing them.
    solver.set_maxeval(int(std::min<uint64_t>(budget * kMaxRepeatsPerPoint, INT32_MAX)));
    double best = 0;
    try {
        solver.optimize(x, best);
    }
    catch (const nlopt::forced_stop&) { // the budget is spent
    }
    catch (const nlopt::roundoff_limited&) { // converged as far as rounding allows
    }
}

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

    SearchLedger ledger(explorer, sink);
    uint64_t target = budget - uint64_t(double(budget) * kRefineShare);
    while (ledger.size() < budget) {
        const uint64_t before = ledger.size();
        searchGlobally(optimiser, varying, ledger, target);
        refineIncumbent(varying, ledger, budget);
        target = budget;
        if (ledger.size() == before)
            break; // the optimiser only repeats points and the incumbent is a local optimum
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
