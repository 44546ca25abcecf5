#include "ScheduleFixtures.h"
#include "schedule/MensaScheduler.h"
#include "schedule/PipelineScheduler.h"
#include "schedule/SingleAcceleratorScheduler.h"
#include "schedule/Timeline.h"
#include "schedule/TradeoffExplorer.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

using namespace mensa;
using namespace mensa::test;

namespace {

const std::vector<Objective> kObjectives = { Objective::latency(), Objective::energy(),
    Objective::edp(), Objective::weighted(0.3), Objective::weighted(0.8) };

void expectSearchMatchesExhaustive(const Model& model, const CostTable& table)
{
    auto scales = singleAcceleratorScales(model, table);
    for (const Objective& o : kObjectives) {
        bool exact = false;
        Mapping m = MensaScheduler(o).bestMapping(model, table, &exact);
        AssignmentCost c = evaluateAssignment(model, table, m.assignment);
        EXPECT_TRUE(exact);
        EXPECT_NEAR(c.latency, m.latency, 1e-12);
        EXPECT_NEAR(c.energy, m.energy, 1e-12);
        double best = exhaustiveBest(model, table, o);
        EXPECT_NEAR(objectiveValue(o, c.latency, c.energy, scales), best, 1e-9 * std::abs(best))
            << o.toString();
    }
}

// Every event on a resource ends before the next begins, and every layer starts after
// its producers (or the transfers of their outputs) end.
void expectConsistentTimeline(const Model& model, const Schedule& s)
{
    std::vector<std::vector<const ScheduleEvent*>> perResource(s.resources.size());
    for (const auto& e : s.events) {
        ASSERT_GE(e.end, e.start);
        perResource.at(e.resource).push_back(&e);
    }
    for (auto& events : perResource) {
        std::sort(
            events.begin(), events.end(), [](auto* a, auto* b) { return a->start < b->start; });
        for (size_t k = 1; k < events.size(); ++k)
            EXPECT_LE(events[k - 1]->end, events[k]->start + 1e-15);
    }
    std::map<std::pair<int, int>, const ScheduleEvent*> layerEvents; // (inference, layer)
    for (const auto& e : s.events)
        if (!e.transfer)
            layerEvents[{ e.inference, e.layer }] = &e;
    for (const auto& entry : layerEvents) { // no structured binding: clang 14 cannot capture one
        const int inference = entry.first.first;
        const ScheduleEvent* e = entry.second;
        for (int p : model.predecessors(e->layer)) {
            const ScheduleEvent* producer = layerEvents.at({ inference, p });
            EXPECT_LE(producer->end, e->start + 1e-15);
            if (s.assignment[p] == s.assignment[e->layer])
                continue;
            bool delivered
                = std::any_of(s.events.begin(), s.events.end(), [&](const ScheduleEvent& t) {
                      return t.transfer && t.layer == p && t.inference == inference
                          && t.toAccelerator == s.assignment[e->layer]
                          && t.fromAccelerator == s.assignment[p] && t.end <= e->start + 1e-15
                          && t.start >= producer->end - 1e-15;
                  });
            EXPECT_TRUE(delivered) << "layer " << e->layer << " inference " << inference;
        }
    }
}

} // namespace

TEST(Objective, ParsesKnownNamesAndRejectsOthers)
{
    EXPECT_EQ(Objective::parse("latency").kind, Objective::Kind::Latency);
    EXPECT_EQ(Objective::parse("edp").kind, Objective::Kind::Edp);
    Objective w = Objective::parse("weighted:0.25");
    EXPECT_EQ(w.kind, Objective::Kind::Weighted);
    EXPECT_DOUBLE_EQ(w.weight, 0.25);
    EXPECT_EQ(w.toString(), "weighted:0.25");
    EXPECT_THROW(Objective::parse("weighted:1.5"), MensaError);
    EXPECT_THROW(Objective::parse("weighted:"), MensaError);
    EXPECT_THROW(Objective::parse("speed"), MensaError);
}

