// The GPU and DLA processor models (docs/processors.md) on hand-computed layers. Specs use
// round numbers so that every expectation is worked out by hand from the documented roofline:
//   busy = max(MACs / (MACs per cycle x efficiency x clock), DRAM bytes / bandwidth)
//   seconds = busy + per-layer overhead
//   energy = (active - idle) W x busy + idle W x seconds + DRAM bytes x pJ/byte
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "cost/DlaCostModel.h"
#include "cost/GpuCostModel.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

// 2 SMs x 1 tensor core x 100 INT8 MACs = 200 MACs/cycle; 2 x 10 CUDA cores = 20 ops/cycle;
// 1 GHz; 1 GB/s = 1 byte per ns; 2 us per launch.
const char* kGpuText = R"(
name: "gpu"
gpu {
  sms: 2 cuda_cores_per_sm: 10 tensor_cores_per_sm: 1
  tensor_core_int8_macs_per_cycle: 100 tensor_core_fp16_macs_per_cycle: 50
  clock_mhz: 1000 l2_bytes: 1024
  dram_bandwidth_gb_per_s: 1 dram_energy_pj_per_byte: 10 kernel_launch_us: 2
  efficiency { kind: "Conv" efficiency: 0.5 }
  default_efficiency: 0.25
  active_power_w: 11 idle_power_w: 1
}
)";

// 200 INT8 MACs/cycle, 16 KiB CBUF (8192 bytes of weights per pass), 4 post ops/cycle, 1 GHz.
const char* kDlaText = R"(
name: "dla"
dla {
  conv_int8_macs_per_cycle: 200 conv_fp16_macs_per_cycle: 100
  conv_buffer_bytes: 16384 clock_mhz: 1000 post_ops_per_cycle: 4
  supported_kinds: "Conv" supported_kinds: "Pool" supported_kinds: "Activation"
  unsupported_operators: "HardSwish"
  dram_bandwidth_gb_per_s: 1 dram_energy_pj_per_byte: 10 per_layer_overhead_us: 1
  efficiency { kind: "Conv" efficiency: 0.5 }
  default_efficiency: 1
  active_power_w: 3 idle_power_w: 1
}
)";

CostModelPtr modelFrom(const char* text)
{
    SystemSpecPtr system = parseSystemSpecText(text, "test.textproto");
    return makeCostModel(AcceleratorSpecPtr(system, &system->accelerators(0)));
}

// conv 16 -> 32, 3x3, 8x8: MACs 32*16*64*9 = 294,912; weights 32*16*9 + 32 = 4,640 bytes;
// input 16*64 = 1,024; output 32*64 = 2,048 -> 7,712 DRAM bytes.
// conv 64 -> 64, 3x3, 16x16: MACs 64*64*256*9 = 9,437,184; weights 36,928; in = out = 16,384.
struct Layers {
    Model model;
    const Layer& at(int i) const { return model.layers[i]; }
};
Layers testLayers()
{
    LayerModelBuilder b("hand");
    auto small = b.conv(b.input("x", { 16, 8, 8 }), 32, 3);
    b.vectorOp(small, LayerKind::Activation, "Relu"); // 2,048 ops, 2,048 + 2,048 bytes
    b.conv(b.input("y", { 64, 16, 16 }), 64, 3);
    b.lstm(b.input("s", { 32, 4, 1 }), 16);
    b.vectorOp(small, LayerKind::Softmax, "Softmax");
    b.vectorOp(small, LayerKind::Activation, "HardSwish");
    return { b.build() };
}

} // namespace

