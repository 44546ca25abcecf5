#pragma once

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace mensa {

// Parses ONNX protobuf bytes without protobuf's default size limits and without the large
// tensor payloads (see PayloadSkipper; storedPayload() gives their sizes), and checks that the
// result looks like an ONNX model. Errors are MensaError with an empty file part; the
// importer adds the file name.
class OnnxModelReader {
public:
    // Streams the file; skipped payloads are seeked over, never read.
    static onnx::ModelProto parseFile(const std::string& path);
    static onnx::ModelProto parseBytes(const std::string& bytes);
    // A graph with nodes and a default-domain opset; returns that opset (OpsetUpgrader
    // brings opsets below 7 up).
    static int validate(const onnx::ModelProto& model);
};

} // namespace mensa