// One layer's alternatives: (2 s, 1 J), (1 s, 3 J), (3 s, 0.5 J), (1 s, 2.5 J).
TEST(Objective, BestPicksOneLayersMappingByKind)
{
    const std::vector<double> s { 2, 1, 3, 1 }, j { 1, 3, 0.5, 2.5 };
    // Latency: 1 s twice; the tie goes to the lower energy (2.5 J, index 3).
    EXPECT_EQ(Objective::latency().best(s, j), 3);
    EXPECT_EQ(Objective::energy().best(s, j), 2);
    // EDP: 2, 3, 1.5, 2.5.
    EXPECT_EQ(Objective::edp().best(s, j), 2);
    // Weighted 0.9 over the minima (1 s, 0.5 J): 0.9*2+0.1*2 = 2.0, 0.9+0.6 = 1.5,
    // 2.7+0.1 = 2.8, 0.9+0.5 = 1.4.
    EXPECT_EQ(Objective::weighted(0.9).best(s, j), 3);
    EXPECT_EQ(Objective::weighted(0.0).best(s, j), 2);
    // Equal alternatives: the first; none: -1.
    EXPECT_EQ(
        Objective::energy().best(std::vector<double> { 1, 1 }, std::vector<double> { 2, 2 }), 0);
    EXPECT_EQ(Objective::edp().best({}, {}), -1);
}

TEST(MensaScheduler, DpMatchesExhaustiveSearchOnChains)
{
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        Model model = makeChain(8, seed);
        expectSearchMatchesExhaustive(model, randomTable(model, 3, seed * 17));
    }
}

TEST(MensaScheduler, DpMatchesExhaustiveSearchOnDagsWithBranchesAndSkips)
{
    for (uint64_t seed = 1; seed <= 6; ++seed) {
        Model model = makeDag(seed);
        expectSearchMatchesExhaustive(model, randomTable(model, 3, seed * 31));
    }
}

TEST(MensaScheduler, DpMatchesExhaustiveSearchOnRandomDags)
{
    for (uint64_t seed = 1; seed <= 8; ++seed) {
        Model model = makeRandomDag(8, seed);
        expectSearchMatchesExhaustive(model, randomTable(model, 3, 1000 + seed));
    }
}

// Six branches of one trunk layer, all read by a last layer (detection heads and their final
// concatenation): 3^6 placements of the branch outputs, which a beam of 8 states could not
// hold. Each branch costs 100 times more off its own accelerator than any transfer could win
// back, so every state with a branch elsewhere is beaten by the leading state even after it
// pays to send its outputs everywhere: the dominance rule drops them and the search is exact.
TEST(MensaScheduler, BeatenStatesGoSoBranchOutputsDoNotOverflowTheBeam)
{
    Model model = makeGraph({ {}, { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 1, 2, 3, 4, 5, 6 } });
    CostTable table = randomTable(model, 3, 77);
    for (int branch = 1; branch <= 6; ++branch)
        for (int a = 0; a < 3; ++a)
            if (a != branch % 3) {
                table.at(branch, a).seconds *= 100;
                table.at(branch, a).energy[EnergyComponent::Mac] *= 100;
            }
    SearchOptions limits;
    limits.maxStates = 8;
    const auto scales = singleAcceleratorScales(model, table);
    for (const Objective& o : kObjectives) {
        bool exact = false;
        Mapping m = MensaScheduler(o, limits).bestMapping(model, table, &exact);
        EXPECT_TRUE(exact) << o.toString();
        for (int branch = 1; branch <= 6; ++branch)
            EXPECT_EQ(m.assignment[size_t(branch)], branch % 3) << o.toString();
        const AssignmentCost c = evaluateAssignment(model, table, m.assignment);
        const double best = exhaustiveBest(model, table, o);
        EXPECT_NEAR(objectiveValue(o, c.latency, c.energy, scales), best, 1e-9 * std::abs(best))
            << o.toString();
    }
}

TEST(MensaScheduler, FanOutPaysOneTransferPerDestination)
{
    // Layer 0 feeds layers 1 and 2, both on accelerator 1: the tensor crosses once.
    Model model = makeGraph({ {}, { 0 }, { 0 } });
    CostTable table = randomTable(model, 2, 3);
    AssignmentCost once = evaluateAssignment(model, table, { 0, 1, 1 });
    AssignmentCost none = evaluateAssignment(model, table, { 0, 0, 0 });
    double layers = table.at(0, 0).seconds + table.at(1, 1).seconds + table.at(2, 1).seconds;
    EXPECT_NEAR(
        once.latency, layers + table.transfer(0, 1, transferBytes(model, 0)).seconds, 1e-15);
    EXPECT_GT(once.latency, 0);
    EXPECT_TRUE(none.feasible);
}