TEST(GpuCostModel, MemoryBoundConvIsDramTimePlusLaunch)
{
    auto gpu = modelFrom(kGpuText);
    Layers l = testLayers();
    LayerCost c = gpu->evaluate(l.at(0));
    ASSERT_TRUE(c.mapped);
    // compute: 294,912 / (200 x 0.5) = 2,949.12 cycles = 2.94912 us; DRAM 7,712 B = 7.712 us.
    EXPECT_EQ(c.bound, "memory");
    EXPECT_NEAR(c.seconds, 7.712e-6 + 2e-6, 1e-12);
    EXPECT_NEAR(c.computeCycles, 2949.12, 1e-6);
    EXPECT_DOUBLE_EQ(c.traffic.dramBytes, 7712);
    EXPECT_NEAR(c.energy[EnergyComponent::Mac], 10 * 7.712e-6, 1e-15);
    EXPECT_NEAR(c.energy[EnergyComponent::Static], 1 * 9.712e-6, 1e-15);
    EXPECT_NEAR(c.energy[EnergyComponent::OffChip], 7712 * 10e-12, 1e-18);
}

TEST(GpuCostModel, ComputeBoundConvRunsAtItsEfficiency)
{
    auto gpu = modelFrom(kGpuText);
    LayerCost c = gpu->evaluate(testLayers().at(2));
    // 9,437,184 / 100 MACs per cycle = 94,371.84 cycles = 94.37184 us > 69,696 B = 69.696 us.
    EXPECT_EQ(c.bound, "compute");
    EXPECT_NEAR(c.seconds, 94.37184e-6 + 2e-6, 1e-12);
    // utilisation = MACs / (200 x cycles) = 9,437,184 / (200 x 96,371.84).
    EXPECT_NEAR(c.utilization, 9437184.0 / (200 * 96371.84), 1e-9);
    EXPECT_NEAR(gpu->peakMacsPerSecond(), 200e9, 1);
}

TEST(GpuCostModel, ElementwiseRunsOnCudaCoresAndEveryLayerMaps)
{
    auto gpu = modelFrom(kGpuText);
    Layers l = testLayers();
    LayerCost relu = gpu->evaluate(l.at(1));
    // 2,048 ops / (20 x 0.25) = 409.6 cycles = 0.4096 us < 4,096 B = 4.096 us.
    EXPECT_EQ(relu.bound, "memory");
    EXPECT_NEAR(relu.seconds, 4.096e-6 + 2e-6, 1e-12);
    for (const auto& layer : l.model.layers)
        EXPECT_TRUE(gpu->evaluate(layer).mapped) << layer.name;
}

TEST(DlaCostModel, OperandsBeyondTheConvolutionBufferAreStreamedTheCheaperWay)
{
    auto dla = modelFrom(kDlaText);
    Layers l = testLayers();
    // Half the CBUF is 8,192 bytes. Weights 36,928 B, input 16,384 B:
    //   input once per weight group: 36,928 + 16,384 x ceil(4.51) = 36,928 + 81,920 = 118,848
    //   weights once per input tile: 16,384 + 36,928 x ceil(2) = 16,384 + 73,856 = 90,240
    // DRAM = 90,240 + 16,384 output = 106,624 B = 106.624 us > compute 94.37184 us.
    LayerCost big = dla->evaluate(l.at(2));
    ASSERT_TRUE(big.mapped);
    EXPECT_DOUBLE_EQ(big.traffic.dramBytes, 106624);
    EXPECT_EQ(big.bound, "memory");
    EXPECT_NEAR(big.seconds, 107.624e-6, 1e-12);
    EXPECT_NEAR(big.energy.total(), 2 * 106.624e-6 + 1 * 107.624e-6 + 106624 * 10e-12, 1e-14);
    // The small conv's 4,640 weight and 1,024 input bytes fit: 7,712 B = 7.712 us + 1 us.
    EXPECT_NEAR(dla->evaluate(l.at(0)).seconds, 8.712e-6, 1e-12);
    // ReLU on the post-processing engines: 2,048 / 4 = 512 cycles = 0.512 us < 4.096 us.
    EXPECT_NEAR(dla->evaluate(l.at(1)).seconds, 5.096e-6, 1e-12);
}

