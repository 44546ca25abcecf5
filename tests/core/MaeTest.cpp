// Multi-accelerator execution (MaeExplorer): MAEG on a hand-made cost table, and DLA
// fallback on the built-in Jetson Xavier.
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "cost/SystemLoader.h"
#include "schedule/CostTable.h"
#include "schedule/MaeExplorer.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

LayerCost cost(double seconds, double joules)
{
    LayerCost c;
    c.seconds = seconds;
    c.energy[EnergyComponent::Mac] = joules;
    return c;
}

// Two chained layers on units A (fast, hungry) and B (slow, frugal); every hand-over costs
// 0.5 s and 0.5 J. The four mappings (latency s, energy J):
//   AA (2, 8)   BB (6, 3)   AB (1+4+0.5, 4+2+0.5) = (5.5, 6.5)   BA (2+1+0.5, 1+4+0.5) = (3.5, 5.5)
// AB is dominated by BA, so the front is AA, BA, BB. Baselines AA and BB: L0 = 2, E0 = 3.
// C_w = w T/2 + (1-w) E/3:
//   w = 0.5: AA 0.5 + 4/3 = 11/6, BB 1.5 + 0.5 = 2, BA 0.875 + 11/12 = 43/24
//            -> MAEG = 1 - (43/24) / (11/6) = 1/44
//   w = 0.4: AA 2.0, BB 1.8, BA 1.8 -> 0;  w = 0.6: AA 5/3 is the best overall -> 0.
// Further from 0.5 a single unit wins outright, so the best MAEG on the grid is 1/44 at 0.5.
struct HandMade {
    Model model;
    CostTable table;
};
HandMade handMade()
{
    LayerModelBuilder b("chain");
    b.conv(b.conv(b.input("x", { 4, 4, 4 }), 4, 1), 4, 1);
    HandMade h { b.build(), {} };
    h.table.systemName = "hand";
    h.table.acceleratorNames = { "A", "B" };
    h.table.cells = { cost(1, 4), cost(2, 1), cost(1, 4), cost(4, 2) };
    h.table.transfer = [](int, int, double) { return TransferCost { 0.5, 0.5 }; };
    h.table.linkNames = { "A<->B" };
    h.table.linkIndex = [](int, int) { return 0; };
    return h;
}

} // namespace

TEST(MaeExplorer, MaegOnAHandMadeTable)
{
    HandMade h = handMade();
    MaeReport r = MaeExplorer(11).explore(h.model, h.table);
    ASSERT_EQ(r.front.size(), 3u);
    EXPECT_DOUBLE_EQ(r.front[1].latency, 3.5);
    EXPECT_DOUBLE_EQ(r.front[1].energy, 5.5);
    EXPECT_EQ(r.front[1].assignment, (std::vector<int> { 1, 0 }));
    EXPECT_DOUBLE_EQ(r.latencyScale, 2);
    EXPECT_DOUBLE_EQ(r.energyScale, 3);
    ASSERT_EQ(r.sweep.size(), 11u);
    EXPECT_NEAR(r.sweep[5].maeg, 1.0 / 44, 1e-12);
    EXPECT_NEAR(r.sweep[4].maeg, 0, 1e-12);
    EXPECT_NEAR(r.sweep[6].maeg, 0, 1e-12);
    EXPECT_EQ(r.bestPoint, 5);
    EXPECT_NEAR(r.maeg(), 1.0 / 44, 1e-12);
    for (const auto& p : r.sweep)
        EXPECT_GE(p.maeg, -1e-12); // a baseline is itself a legal MAE mapping
    EXPECT_EQ(unitTransitions(h.model, { 1, 0 }), 1);
}

TEST(MaeExplorer, DlaBaselineFallsBackToTheGpuOnXavier)
{
    AcceleratorSystem xavier = mensa::test::builtinSystem("jetson_xavier");
    LayerModelBuilder b("conv_lstm");
    auto x = b.conv(b.input("x", { 32, 16, 16 }), 32, 3);
    x = b.toSequence(x, 16);
    b.fc(b.lstm(x, 64), 10);
    Model model = b.build();
    CostTable table = buildCostTable(model, xavier);
    const int lstm = 2;
    ASSERT_EQ(model.layers[lstm].kind, LayerKind::Lstm);
    MaeReport r = MaeExplorer(11).explore(model, table);
    ASSERT_EQ(r.baselines.size(), 3u);
    EXPECT_EQ(r.baselines[0].fallbackLayers, 0); // the GPU runs everything
    EXPECT_EQ(r.baselines[1].fallbackLayers, 1); // dla0: only the LSTM falls back
    EXPECT_EQ(r.baselines[1].mapping.assignment[lstm], 0);
    EXPECT_EQ(r.baselines[1].mapping.assignment[0], 1);
    for (const auto& m : r.front)
        EXPECT_EQ(m.assignment[lstm], 0) << "the LSTM can only run on the GPU";
    EXPECT_GE(r.maeg(), 0);
}