// Two labels one ulp apart in latency become equal once a long layer is added to both: the
// front keeps only the one with less energy (it kept both, one dominated by the other).
TEST(MensaScheduler, ParetoFrontDropsLabelsThatRoundingMakesEqual)
{
    Model model = makeGraph({ {}, {} }); // two layers, both reading the graph input
    CostTable table = randomTable(model, 2, 1);
    auto set = [&](int layer, int acc, double seconds, double joules) {
        LayerCost& c = table.at(layer, acc);
        c = LayerCost {};
        c.seconds = seconds;
        c.energy[EnergyComponent::Mac] = joules;
    };
    set(0, 0, 1e-3, 2e-3);
    set(0, 1, std::nextafter(1e-3, 1.0), 1e-3);
    set(1, 0, 1.0, 1e-3);
    set(1, 1, 1e3, 1e3);
    ASSERT_EQ(1e-3 + 1.0, std::nextafter(1e-3, 1.0) + 1.0);
    SearchOptions options;
    options.paretoFront = true;
    const SearchResult result = searchAssignments(model, table, options);
    ASSERT_EQ(result.mappings.size(), 1u);
    EXPECT_EQ(result.mappings[0].assignment, (std::vector<int> { 1, 0 }));
    EXPECT_DOUBLE_EQ(result.mappings[0].energy, 2e-3);
}

TEST(MensaScheduler, ParetoFrontMatchesExhaustiveFront)
{
    Model model = makeDag(4);
    CostTable table = randomTable(model, 3, 9);
    SearchOptions options;
    options.paretoFront = true;
    SearchResult result = searchAssignments(model, table, options);
    ASSERT_TRUE(result.exact);
    std::vector<std::pair<double, double>> all;
    forEachAssignment(table.layerCount(), 3, [&](const std::vector<int>& a) {
        AssignmentCost c = evaluateAssignment(model, table, a);
        all.emplace_back(c.latency, c.energy);
    });
    auto dominated = [&](double t, double e) {
        return std::any_of(all.begin(), all.end(), [&](auto& p) {
            return p.first <= t && p.second <= e && (p.first < t - 1e-15 || p.second < e - 1e-15);
        });
    };
    for (const auto& m : result.mappings)
        EXPECT_FALSE(dominated(m.latency - 1e-15, m.energy - 1e-15));
    size_t exhaustiveFront = std::count_if(
        all.begin(), all.end(), [&](auto& p) { return !dominated(p.first, p.second); });
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    EXPECT_EQ(result.mappings.size(), std::min(exhaustiveFront, all.size()));
    for (size_t k = 1; k < result.mappings.size(); ++k) {
        EXPECT_GT(result.mappings[k].latency, result.mappings[k - 1].latency);
        EXPECT_LT(result.mappings[k].energy, result.mappings[k - 1].energy);
    }
}

// The EDP bound drops only labels that cannot end under it: the lowest EDP is the one of the
// whole front, what is kept is part of that front, and on these DAGs it drops labels.
TEST(MensaScheduler, EdpBoundKeepsTheLowestEdpOfTheWholeFront)
{
    auto edp = [](const Mapping& m) { return m.latency * m.energy; };
    size_t dropped = 0;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
        Model model = makeRandomDag(10, seed);
        CostTable table = randomTable(model, 3, 500 + seed);
        SearchOptions options;
        options.paretoFront = true;
        SearchResult whole = searchAssignments(model, table, options);
        auto lowest = *std::min_element(whole.mappings.begin(), whole.mappings.end(),
            [&](const Mapping& a, const Mapping& b) { return edp(a) < edp(b); });
        options.edpBound = edp(lowest) * 1.2;
        SearchResult bounded = searchAssignments(model, table, options);
        ASSERT_FALSE(bounded.mappings.empty()) << seed;
        double best = edp(bounded.mappings.front());
        for (const Mapping& m : bounded.mappings) {
            best = std::min(best, edp(m));
            EXPECT_TRUE(std::any_of(whole.mappings.begin(), whole.mappings.end(),
                [&](const Mapping& w) { return w.latency == m.latency && w.energy == m.energy; }));
        }
        EXPECT_EQ(best, edp(lowest)) << seed;
        dropped += whole.mappings.size() - bounded.mappings.size();
        options.edpBound = edp(lowest) * 0.5; // below every mapping: nothing is left
        EXPECT_TRUE(searchAssignments(model, table, options).mappings.empty()) << seed;
    }
    EXPECT_GT(dropped, 0u);
}

