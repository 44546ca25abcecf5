#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <vector>

namespace mensa {

// The dims of a tensor type whose every dimension is a known, non-negative number. False (dims
// then unspecified) for a non-tensor type, a missing shape or a symbolic or unknown dimension.
inline bool staticDims(const onnx::TypeProto& type, std::vector<int64_t>& dims)
{
    if (!type.has_tensor_type() || !type.tensor_type().has_shape())
        return false;
    dims.clear();
    for (const auto& d : type.tensor_type().shape().dim()) {
        if (!d.has_dim_value() || d.dim_value() < 0)
            return false;
        dims.push_back(d.dim_value());
    }
    return true;
}

} // namespace mensa
