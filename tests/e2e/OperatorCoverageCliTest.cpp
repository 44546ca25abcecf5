// The CLI on models whose compute the importer recovers: an opset-6 file is upgraded by ONNX's
// version converter (with a warning on stderr) and costs the same as its opset-13 twin.
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

class OperatorCoverageCli : public test::CliTest { };

std::string convNet(int opset)
{
    GraphBuilder b("net", opset);
    std::string x = b.input("image", { 1, 3, 16, 16 });
    b.output(b.gemm(b.flatten(b.globalAvgPool(b.relu(b.conv(x, 8, 3)))), 5));
    return b.serialize(WeightStorage::Values);
}

} // namespace

TEST_F(OperatorCoverageCli, OpsetSixModelIsUpgradedWithAWarningAndCostsTheSame)
{
    const std::string macs = std::to_string(8 * 3 * 9 * 16 * 16 + 8 * 5) + " MACs"; // conv + gemm
    test::CliResult old = run("inspect " + test::quoted(write("old.onnx", convNet(6))));
    EXPECT_EQ(old.exitCode, 0) << old.err;
    EXPECT_THAT(
        old.err, HasSubstr("warning: upgraded from opset 6 to 7 by the ONNX version converter"));
    EXPECT_THAT(old.out, HasSubstr(macs));
    test::CliResult current = run("inspect " + test::quoted(write("new.onnx", convNet(13))));
    EXPECT_EQ(current.exitCode, 0) << current.err;
    EXPECT_THAT(current.err, Not(HasSubstr("upgraded")));
    EXPECT_THAT(current.out, HasSubstr(macs));
}