TEST(MensaScheduler, AvoidsAcceleratorsThatCannotRunALayer)
{
    Model model = makeChain(5);
    CostTable table = randomTable(model, 3, 5);
    for (int a = 0; a < 3; ++a)
        table.at(2, a).seconds = 1e-9; // tempting everywhere...
    table.at(2, 0).mapped = false; // ...but accelerator 0 cannot run it
    table.at(2, 0).failureReason = "too large";
    Schedule s = MensaScheduler(Objective::latency()).schedule(model, table);
    EXPECT_NE(s.assignment[2], 0);
    EXPECT_THROW(SingleAcceleratorScheduler(0).schedule(model, table), MensaError);
    for (int a = 0; a < 3; ++a)
        table.at(2, a).mapped = false;
    EXPECT_THROW(MensaScheduler(Objective::latency()).schedule(model, table), MensaError);
}

TEST(MensaScheduler, BeamPruningStaysValidAndSaysSo)
{
    Model model = makeDag(2);
    CostTable table = randomTable(model, 3, 2);
    SearchOptions limits;
    limits.maxStates = 2;
    bool exact = true;
    Mapping m = MensaScheduler(Objective::latency(), limits).bestMapping(model, table, &exact);
    EXPECT_FALSE(exact);
    EXPECT_TRUE(evaluateAssignment(model, table, m.assignment).feasible);
    auto scales = singleAcceleratorScales(model, table);
    EXPECT_GE(m.latency, exhaustiveBest(model, table, Objective::latency()) * scales.first - 1e-15);
    Schedule s = MensaScheduler(Objective::latency(), limits).schedule(model, table);
    EXPECT_FALSE(s.optimal);
    EXPECT_FALSE(s.notes.empty());
}

TEST(SingleAcceleratorScheduler, SumsLayerCostsOnOneAccelerator)
{
    Model model = makeDag(3);
    CostTable table = randomTable(model, 3, 4);
    Schedule s = SingleAcceleratorScheduler(1).schedule(model, table);
    double seconds = 0, joules = 0;
    for (int i = 0; i < table.layerCount(); ++i) {
        seconds += table.at(i, 1).seconds;
        joules += table.at(i, 1).energy.total();
    }
    EXPECT_EQ(s.strategy, "single:acc1");
    EXPECT_NEAR(s.latency, seconds, 1e-15);
    EXPECT_NEAR(s.energy, joules, 1e-15);
    EXPECT_NEAR(s.energyPerAccelerator[1].total(), joules, 1e-15);
    EXPECT_EQ(s.transferJoules, 0);
    EXPECT_TRUE(std::all_of(s.events.begin(), s.events.end(), [](auto& e) { return e.critical; }));
    EXPECT_THROW(SingleAcceleratorScheduler(3).schedule(model, table), MensaError);
}

