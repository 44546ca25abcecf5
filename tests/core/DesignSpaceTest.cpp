// Design-space exploration in core: the search-space parser's errors (file:line:col), the area
// model against hand arithmetic on its documented constants, the streaming Pareto front against
// brute force, and the black-box search against exhaustive enumeration.
#include "CostTestModels.h"
#include "ErrorCheck.h"
#include "cost/SpecParser.h"
#include "dse/AreaModel.h"
#include "dse/ExploreCollector.h"
#include "dse/ExploreFigureData.h"
#include "dse/ParetoFront.h"
#include "dse/PointTable.h"
#include "dse/Search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <set>

using namespace mensa;
using mensa::test::errorOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

// "space.textproto:LINE:COL: " of the first occurrence of `token` on line `line` (1-based).
std::string positionOf(const std::string& text, int line, const std::string& token)
{
    size_t start = 0;
    for (int l = 1; l < line; ++l)
        start = text.find('\n', start) + 1;
    const size_t column = text.find(token, start) - start + 1;
    return "space.textproto:" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

std::string parseError(const std::string& text)
{
    return errorOf([&] { parseSearchSpaceText(text, "space.textproto", ""); });
}

const char* kSmallSpace = R"(name: "small"
base: "edge_tpu"
axes { field: "pe_rows" range { min: 8 max: 64 step: 8 } }
axes { field: "pe_cols" range { min: 8 max: 64 step: 8 } }
axes { field: "parameter_buffer.size_bytes" range { min: 262144 max: 4194304 powers_of_two: true } }
axes { field: "dataflow" choices: "WEIGHT_STATIONARY" choices: "OUTPUT_STATIONARY" }
constraints { max_area_mm2: 30 }
objectives { name: "edp" }
objectives { name: "latency" }
objectives { name: "area" }
)";

std::vector<std::shared_ptr<const Model>> smallModels()
{
    return { std::make_shared<const Model>(testmodels::mobileNetV2(96)) };
}

std::vector<PointResult> collect(const std::function<void(const PointSink&)>& search)
{
    std::vector<PointResult> points;
    search([&](const PointResult& p) { points.push_back(p); });
    return points;
}

} // namespace

TEST(SearchSpaceParser, ReadsAxesConstraintsAndObjectives)
{
    const SearchSpace s = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    ASSERT_EQ(s.axes.size(), 4u);
    EXPECT_EQ(s.axes[0].values.size(), 8u); // 8, 16, ..., 64
    EXPECT_EQ(s.axes[0].values.back(), 64);
    EXPECT_EQ(
        s.axes[2].values, (std::vector<double> { 262144, 524288, 1048576, 2097152, 4194304 }));
    EXPECT_EQ(
        s.axes[3].labels, (std::vector<std::string> { "WEIGHT_STATIONARY", "OUTPUT_STATIONARY" }));
    EXPECT_EQ(s.pointCount(), 8u * 8u * 5u * 2u);
    ASSERT_TRUE(s.maxAreaMm2);
    EXPECT_EQ(s.maxAreaMm2->value, 30);
    EXPECT_EQ(s.objectives.size(), 3u);
    EXPECT_EQ(s.objectives[0].name, "edp");
    // Point numbering: the last axis varies fastest, and specAt applies every value.
    const uint64_t index = s.indexOf({ 2, 7, 4, 1 });
    EXPECT_EQ(s.choicesOf(index), (std::vector<int> { 2, 7, 4, 1 }));
    const spec::SystemSpec point = s.specAt(index);
    EXPECT_EQ(point.accelerators(0).pe_rows(), 24);
    EXPECT_EQ(point.accelerators(0).pe_cols(), 64);
    EXPECT_EQ(point.accelerators(0).parameter_buffer().size_bytes(), 4194304);
    EXPECT_EQ(point.accelerators(0).dataflow(), spec::OUTPUT_STATIONARY);
    EXPECT_EQ(point.accelerators(0).clock_mhz(), s.base->accelerators(0).clock_mhz());
}

