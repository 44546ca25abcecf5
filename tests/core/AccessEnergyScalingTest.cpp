// A search space's capacity axes move the access energies of the blocks they resize
// (access_energy_exponent, default 0.5). Expected values are the Edge TPU spec's energies times
// (capacity / base capacity)^exponent, worked out by hand: its parameter buffer is 8 MiB at
// 10 pJ/B, its register file 16 B at 0.23 pJ/B.
#include "dse/PointTable.h"
#include "dse/SearchSpace.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mensa;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

SearchSpace space(const std::string& body)
{
    return parseSearchSpaceText("base: \"edge_tpu\"\n" + body, "space.textproto", "");
}

// The accelerator of the point with these value indices.
spec::AcceleratorSpec at(const SearchSpace& s, const std::vector<int>& choices)
{
    return s.specAt(s.indexOf(choices)).accelerators(0);
}

} // namespace

TEST(AccessEnergyScaling, ABufferAxisScalesItsEnergiesAsTheSquareRootOfItsSize)
{
    const SearchSpace s
        = space("axes { field: \"parameter_buffer.size_bytes\" values: 2097152 values: 8388608 "
                "values: 33554432 }\n");
    EXPECT_DOUBLE_EQ(at(s, { 0 }).parameter_buffer().read_energy_pj_per_byte(), 5); // 1/4 size
    EXPECT_DOUBLE_EQ(at(s, { 0 }).parameter_buffer().write_energy_pj_per_byte(), 5);
    EXPECT_DOUBLE_EQ(at(s, { 1 }).parameter_buffer().read_energy_pj_per_byte(), 10); // the base
    EXPECT_DOUBLE_EQ(at(s, { 2 }).parameter_buffer().read_energy_pj_per_byte(), 20); // 4x size
    // Blocks no axis resizes keep their energies.
    EXPECT_DOUBLE_EQ(at(s, { 0 }).activation_buffer().read_energy_pj_per_byte(),
        s.base->accelerators(0).activation_buffer().read_energy_pj_per_byte());
    EXPECT_DOUBLE_EQ(at(s, { 0 }).register_file_energy_pj_per_byte(), 0.23);
    EXPECT_THAT(s.energyScaledBlocks(), ElementsAre("parameter_buffer"));
}

TEST(AccessEnergyScaling, TheRegisterFileFollowsItsBytesPerPe)
{
    const SearchSpace s
        = space("axes { field: \"register_file_bytes_per_pe\" values: 4 values: 64 }\n");
    EXPECT_DOUBLE_EQ(at(s, { 0 }).register_file_energy_pj_per_byte(), 0.115); // 0.23 x 1/2
    EXPECT_DOUBLE_EQ(at(s, { 1 }).register_file_energy_pj_per_byte(), 0.46); // 0.23 x 2
    EXPECT_THAT(s.energyScaledBlocks(), ElementsAre("register file"));
}

TEST(AccessEnergyScaling, AnExponentOfOneScalesLinearlyAndZeroKeepsTheEnergies)
{
    const std::string axis = "axes { field: \"parameter_buffer.size_bytes\" values: 2097152 }\n";
    const SearchSpace linear = space(axis + "access_energy_exponent: 1\n");
    EXPECT_DOUBLE_EQ(at(linear, { 0 }).parameter_buffer().read_energy_pj_per_byte(), 2.5);
    const SearchSpace off = space(axis + "access_energy_exponent: 0\n");
    EXPECT_DOUBLE_EQ(at(off, { 0 }).parameter_buffer().read_energy_pj_per_byte(), 10);
    EXPECT_THAT(off.energyScaledBlocks(), IsEmpty());
}

TEST(AccessEnergyScaling, AnEnergyTheSpaceSetsKeepsTheSpacesValue)
{
    const SearchSpace s
        = space("axes { field: \"parameter_buffer.size_bytes\" values: 2097152 }\n"
                "axes { field: \"parameter_buffer.read_energy_pj_per_byte\" values: 3 }\n");
    EXPECT_DOUBLE_EQ(at(s, { 0, 0 }).parameter_buffer().read_energy_pj_per_byte(), 3);
    EXPECT_DOUBLE_EQ(at(s, { 0, 0 }).parameter_buffer().write_energy_pj_per_byte(), 5);
    EXPECT_THAT(s.energyScaledBlocks(), ElementsAre("parameter_buffer"));
}

// A block the base lacks has no capacity to scale from: the energies the axes give it stay.
TEST(AccessEnergyScaling, ABlockTheAxesAddHasNothingToScaleFrom)
{
    const SearchSpace s
        = space("axes { field: \"window_buffer.size_bytes\" values: 256 values: 65536 }\n"
                "axes { field: \"window_buffer.read_energy_pj_per_byte\" values: 0.5 }\n"
                "axes { field: \"window_buffer.write_energy_pj_per_byte\" values: 0.5 }\n");
    EXPECT_DOUBLE_EQ(at(s, { 1, 0, 0 }).window_buffer().read_energy_pj_per_byte(), 0.5);
    EXPECT_DOUBLE_EQ(at(s, { 0, 0, 0 }).window_buffer().write_energy_pj_per_byte(), 0.5);
    EXPECT_THAT(s.energyScaledBlocks(), IsEmpty());
}

// The best spec a run writes is the point it simulated, scaled energies included, and says so.
TEST(AccessEnergyScaling, TheBestSpecCarriesTheScaledEnergiesAndNamesTheRule)
{
    const SearchSpace s
        = space("axes { field: \"parameter_buffer.size_bytes\" values: 33554432 }\n");
    PointResult p;
    p.index = 0;
    const std::string text = bestSpecText(s, s.objectives.front(), p);
    EXPECT_THAT(text, HasSubstr("read_energy_pj_per_byte: 20\n"));
    EXPECT_THAT(
        text, HasSubstr("# parameter_buffer access energies scaled as capacity^0.5 from the base"));
}
