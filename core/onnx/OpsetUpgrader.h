#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace mensa {

// Models older than the importer's minimum default-domain opset are brought up to it with
// ONNX's own version converter (onnx/version_converter), never by relabelling the opset.
class OpsetUpgrader {
public:
    static constexpr int kMinOpset = 7;

    // Upgrades `model` in place when `opset` < kMinOpset and returns the notice for the model's
    // warnings ("" when nothing was done); MensaError naming the opset when the converter fails.
    static std::string upgradeIfOld(onnx::ModelProto& model, int opset);
};

} // namespace mensa