TEST(SearchSpaceParser, ErrorsNameFileLineAndColumn)
{
    struct Case {
        std::string text;
        int line;
        std::string token;
        std::string problem;
    };
    const std::string head = "base: \"edge_tpu\"\n";
    const std::vector<Case> cases = {
        { head + "axes { field: \"pe_rowz\" values: 8 }\n", 2, "field",
            "no such field \"pe_rowz\"" },
        { head + "axes { field: \"noc.bandwith\" values: 8 }\n", 2, "field",
            "no such field \"bandwith\"" },
        { head + "axes { field: \"pe_rows\" range { min: 64 max: 8 step: 8 } }\n", 2, "max",
            "empty range" },
        { head + "axes { field: \"pe_rows\" range { min: 8 max: 64 step: 10 } }\n", 2, "step",
            "never reaches max 64" },
        { head + "axes { field: \"pe_rows\" range { min: 8 max: 96 powers_of_two: true } }\n", 2,
            "max", "power of two" },
        { head + "axes { field: \"dataflow\" choices: \"DIAGONAL\" }\n", 2, "choices",
            "not a Dataflow" },
        { head + "axes { field: \"pe_rows\" values: 8.5 }\n", 2, "values", "whole numbers" },
        { head + "axes { field: \"pe_rows\" values: 8 }\nobjectives { name: \"speed\" }\n", 3,
            "name", "unknown" },
        { head + "axes { field: \"pe_rows\" values: 8 }\nprocess_node: \"3nm\"\n", 3,
            "process_node", "unknown" },
        { head + "axes { field: \"pe_rows\" values: 8 }\naccess_energy_exponent: -0.5\n", 3,
            "access_energy_exponent", "from 0 to 2, not -0.5" },
    };
    for (const Case& c : cases) {
        const std::string error = parseError(c.text);
        EXPECT_THAT(error, StartsWith(positionOf(c.text, c.line, c.token))) << c.text;
        EXPECT_THAT(error, HasSubstr(c.problem)) << c.text;
    }
    // A field name the schema does not know: protobuf's own error, with its position.
    const std::string unknown
        = parseError(head + "axes { field: \"pe_rows\" values: 8 }\nbogus: 1\n");
    EXPECT_THAT(unknown, StartsWith("space.textproto:3:"));
    EXPECT_THAT(unknown, HasSubstr("bogus"));
}

