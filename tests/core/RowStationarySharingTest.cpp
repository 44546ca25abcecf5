// The row-stationary sharing choice (RowStationaryCostModel::chooseSharing) skips most of its
// candidates with bounds. Here an oracle tries every candidate the documented rule names
// (docs/methodology.md, the cost model's comment): q filter-row channels per PE and Sc channel
// sets each run over 1, 2, 4, ... and their limits, Sc stopping once Sc x q covers the
// channels; the fewest global-buffer bytes win, then fewer round trips, then more filters per
// PE, then the earlier candidate. On random convolutions the model's choice must be the
// oracle's.
#include "CostTestModels.h"
#include "cost/SystemLoader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <tuple>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

struct Choice {
    double filterSets = 0, channelSets = 0, filtersPerPe = 0, channelsPerPe = 0;
    double inputFetches = 0, psumSpills = 0, bytes = 0;
};

void forDoublings(double limit, const std::function<bool(double)>& visit)
{
    for (double v = 1; v < limit; v *= 2)
        if (!visit(v))
            return;
    visit(std::max(1.0, limit));
}

Choice oracle(double n, double channels, double rowsPerPe, double sets, double rowSplits,
    double inputs, double outputs)
{
    Choice best;
    bool found = false;
    forDoublings(std::min(channels, rowsPerPe), [&](double q) {
        const double p = std::min(n, std::max(1.0, std::floor(rowsPerPe / q)));
        forDoublings(std::min(channels, sets), [&](double sc) {
            Choice c { std::min(n, std::max(1.0, std::floor(sets / sc))), sc, p, q, 0, 0, 0 };
            c.inputFetches = std::ceil(n / (c.filterSets * p));
            c.psumSpills = rowSplits * std::ceil(channels / (sc * q)) - 1;
            c.bytes = inputs * c.inputFetches + 2 * outputs * c.psumSpills;
            if (!found
                || std::make_tuple(c.bytes, c.psumSpills, -c.filtersPerPe)
                    < std::make_tuple(best.bytes, best.psumSpills, -best.filtersPerPe))
                best = c, found = true;
            return sc * q < channels;
        });
        return true;
    });
    return best;
}

} // namespace

TEST(RowStationarySharing, PrunedSearchPicksWhatTheFullSearchPicks)
{
    setenv("MENSA_RESOURCES_DIR", MENSA_SOURCE_DIR "/resources/accelerators", 1);
    const AcceleratorSystem eyeriss = loadSystem("eyeriss_v2");
    const double registerFileBytes = 256; // eyeriss_v2.textproto, half of it for filter rows
    std::mt19937 rng(2026);
    auto pick = [&](std::initializer_list<int> values) {
        return *(values.begin() + std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng));
    };
    int compared = 0, withSpills = 0, withRefetches = 0;
    for (int i = 0; i < 400; ++i) {
        LayerModelBuilder b("shapes");
        const int c = pick({ 1, 3, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024 });
        const int side = pick({ 7, 13, 14, 27, 28, 56, 112 }), k = pick({ 1, 3, 5, 7, 11 });
        const int filters = pick({ 1, 8, 16, 32, 64, 100, 128, 256, 512, 1000, 2048 });
        b.conv(b.input("x", { c, side, side }), filters, k);
        const Model model = b.build();
        const Layer& layer = model.layers.at(0);
        const ArrayFolds f = eyeriss.accelerators.at(0)->evaluate(layer).folds;
        ASSERT_EQ(f.dataflow, "row stationary");
        const double rowSplits = std::ceil(double(k) / f.setKernelRows);
        const Choice want = oracle(filters, c, std::floor(registerFileBytes / (2.0 * k)),
            f.setsPerPass, rowSplits, double(layer.metrics.inputActBytes),
            double(layer.metrics.outputActBytes));
        const std::string shape = "C=" + std::to_string(c) + " N=" + std::to_string(filters) + " "
            + std::to_string(side) + "x" + std::to_string(side) + " k=" + std::to_string(k)
            + " sets=" + std::to_string(f.setsPerPass);
        EXPECT_EQ(f.filterSets, want.filterSets) << shape;
        EXPECT_EQ(f.channelSets, want.channelSets) << shape;
        EXPECT_EQ(f.filtersPerPe, want.filtersPerPe) << shape;
        EXPECT_EQ(f.channelsPerPe, want.channelsPerPe) << shape;
        EXPECT_EQ(f.inputFetches, want.inputFetches) << shape;
        EXPECT_EQ(f.psumSpills, want.psumSpills) << shape;
        ++compared, withSpills += want.psumSpills > 0, withRefetches += want.inputFetches > 1;
    }
    // The shapes reach both trade-offs the bounds prune on.
    EXPECT_EQ(compared, 400);
    EXPECT_GT(withSpills, 40);
    EXPECT_GT(withRefetches, 40);
}
