// mensa explain: the GUI's "Explain this layer" text on the command line, with the same
// numbers as `mensa simulate`, and exit code 2 for a layer the model does not have.
#include "CliRunner.h"

#include <gtest/gtest.h>

using namespace mensa::test;

namespace {

std::string sample(const std::string& name)
{
    return quoted(sourceDir() / "sample_models" / (name + ".onnx"));
}

} // namespace

TEST(ExplainCommand, LstmStepOnTheEdgeTpuIsLimitedByFoldOverheads)
{
    const CliResult r
        = runMensaMerged("explain " + sample("lstm_language_model") + " lstm_1 --accel edge_tpu");
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_NE(r.out.find("lstm_1 (LSTM) on edge_tpu"), std::string::npos) << r.out;
    // Sr = 1 (one time step at a time): each 64x64 fold streams 1 cycle after a 64-cycle load
    // and a 126-cycle fill/drain.
    EXPECT_NE(r.out.find("Sr 1 x T"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("streams only 1 cycle (Sr) against 64 cycles of loading and 126"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("On other designs"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("mensa (pavlov)"), std::string::npos) << r.out;
}

TEST(ExplainCommand, UnknownLayerExitsTwoWithOneLine)
{
    const CliResult r
        = runMensaMerged("explain " + sample("mobilenet_v2") + " no_such_layer --accel edge_tpu");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.out.find("no layer named 'no_such_layer'"), std::string::npos) << r.out;
    EXPECT_EQ(runMensaMerged("explain " + sample("mobilenet_v2")).exitCode, 2); // no LAYER
}