TEST(SearchSpaceParser, ConstraintsNoPointMeetsNameTheConstraint)
{
    const std::string text = "base: \"edge_tpu\"\n"
                             "axes { field: \"pe_rows\" values: 8 values: 16 }\n"
                             "constraints { max_area_mm2: 0.5 }\n";
    const SearchSpace space = parseSearchSpaceText(text, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    ExploreCollector collector(space);
    exploreExhaustive(explorer, {}, [&](const PointResult& p) { collector.add(p); });
    EXPECT_EQ(collector.tally().overArea, 2u);
    EXPECT_THAT(collector.infeasibleProblem(), StartsWith(positionOf(text, 3, "max_area_mm2")));
}

// The area model against arithmetic on the constants of docs/area-model.md, for the built-in
// Edge TPU spec (64 x 64 PEs, 1 MAC each, 16 B register file per PE, 8 MiB parameter and 2 MiB
// activation buffers, 64 vector lanes).
TEST(AreaModel, MatchesTheDocumentedConstantsOnTheEdgeTpu)
{
    const SystemSpecPtr spec = loadSystemSpec("edge_tpu");
    const AreaBreakdown a = systemArea(*spec, "45nm");
    const double mac = 282 + 137; // um^2: 8-bit multiplier + 32-bit adder [Horowitz]
    const double sramPerKiB = 8192 * 0.346 / 0.5; // um^2: bit cell [Mistry] / array efficiency
    const double registerPerByte = 8 * 4 * 0.346; // um^2: 4 bit cells per flip-flop bit
    EXPECT_NEAR(a[AreaComponent::MacUnits], 4096 * mac / 1e6, 1e-9);
    EXPECT_NEAR(a[AreaComponent::RegisterFiles], 4096 * 16 * registerPerByte / 1e6, 1e-9);
    EXPECT_NEAR(a[AreaComponent::ParameterBuffer], 8192 * sramPerKiB / 1e6, 1e-9);
    EXPECT_NEAR(a[AreaComponent::ActivationBuffer], 2048 * sramPerKiB / 1e6, 1e-9);
    EXPECT_EQ(a[AreaComponent::GlobalBuffer], 0);
    EXPECT_NEAR(a[AreaComponent::Noc],
        0.1 * (a[AreaComponent::MacUnits] + a[AreaComponent::RegisterFiles]), 1e-12);
    EXPECT_NEAR(a[AreaComponent::VectorUnit], 64 * mac / 1e6, 1e-9);
    EXPECT_NEAR(
        a.total(), 1.716224 + 0.72561459 + 46.43933 + 11.60983 + 0.24418386 + 0.026816, 1e-4);
    EXPECT_EQ(findProcessNode("7nm"), nullptr);
    EXPECT_EQ(a[AreaComponent::Accumulator], 0);
    EXPECT_EQ(a[AreaComponent::WindowBuffer], 0);
}

// An accumulator of 64 KiB and a window buffer of 16 KiB are SRAM like the buffers: 64 and 16
// KiB at 5,668.9 um^2 per KiB, 0.3628 and 0.0907 mm^2 more than the Edge TPU's 60.76 mm^2.
TEST(AreaModel, AccumulatorAndWindowBufferAreSram)
{
    SystemSpecPtr edge = loadSystemSpec("edge_tpu");
    spec::SystemSpec spec = *edge;
    auto* tpu = spec.mutable_accelerators(0);
    tpu->mutable_accumulator()->set_size_bytes(65536);
    tpu->mutable_window_buffer()->set_size_bytes(16384);
    const AreaBreakdown a = systemArea(spec, "45nm");
    const double sramPerKiB = 8192 * 0.346 / 0.5;
    EXPECT_NEAR(a[AreaComponent::Accumulator], 64 * sramPerKiB / 1e6, 1e-12);
    EXPECT_NEAR(a[AreaComponent::WindowBuffer], 16 * sramPerKiB / 1e6, 1e-12);
    EXPECT_NEAR(a.total() - systemArea(*edge, "45nm").total(), 80 * sramPerKiB / 1e6, 1e-9);
    EXPECT_EQ(toString(AreaComponent::WindowBuffer), "window_buffer");
}

TEST(ParetoFront, EqualsBruteForceWhateverTheOrder)
{
    std::mt19937_64 random(7);
    // Few values on a trade-off surface: a large front with many ties and duplicates.
    std::uniform_int_distribution<int> value(0, 9), noise(0, 2);
    std::vector<ParetoEntry> points;
    for (uint64_t i = 0; i < 400; ++i) {
        const int a = value(random), b = value(random);
        points.push_back({ i, { double(a), double(b), double(18 - a - b + noise(random)) } });
    }
    // Brute force: not dominated, and no equal point with a lower index.
    std::set<uint64_t> expected;
    for (const ParetoEntry& p : points) {
        bool kept = true;
        for (const ParetoEntry& q : points)
            if (dominates(q.metrics, p.metrics) || (q.metrics == p.metrics && q.index < p.index))
                kept = false;
        if (kept)
            expected.insert(p.index);
    }
    ASSERT_GT(expected.size(), 3u);
    for (int order = 0; order < 3; ++order) {
        ParetoFront front;
        for (const ParetoEntry& p : points)
            front.add(p);
        std::set<uint64_t> got;
        for (const ParetoEntry& e : front.sorted())
            got.insert(e.index);
        EXPECT_EQ(got, expected) << "order " << order;
        std::shuffle(points.begin(), points.end(), random);
    }
}

TEST(Explorer, CollectorFrontEqualsBruteForceOverTheEvaluatedPoints)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    std::vector<PointResult> all
        = collect([&](const PointSink& s) { exploreExhaustive(explorer, {}, s); });
    ASSERT_EQ(all.size(), space.pointCount());
    ExploreCollector forward(space), backward(space);
    for (const PointResult& p : all)
        forward.add(p);
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        backward.add(*it);
    std::set<uint64_t> expected;
    double bestEdp = 1e300;
    for (const PointResult& p : all) {
        if (!p.feasible)
            continue;
        bestEdp = std::min(bestEdp, p.edp);
        bool kept = true;
        for (const PointResult& q : all)
            if (q.feasible
                && (dominates({ q.latency, q.energy, q.area }, { p.latency, p.energy, p.area })
                    || (q.latency == p.latency && q.energy == p.energy && q.area == p.area
                        && q.index < p.index)))
                kept = false;
        if (kept)
            expected.insert(p.index);
    }
    std::set<uint64_t> got, gotBackward;
    for (const PointResult& p : forward.front())
        got.insert(p.index);
    for (const PointResult& p : backward.front())
        gotBackward.insert(p.index);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(gotBackward, expected);
    ASSERT_TRUE(forward.best(0));
    EXPECT_EQ(forward.best(0)->edp, bestEdp);
    EXPECT_EQ(forward.best(0)->index, backward.best(0)->index);
    // Sensitivity: per axis value, the best EDP over the feasible points with that value.
    for (size_t a = 0; a < space.axes.size(); ++a)
        for (size_t v = 0; v < space.axes[a].values.size(); ++v) {
            double best = std::numeric_limits<double>::infinity();
            uint64_t count = 0;
            for (const PointResult& p : all)
                if (p.feasible && size_t(space.choicesOf(p.index)[a]) == v) {
                    best = std::min(best, p.edp);
                    ++count;
                }
            EXPECT_EQ(forward.sensitivity(a, v), best) << a << " " << v;
            EXPECT_EQ(backward.sensitivityCount(a, v), count) << a << " " << v;
        }
    // The area bound: over-area points are never simulated.
    EXPECT_GT(forward.tally().overArea, 0u);
    for (const PointResult& p : all) {
        if (p.status == PointStatus::OverArea) {
            EXPECT_TRUE(p.perModel.empty());
        }
    }
}

