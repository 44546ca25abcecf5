#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <vector>

namespace mensa {

// The values of an initializer as the pruner edits them: gather along one axis, magnitudes
// per index of one axis, zeroing the smallest weights. A tensor without data (external data
// that is not there) keeps no values: only its dims change.
class TensorData {
public:
    // Bytes per element of an ONNX data type (0 for strings and unknown types).
    static int elementSize(int dataType);
    // True when the tensor holds its values (raw_data or a typed field), not only a shape.
    static bool hasValues(const onnx::TensorProto& tensor);
    // Keeps the positions `kept` (ascending) along `axis`, in data and dims.
    static void gather(onnx::TensorProto& tensor, int axis, const std::vector<int64_t>& kept);
    // Sum of |value| per index along `axis` (empty when the tensor has no float values).
    static std::vector<double> l1PerIndex(const onnx::TensorProto& tensor, int axis);
    // Sets the `count` smallest-magnitude float values to zero; returns the number of zeros
    // afterwards, or -1 when the tensor has no float values.
    static int64_t zeroSmallest(onnx::TensorProto& tensor, int64_t count);
    static int64_t elementCount(const onnx::TensorProto& tensor);
};

} // namespace mensa
