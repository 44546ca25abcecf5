#pragma once

#include <onnx/onnx_pb.h>

#include <google/protobuf/io/zero_copy_stream.h>

#include <cstdint>
#include <optional>
#include <string>

namespace mensa {

// What a tensor stores in the file: raw_data bytes and typed values (float_data, int32_data,
// int64_data, double_data, uint64_data, string_data), counting the payload the reader skipped.
struct StoredPayload {
    uint64_t rawBytes = 0;
    uint64_t values = 0;
    bool skipped = false; // part of it was left out of the parsed TensorProto
};

// Characterisation needs tensor shapes, never weight values. The skipper copies serialized
// ONNX model bytes at the wire level (protobuf's CodedInputStream), leaving out large tensor
// payloads wherever tensors occur: initializers, sparse initializers, Constant values and the
// subgraphs of If/Loop/Scan, functions and training info. A skipped payload is passed over
// with Skip() (an lseek on a file), so it is neither read nor held in memory. Small payloads
// stay, because shape inference and the ShapeFolder read shape constants (Reshape shapes,
// Slice starts, Resize scales). A tensor that lost payload carries the skipped sizes as two
// unknown fields (numbers outside ONNX's range), so storedPayload() still knows them after
// parsing, copying or reordering.
class PayloadSkipper {
public:
    // Payloads at or below these sizes stay in the parsed model.
    static constexpr uint64_t kKeepBytes = 4096; // raw_data
    static constexpr uint64_t kKeepElements = 512; // float_data, double_data, int32_data
    static constexpr int kSkippedRawBytesField = 536870000;
    static constexpr int kSkippedValuesField = 536870001;

    // The first `size` bytes of `stream` (a serialized ModelProto) without large payloads;
    // nullopt when they are not well-formed protobuf (a bad wire type or varint, a length past
    // the end, a read error, nesting deeper than 100 messages).
    static std::optional<std::string> skim(
        google::protobuf::io::ZeroCopyInputStream& stream, int size);
};

// The tensor's payload as stored in the file, whether kept in the proto or skipped.
StoredPayload storedPayload(const onnx::TensorProto& tensor);

} // namespace mensa