TEST(DlaCostModel, RefusesWhatTheRealDlaCannotRun)
{
    auto dla = modelFrom(kDlaText);
    Layers l = testLayers();
    for (int i : { 3, 4, 5 }) { // LSTM, Softmax, HardSwish
        LayerCost c = dla->evaluate(l.at(i));
        EXPECT_FALSE(c.mapped) << l.at(i).name;
        EXPECT_NE(c.failureReason.find("GPU fallback"), std::string::npos) << c.failureReason;
    }
    Layer fused = l.at(0);
    fused.fusedOps = { "HardSwish" };
    EXPECT_FALSE(dla->evaluate(fused).mapped);
    Layer fp32 = l.at(0);
    fp32.metrics.bytesPerElement = 4;
    EXPECT_NE(dla->evaluate(fp32).failureReason.find("FP32"), std::string::npos);
}

TEST(DlaCostModel, BuiltinXavierRefusesRecurrentAndAttentionLayers)
{
    AcceleratorSystem xavier = mensa::test::builtinSystem("jetson_xavier");
    ASSERT_EQ(xavier.accelerators.size(), 3u);
    EXPECT_EQ(xavier.accelerators[0]->name(), "gpu");
    Layers l = testLayers();
    Layer matmul = l.at(0);
    matmul.kind = LayerKind::MatMul;
    matmul.opType = "MatMul";
    for (int d : { 1, 2 }) {
        EXPECT_TRUE(xavier.accelerators[d]->evaluate(l.at(0)).mapped);
        EXPECT_FALSE(xavier.accelerators[d]->evaluate(l.at(3)).mapped); // LSTM
        EXPECT_FALSE(xavier.accelerators[d]->evaluate(l.at(4)).mapped); // Softmax
        EXPECT_FALSE(xavier.accelerators[d]->evaluate(matmul).mapped);
    }
    // 2 DLAs x 2048 MACs x 2 ops x 1.395 GHz = 11.4 TOPS, the datasheet's DLA figure.
    EXPECT_NEAR(2 * 2 * xavier.accelerators[1]->peakMacsPerSecond(), 11.43e12, 0.01e12);
    // 64 tensor cores x 128 INT8 MACs x 2 x 1.377 GHz = 22.6 TOPS (datasheet: 22 TOPS).
    EXPECT_NEAR(2 * xavier.accelerators[0]->peakMacsPerSecond(), 22.56e12, 0.01e12);
}

TEST(ProcessorSpec, BadValuesAreRefusedWithFileLineAndField)
{
    auto refuses = [](const std::string& text, const std::string& needle) {
        try {
            parseSystemSpecText(text, "bad.textproto");
        }
        catch (const MensaError& e) {
            std::string what = e.what();
            EXPECT_NE(what.find(needle), std::string::npos) << what;
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
            return;
        }
        ADD_FAILURE() << "accepted: " << needle;
    };
    std::string gpu = kGpuText;
    auto edit = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    refuses(edit(gpu, "sms: 2 ", ""), "gpu.sms: missing");
    refuses(edit(gpu, "clock_mhz: 1000", "clock_mhz: 0"), "gpu.clock_mhz: must be > 0");
    refuses(edit(gpu, "efficiency: 0.5", "efficiency: 1.5"),
        "bad.textproto:8:"); // line of the bad efficiency entry
    refuses(edit(gpu, "idle_power_w: 1", "idle_power_w: 12"), "must not exceed active_power_w");
    refuses(edit(gpu, "name: \"gpu\"", "name: \"gpu\" pe_rows: 4"), "pe_rows: not used");
    std::string dla = kDlaText;
    refuses(edit(dla, "supported_kinds: \"Pool\"", "supported_kinds: \"Pooling\""),
        "unknown layer kind 'Pooling'");
    refuses(edit(dla, "dram_bandwidth_gb_per_s: 1", "dram_bandwidth_gb_per_s: 1e9"),
        "dla.dram_bandwidth_gb_per_s: must be in");
    // A processor spec needs no PE-array fields: both parse as they are.
    EXPECT_NO_THROW(parseSystemSpecText(kGpuText, "gpu.textproto"));
    EXPECT_NO_THROW(parseSystemSpecText(kDlaText, "dla.textproto"));
}