TEST(Explorer, ShardsCoverTheSpaceOnce)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    std::multiset<uint64_t> seen;
    for (uint64_t k = 0; k < 3; ++k)
        for (const PointResult& p : collect([&](const PointSink& s) {
                 exploreExhaustive(explorer, { k, 3 }, s);
             }))
            seen.insert(p.index);
    EXPECT_EQ(seen.size(), space.pointCount());
    EXPECT_EQ(std::set<uint64_t>(seen.begin(), seen.end()).size(), space.pointCount());
}

// Over more than one batch of points (1,024) and within a shard, threads change neither the
// points nor their order.
TEST(Explorer, ThreadedEnumerationGivesTheSamePointsInTheSameOrder)
{
    std::string text = kSmallSpace;
    const std::string rows = "range { min: 8 max: 64 step: 8 }";
    text.replace(text.find(rows), rows.size(), "range { min: 8 max: 64 step: 4 }");
    const SearchSpace space = parseSearchSpaceText(text, "space.textproto", "");
    ASSERT_EQ(space.pointCount(), 15u * 8u * 5u * 2u);
    const Explorer explorer(space, smallModels());
    for (ShardSlice slice : { ShardSlice {}, ShardSlice { 1, 2 } }) {
        const auto one
            = collect([&](const PointSink& s) { exploreExhaustive(explorer, slice, s); });
        const auto three
            = collect([&](const PointSink& s) { exploreExhaustive(explorer, slice, s, 3); });
        ASSERT_EQ(one.size(), space.pointCount() / slice.count);
        ASSERT_EQ(one.size(), three.size());
        for (size_t k = 0; k < one.size(); ++k) {
            EXPECT_EQ(three[k].index, one[k].index);
            EXPECT_EQ(pointCsvRow(space, three[k]), pointCsvRow(space, one[k]));
        }
    }
}

TEST(Explorer, InvalidPointsAreCountedNotSimulated)
{
    const std::string text
        = "base: \"edge_tpu\"\naxes { field: \"pe_rows\" values: 0 values: 8 }\n";
    const SearchSpace space = parseSearchSpaceText(text, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    const PointResult bad = explorer.evaluate(0);
    EXPECT_EQ(bad.status, PointStatus::Invalid);
    EXPECT_THAT(bad.problem, HasSubstr("pe_rows"));
    EXPECT_TRUE(bad.perModel.empty());
    EXPECT_EQ(explorer.evaluate(1).status, PointStatus::Evaluated);
}

TEST(Explorer, PointRowsReadBackExactly)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    const PointResult p = explorer.evaluate(37);
    ASSERT_EQ(p.status, PointStatus::Evaluated);
    std::string row = pointCsvRow(space, p);
    row.pop_back();
    const PointResult back = parsePointCsvRow(space, row, 1, "points.csv:2");
    EXPECT_EQ(back.index, p.index);
    EXPECT_EQ(back.latency, p.latency);
    EXPECT_EQ(back.energy, p.energy);
    EXPECT_EQ(back.edp, p.edp);
    EXPECT_EQ(back.area, p.area);
    EXPECT_EQ(back.perModel[0].energy, p.perModel[0].energy);
    EXPECT_EQ(back.feasible, p.feasible);
}

