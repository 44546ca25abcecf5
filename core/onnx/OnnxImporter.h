#pragma once

#include "model/Model.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

// Input name -> dimensions, overriding what the model declares.
using InputShapes = std::map<std::string, std::vector<int64_t>>;

struct ImportOptions {
    // User overrides for graph inputs with symbolic or dynamic dims: name -> full shape.
    InputShapes inputShapes;
    // Element precision used for byte figures (int8 by default, as accelerators run it).
    int bytesPerElement = 1;
};

// A graph input as the model declares it, for asking the user the sizes only they can give.
struct DeclaredInput {
    std::string name;
    std::string declared; // e.g. "p2o.DynamicDimension.0x3x48xp2o.DynamicDimension.1"
    std::vector<int64_t> suggested; // the shape import would use; 0 where only the user can say
    bool needsShape = false; // import refuses it without an override
};

// The activation inputs of the model file, read without importing it (fast: no inference).
// Throws MensaError naming the file when it cannot be read.
std::vector<DeclaredInput> declaredInputs(const std::string& path);

// Parses "name=1x3x224x224" into an inputShapes entry; throws MensaError on bad text.
void parseInputShapeOverride(const std::string& text, ImportOptions& options);

// Bytes per element of a precision name (int8, fp16, fp32); MensaError on any other text.
int bytesPerElementForPrecision(const std::string& precision);

// Reads an ONNX file, runs ONNX shape inference, builds the layer IR (with BatchNorm and
// activations fused into the preceding compute layer) and characterises every layer.
// Throws MensaError naming the file and the problem on any bad input.
Model importOnnxFile(const std::string& path, const ImportOptions& options = {});

// Same, from bytes already in memory (the fuzz target uses this). `displayName` is the
// name used in error messages; external data is resolved relative to `baseDir`.
Model importOnnxBytes(const std::string& bytes, const std::string& displayName,
    const ImportOptions& options = {}, const std::string& baseDir = "");

} // namespace mensa