TEST(Timeline, EventsRespectResourcesDependenciesAndTransfers)
{
    Model model = makeDag(5);
    CostTable table = randomTable(model, 3, 6);
    std::vector<int> assignment = { 0, 1, 2, 2, 0, 1, 2, 0, 1, 2 };
    Schedule s = buildTimeline(model, table, assignment, "test");
    std::vector<const ScheduleEvent*> layerEvent(model.layers.size());
    double eventJoules = 0;
    for (const auto& e : s.events) {
        eventJoules += e.joules;
        if (!e.transfer)
            layerEvent[e.layer] = &e;
    }
    EXPECT_NEAR(eventJoules, s.energy, 1e-15);
    EXPECT_NEAR(s.energy, evaluateAssignment(model, table, assignment).energy, 1e-15);
    expectConsistentTimeline(model, s);
    for (int i = 0; i < int(model.layers.size()); ++i) {
        const ScheduleEvent& e = *layerEvent[i];
        EXPECT_EQ(e.resource, assignment[i]);
        EXPECT_NEAR(e.end - e.start, table.at(i, assignment[i]).seconds, 1e-15);
        for (int p : model.predecessors(i)) {
            double ready = layerEvent[p]->end;
            if (assignment[p] != assignment[i]) {
                auto t = std::find_if(s.events.begin(), s.events.end(), [&](auto& x) {
                    return x.transfer && x.layer == p && s.resources[x.resource].isLink
                        && x.toAccelerator == assignment[i] && x.end <= e.start + 1e-15
                        && x.start >= ready - 1e-15;
                });
                ASSERT_NE(t, s.events.end())
                    << "no transfer of layer " << p << " before layer " << i;
                EXPECT_NEAR(t->end - t->start,
                    table.transfer(assignment[p], assignment[i], transferBytes(model, p)).seconds,
                    1e-15);
            }
            EXPECT_LE(ready, e.start + 1e-15);
        }
    }
    // 0 -> 2 has no link in the fixture: the shared memory path carries it.
    EXPECT_TRUE(std::any_of(s.resources.begin(), s.resources.end(),
        [](auto& r) { return r.name == "Shared memory path"; }));
    // The critical path runs from time 0 to the makespan without gaps.
    std::vector<const ScheduleEvent*> critical;
    for (const auto& e : s.events)
        if (e.critical)
            critical.push_back(&e);
    std::sort(
        critical.begin(), critical.end(), [](auto* a, auto* b) { return a->start < b->start; });
    ASSERT_FALSE(critical.empty());
    EXPECT_DOUBLE_EQ(critical.front()->start, 0.0);
    EXPECT_DOUBLE_EQ(critical.back()->end, s.latency);
    for (size_t k = 1; k < critical.size(); ++k)
        EXPECT_NEAR(critical[k - 1]->end, critical[k]->start, 1e-15);
    EXPECT_LE(s.latency, s.serialLatency + 1e-15);
}

namespace {

// Best bottleneck over every split and every ordered choice of distinct accelerators.
double bruteForcePipeline(const Model& model, const CostTable& table, int stages)
{
    const int n = table.layerCount(), accs = table.acceleratorCount();
    double best = std::numeric_limits<double>::infinity();
    std::vector<int> order(accs);
    std::iota(order.begin(), order.end(), 0);
    std::vector<int> cuts(stages - 1);
    std::function<void(int, int)> split = [&](int k, int from) {
        if (k == stages - 1) {
            std::vector<int> bounds = { 0 };
            bounds.insert(bounds.end(), cuts.begin(), cuts.end());
            bounds.push_back(n);
            std::vector<int> perm = order;
            do {
                std::vector<int> chosen(perm.begin(), perm.begin() + stages);
                double worst = 0;
                for (const auto& st : evaluateStages(model, table, bounds, chosen))
                    worst = std::max(worst, st.seconds());
                best = std::min(best, worst);
            } while (std::next_permutation(perm.begin(), perm.end()));
            return;
        }
        for (int c = from; c <= n - (stages - 1 - k); ++c) {
            cuts[k] = c;
            split(k + 1, c + 1);
        }
    };
    split(0, 1);
    return best;
}

double bottleneck(const Schedule& s)
{
    double worst = 0;
    for (const auto& st : s.stages)
        worst = std::max(worst, st.seconds());
    return worst;
}

} // namespace

TEST(PipelineScheduler, BalancesChainsLikeBruteForce)
{
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        Model model = makeChain(9, seed);
        CostTable table = randomTable(model, 3, seed * 7);
        for (int stages = 1; stages <= 3; ++stages) {
            Schedule s = PipelineScheduler(stages).schedule(model, table);
            ASSERT_EQ(int(s.stages.size()), stages);
            EXPECT_NEAR(bottleneck(s), bruteForcePipeline(model, table, stages), 1e-15);
            EXPECT_NEAR(s.throughput, 1.0 / bottleneck(s), 1e-9 * s.throughput);
        }
    }
}

TEST(PipelineScheduler, BalancesDagsLikeBruteForceWhenLinksAreAlike)
{
    for (uint64_t seed = 1; seed <= 5; ++seed) {
        for (const Model& model : { makeDag(seed), makeRandomDag(9, seed) }) {
            CostTable table = randomTable(model, 3, seed * 11, true);
            Schedule s = PipelineScheduler(3).schedule(model, table);
            EXPECT_NEAR(bottleneck(s), bruteForcePipeline(model, table, 3), 1e-15);
        }
    }
}

