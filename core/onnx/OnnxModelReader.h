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
    // The same into MODEL (empty; e.g. one on an arena, which the importer uses so that the
    // many small messages of a large graph are neither allocated nor freed one by one).
    static void parseFileInto(const std::string& path, onnx::ModelProto& model);
    static void parseBytesInto(const std::string& bytes, onnx::ModelProto& model);
    // A graph with nodes and a default-domain opset; returns that opset (OpsetUpgrader
    // brings opsets below 7 up).
    static int validate(const onnx::ModelProto& model);
};

} // namespace mensa
