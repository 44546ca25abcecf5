#pragma once

#include "onnx/OnnxImporter.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

// Gives every graph input (that is not an initializer) a fully static shape before shape
// inference: user overrides first; else a dynamic batch-like dimension becomes 1 (reported in
// one warning); any other unresolved dimension is an error naming the input.
class InputShapeResolver {
public:
    explicit InputShapeResolver(const std::map<std::string, std::vector<int64_t>>& overrides);

    void apply(onnx::GraphProto& graph);
    // Every activation input as declared, with what apply() would make of it without overrides.
    static std::vector<DeclaredInput> describeInputs(const onnx::GraphProto& graph);
    // Empty when no batch dimension was defaulted.
    std::string warning() const;

private:
    void applyOverride(onnx::ValueInfoProto& input, const std::vector<int64_t>& shape);
    void resolveDynamic(onnx::ValueInfoProto& input);
    static void checkSize(const onnx::ValueInfoProto& input);

    const std::map<std::string, std::vector<int64_t>>& m_overrides;
    std::vector<std::string> m_defaultedInputs;
};

} // namespace mensa