TEST(PipelineScheduler, LaysOutSeveralInferencesInFlight)
{
    Model model = makeChain(12, 3);
    CostTable table = randomTable(model, 3, 3);
    Schedule s = PipelineScheduler(3, 5).schedule(model, table);
    EXPECT_EQ(s.inferences, 5);
    EXPECT_EQ(s.strategy, "pipeline:3");
    ASSERT_EQ(s.stages.size(), 3u);
    EXPECT_EQ(s.stages.front().firstLayer, 0);
    EXPECT_EQ(s.stages.back().endLayer, 12);
    std::vector<int> accs;
    for (const auto& st : s.stages)
        accs.push_back(st.accelerator);
    std::sort(accs.begin(), accs.end());
    EXPECT_EQ(std::unique(accs.begin(), accs.end()), accs.end());
    expectConsistentTimeline(model, s);
    // Inference 1 starts on the first stage before inference 0 has left the last one.
    double start1 = 1e9, end0 = 0;
    for (const auto& e : s.events) {
        if (e.inference == 1)
            start1 = std::min(start1, e.start);
        if (e.inference == 0)
            end0 = std::max(end0, e.end);
    }
    EXPECT_LT(start1, end0);
    // Events per inference: every layer once.
    EXPECT_EQ(std::count_if(s.events.begin(), s.events.end(),
                  [](auto& e) { return !e.transfer && e.inference == 4; }),
        12);
    EXPECT_THROW(PipelineScheduler(0), MensaError);
}

TEST(TradeoffExplorer, SweepPicksWeightedOptimaFromTheFront)
{
    Model model = makeDag(7);
    CostTable table = randomTable(model, 3, 21);
    TradeoffReport r = TradeoffExplorer(11).explore(model, table);
    ASSERT_TRUE(r.exact);
    ASSERT_EQ(r.sweep.size(), 11u);
    EXPECT_EQ(r.singles.size(), 3u);
    const Mapping& fastest = r.front[r.sweep.back().frontIndex];
    EXPECT_NEAR(fastest.latency,
        exhaustiveBest(model, table, Objective::latency()) * r.latencyScale, 1e-15);
    const Mapping& frugal = r.front[r.sweep.front().frontIndex];
    EXPECT_NEAR(
        frugal.energy, exhaustiveBest(model, table, Objective::energy()) * r.energyScale, 1e-15);
    for (const auto& p : r.sweep) {
        double w = p.weight;
        EXPECT_NEAR(objectiveValue(Objective::weighted(w), r.front[p.frontIndex].latency,
                        r.front[p.frontIndex].energy, { r.latencyScale, r.energyScale }),
            exhaustiveBest(model, table, Objective::weighted(w)), 1e-9);
        EXPECT_GE(p.bestGain, p.gain);
        EXPECT_DOUBLE_EQ(p.bestGain, weightedGain(w, r.front[p.bestGainIndex], r.singles));
        for (const Mapping& m : r.front)
            EXPECT_LE(weightedGain(w, m, r.singles), p.bestGain);
    }
    // At the ends the weighted optimum is at least as good as every single accelerator.
    EXPECT_GE(r.sweep.front().gain, -1e-12);
    EXPECT_GE(r.sweep.back().gain, -1e-12);
}

TEST(TradeoffExplorer, WeightedGainFollowsItsDefinition)
{
    std::vector<Mapping> singles = { { {}, 10.0, 4.0 }, { {}, 8.0, 6.0 } };
    Mapping m { {}, 6.0, 3.0 };
    // w=1: min(0.4, 0.25) = 0.25; w=0: min(0.25, 0.5) = 0.25; w=0.5: min(0.325, 0.375).
    EXPECT_NEAR(weightedGain(1.0, m, singles), 0.25, 1e-12);
    EXPECT_NEAR(weightedGain(0.0, m, singles), 0.25, 1e-12);
    EXPECT_NEAR(weightedGain(0.5, m, singles), 0.325, 1e-12);
    EXPECT_NEAR(weightedGain(1.0, singles[1], singles), 0.0, 1e-12);
}