// The figure data read back from points.csv carry the run's own numbers: the points bit for bit,
// the collector's front, the latency-energy front by brute force, the sensitivity rows that
// sensitivity.csv prints; a damaged table is named with its line.
TEST(ExploreFigureData, CarriesTheRunsPointsFrontAndSensitivity)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    ExploreCollector collector(space);
    std::string csv = pointCsvHeader(space, { "mobilenet_v2" });
    std::vector<PointResult> evaluated;
    exploreExhaustive(explorer, {}, [&](const PointResult& p) {
        collector.add(p);
        if (p.status == PointStatus::Evaluated) {
            csv += pointCsvRow(space, p);
            evaluated.push_back(p);
        }
    });
    const ExploreFigureData data = exploreFigureData(space, csv, "points.csv");
    ASSERT_EQ(data.points.size(), evaluated.size());
    std::set<uint64_t> front;
    for (const PointResult& p : collector.front())
        front.insert(p.index);
    for (size_t i = 0; i < evaluated.size(); ++i) {
        const PointResult& p = evaluated[i];
        const ParetoPlotPoint& d = data.points[i];
        EXPECT_EQ(d.index, p.index);
        EXPECT_EQ(d.latency, p.latency);
        EXPECT_EQ(d.energy, p.energy);
        EXPECT_EQ(d.area, p.area);
        EXPECT_EQ(d.feasible, p.feasible);
        EXPECT_EQ(d.onFront, front.count(p.index) > 0);
        bool beaten = false;
        for (const PointResult& q : evaluated)
            beaten |= q.feasible
                && (dominates({ q.latency, q.energy }, { p.latency, p.energy })
                    || (q.latency == p.latency && q.energy == p.energy && q.index < p.index));
        EXPECT_EQ(d.onPlaneFront, p.feasible && !beaten) << p.index;
    }
    const std::vector<SensitivityRow> rows = sensitivityRows(space, collector);
    ASSERT_EQ(data.sensitivity.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(data.sensitivity[i].best, rows[i].best);
        EXPECT_EQ(data.sensitivity[i].ratio, rows[i].ratio);
        EXPECT_EQ(data.sensitivity[i].count, rows[i].count);
    }
    EXPECT_EQ(data.objective, "edp");
    EXPECT_EQ(data.axisFields.size(), 4u);
    const std::string damaged = csv.substr(0, csv.find('\n', csv.find('\n') + 1)) + "\n7,x\n";
    EXPECT_THAT(errorOf([&] { exploreFigureData(space, damaged, "points.csv"); }),
        StartsWith("points.csv:3: "));
    EXPECT_THAT(errorOf([&] { exploreFigureData(space, "a,b\n", "points.csv"); }),
        StartsWith("points.csv:1: "));
}

// dlib's optimiser, at a budget of 200 points of a 640-point space, lands within 2% of the
// exhaustive optimum for every seed tried, and no worse than uniform random sampling of as many
// points.
TEST(BlackBoxSearch, WithinTwoPercentOfExhaustiveOnASmallSpace)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    ExploreCollector exhaustive(space);
    exploreExhaustive(explorer, {}, [&](const PointResult& p) { exhaustive.add(p); });
    const double optimum = exhaustive.best(0)->edp;
    for (uint64_t seed : { 1, 2, 3 }) {
        ExploreCollector searched(space), sampled(space);
        uint64_t evaluations = 0;
        exploreBlackBox(explorer, 200, seed, [&](const PointResult& p) {
            ++evaluations;
            searched.add(p);
        });
        exploreRandom(explorer, 200, seed, [&](const PointResult& p) { sampled.add(p); });
        EXPECT_EQ(evaluations, 200u);
        ASSERT_TRUE(searched.best(0)) << seed;
        EXPECT_LE(searched.best(0)->edp, optimum * 1.02) << "seed " << seed;
        EXPECT_LE(searched.best(0)->edp, sampled.best(0)->edp) << "seed " << seed;
    }
}

TEST(BlackBoxSearch, IsDeterministicForASeed)
{
    const SearchSpace space = parseSearchSpaceText(kSmallSpace, "space.textproto", "");
    const Explorer explorer(space, smallModels());
    auto indices = [&](uint64_t seed, bool blackBox) {
        std::vector<uint64_t> out;
        const PointSink sink = [&](const PointResult& p) { out.push_back(p.index); };
        if (blackBox)
            exploreBlackBox(explorer, 60, seed, sink);
        else
            exploreRandom(explorer, 60, seed, sink);
        return out;
    };
    EXPECT_EQ(indices(5, true), indices(5, true));
    EXPECT_NE(indices(5, true), indices(6, true));
    EXPECT_EQ(indices(5, false), indices(5, false));
    EXPECT_NE(indices(5, false), indices(6, false));
    const std::vector<uint64_t> r = indices(9, false);
    EXPECT_EQ(std::set<uint64_t>(r.begin(), r.end()).size(), r.size()); // distinct points
    const std::vector<uint64_t> b = indices(9, true); // the refinement's points included
    EXPECT_EQ(b.size(), 60u);
    EXPECT_EQ(std::set<uint64_t>(b.begin(), b.end()).size(), b.size());
}
