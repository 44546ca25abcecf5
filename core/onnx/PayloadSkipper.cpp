#include "onnx/PayloadSkipper.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace mensa {
namespace {

using google::protobuf::io::CodedInputStream;
using Wire = google::protobuf::internal::WireFormatLite;

// The messages on the way from a ModelProto to its tensors; every other message is copied whole.
enum class Kind {
    Model,
    Graph,
    Node,
    Attribute,
    Tensor,
    SparseTensor,
    TrainingInfo,
    Function,
    Opaque
};

// ONNX field numbers (onnx.proto) of TensorProto payloads.
enum TensorFieldNumber : uint32_t {
    kFloatData = 4,
    kInt32Data = 5,
    kRawData = 9,
    kDoubleData = 10,
};

constexpr int kMaxDepth = 100; // protobuf's own default recursion limit

Kind childKind(Kind parent, uint32_t field)
{
    switch (parent) {
    case Kind::Model:
        return field == 7 ? Kind::Graph
            : field == 20 ? Kind::TrainingInfo
            : field == 25 ? Kind::Function
                          : Kind::Opaque;
    case Kind::Graph:
        return field == 1 ? Kind::Node
            : field == 5  ? Kind::Tensor
            : field == 15 ? Kind::SparseTensor
                          : Kind::Opaque;
    case Kind::Node:
        return field == 5 ? Kind::Attribute : Kind::Opaque;
    case Kind::Attribute:
        if (field == 5 || field == 10)
            return Kind::Tensor;
        if (field == 6 || field == 11)
            return Kind::Graph;
        return field == 22 || field == 23 ? Kind::SparseTensor : Kind::Opaque;
    case Kind::SparseTensor:
        return field == 1 || field == 2 ? Kind::Tensor : Kind::Opaque;
    case Kind::TrainingInfo:
        return field == 1 || field == 2 ? Kind::Graph : Kind::Opaque;
    case Kind::Function:
        return field == 7 ? Kind::Node : field == 11 ? Kind::Attribute : Kind::Opaque;
    default:
        return Kind::Opaque;
    }
}

void appendVarint(std::string& out, uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void appendLengthDelimited(std::string& out, uint32_t tag, const std::string& body)
{
    appendVarint(out, tag);
    appendVarint(out, body.size());
    out += body;
}

// One field of a TensorProto as read: copied bytes (tag included) unless it is skipped payload.
struct ReadField {
    uint32_t number = 0;
    std::string bytes;
};

// Sizes of a tensor's payload fields, summed over their (packed or not) occurrences.
struct PayloadTotals {
    uint64_t rawBytes = 0;
    uint64_t floats = 0;
    uint64_t doubles = 0;
    uint64_t int32s = 0;
};

class Skimmer {
public:
    Skimmer(google::protobuf::io::ZeroCopyInputStream& stream, int size)
        : m_in(&stream)
    {
        m_in.SetTotalBytesLimit(INT_MAX);
        m_in.PushLimit(size);
    }

    bool run(std::string& out) { return copyMessage(Kind::Model, 0, out); }

private:
    bool copyMessage(Kind kind, int depth, std::string& out)
    {
        if (depth > kMaxDepth)
            return false;
        if (kind == Kind::Tensor)
            return copyTensor(out);
        for (;;) {
            uint32_t tag = m_in.ReadTag();
            if (tag == 0)
                return m_in.ConsumedEntireMessage();
            Kind child = Wire::GetTagWireType(tag) == Wire::WIRETYPE_LENGTH_DELIMITED
                ? childKind(kind, Wire::GetTagFieldNumber(tag))
                : Kind::Opaque;
            bool ok = child == Kind::Opaque ? copyField(tag, out)
                                            : copySubmessage(tag, child, depth, out);
            if (!ok)
                return false;
        }
    }

    bool copySubmessage(uint32_t tag, Kind kind, int depth, std::string& out)
    {
        uint32_t length = 0;
        if (!readLength(length))
            return false;
        CodedInputStream::Limit limit = m_in.PushLimit(static_cast<int>(length));
        std::string body;
        bool ok = copyMessage(kind, depth + 1, body);
        m_in.PopLimit(limit);
        if (ok)
            appendLengthDelimited(out, tag, body);
        return ok;
    }

    // A length that fits in what is left of the enclosing message (so nothing past the end
    // of the input is ever allocated).
    bool readLength(uint32_t& length)
    {
        return m_in.ReadVarint32(&length) && static_cast<int64_t>(length) <= m_in.BytesUntilLimit();
    }

    // Re-encodes one field (tag and value) into `out`; groups are refused (ONNX has none).
    bool copyField(uint32_t tag, std::string& out)
    {
        appendVarint(out, tag);
        switch (Wire::GetTagWireType(tag)) {
        case Wire::WIRETYPE_VARINT: {
            uint64_t value = 0;
            if (!m_in.ReadVarint64(&value))
                return false;
            appendVarint(out, value);
            return true;
        }
        case Wire::WIRETYPE_FIXED32:
            return copyRaw(4, out);
        case Wire::WIRETYPE_FIXED64:
            return copyRaw(8, out);
        case Wire::WIRETYPE_LENGTH_DELIMITED: {
            uint32_t length = 0;
            if (!readLength(length))
                return false;
            appendVarint(out, length);
            return copyRaw(length, out);
        }
        default:
            return false;
        }
    }

    bool copyRaw(uint32_t length, std::string& out)
    {
        size_t start = out.size();
        out.resize(start + length);
        return m_in.ReadRaw(out.data() + start, static_cast<int>(length));
    }

    // Reads every field of a TensorProto, then writes it without the payloads over the limits.
    bool copyTensor(std::string& out)
    {
        std::vector<ReadField> fields;
        PayloadTotals totals;
        for (;;) {
            uint32_t tag = m_in.ReadTag();
            if (tag == 0) {
                if (!m_in.ConsumedEntireMessage())
                    return false;
                break;
            }
            ReadField field { static_cast<uint32_t>(Wire::GetTagFieldNumber(tag)), {} };
            if (!readTensorField(tag, field, totals))
                return false;
            if (!isMarker(field.number))
                fields.push_back(std::move(field));
        }
        writeTensor(fields, totals, out);
        return true;
    }

    static bool isMarker(uint32_t number)
    {
        return number == PayloadSkipper::kSkippedRawBytesField
            || number == PayloadSkipper::kSkippedValuesField;
    }

    // Payload fields are measured and, when large, skipped unread: their `bytes` stay empty.
    bool readTensorField(uint32_t tag, ReadField& field, PayloadTotals& totals)
    {
        uint32_t wireType = Wire::GetTagWireType(tag);
        bool packed = wireType == Wire::WIRETYPE_LENGTH_DELIMITED;
        if (field.number == kRawData && packed)
            return measurePacked(tag, 1, totals.rawBytes, field);
        if (field.number == kFloatData && (packed || wireType == Wire::WIRETYPE_FIXED32))
            return packed ? measurePacked(tag, 4, totals.floats, field)
                          : countOne(tag, totals.floats, field);
        if (field.number == kDoubleData && (packed || wireType == Wire::WIRETYPE_FIXED64))
            return packed ? measurePacked(tag, 8, totals.doubles, field)
                          : countOne(tag, totals.doubles, field);
        if (field.number == kInt32Data && packed)
            return measurePackedVarints(tag, totals.int32s, field);
        if (field.number == kInt32Data && wireType == Wire::WIRETYPE_VARINT)
            return countOne(tag, totals.int32s, field);
        return copyField(tag, field.bytes);
    }

    // A length-delimited payload of fixed-size elements; read only when small enough to keep.
    bool measurePacked(uint32_t tag, uint32_t elementSize, uint64_t& total, ReadField& field)
    {
        uint32_t length = 0;
        if (!readLength(length) || length % elementSize != 0)
            return false;
        total += length / elementSize;
        if (total * elementSize > keepLimitBytes(elementSize))
            return m_in.Skip(static_cast<int>(length));
        appendVarint(field.bytes, tag);
        appendVarint(field.bytes, length);
        return copyRaw(length, field.bytes);
    }

    static uint64_t keepLimitBytes(uint32_t elementSize)
    {
        return elementSize == 1 ? PayloadSkipper::kKeepBytes
                                : PayloadSkipper::kKeepElements * elementSize;
    }

    // Packed varints must be read to be counted; only a run short enough to hold at most
    // kKeepElements values (10 bytes each at most) is copied, longer ones are counted in place.
    bool measurePackedVarints(uint32_t tag, uint64_t& total, ReadField& field)
    {
        constexpr uint32_t kMaxVarintBytes = 10;
        uint32_t length = 0;
        if (!readLength(length))
            return false;
        if (length > PayloadSkipper::kKeepElements * kMaxVarintBytes)
            return countVarints(length, total);
        appendVarint(field.bytes, tag);
        appendVarint(field.bytes, length);
        size_t start = field.bytes.size();
        if (!copyRaw(length, field.bytes))
            return false;
        return countVarintEnds(
            reinterpret_cast<const unsigned char*>(field.bytes.data()) + start, length, total);
    }

    bool countVarints(uint32_t length, uint64_t& total)
    {
        while (length > 0) {
            const void* data = nullptr;
            int available = 0;
            if (!m_in.GetDirectBufferPointer(&data, &available) || available <= 0)
                return false;
            uint32_t chunk = std::min(length, static_cast<uint32_t>(available));
            bool complete = countVarintEnds(static_cast<const unsigned char*>(data), chunk, total);
            m_in.Skip(static_cast<int>(chunk));
            length -= chunk;
            if (length == 0)
                return complete;
        }
        return true;
    }

    // Adds the number of varints ending in the bytes; false when the last one is unfinished.
    static bool countVarintEnds(const unsigned char* bytes, uint32_t length, uint64_t& total)
    {
        for (uint32_t i = 0; i < length; ++i)
            total += (bytes[i] & 0x80) == 0 ? 1 : 0;
        return length == 0 || (bytes[length - 1] & 0x80) == 0;
    }

    bool countOne(uint32_t tag, uint64_t& total, ReadField& field)
    {
        ++total;
        return copyField(tag, field.bytes);
    }

    // The thresholds WeightDataScanner applied to the fully parsed model before.
    static void writeTensor(
        const std::vector<ReadField>& fields, const PayloadTotals& totals, std::string& out)
    {
        const uint64_t keep = PayloadSkipper::kKeepElements;
        bool skipRaw = totals.rawBytes > PayloadSkipper::kKeepBytes;
        bool skipFloats = totals.floats > keep;
        bool skipDoubles = totals.doubles > keep;
        bool skipInt32s = totals.int32s > keep;
        auto skipped = [&](uint32_t number) {
            return (number == kRawData && skipRaw) || (number == kFloatData && skipFloats)
                || (number == kDoubleData && skipDoubles) || (number == kInt32Data && skipInt32s);
        };
        for (const auto& field : fields)
            if (!skipped(field.number))
                out += field.bytes;
        uint64_t values = (skipFloats ? totals.floats : 0) + (skipDoubles ? totals.doubles : 0)
            + (skipInt32s ? totals.int32s : 0);
        appendMarker(out, PayloadSkipper::kSkippedRawBytesField, skipRaw ? totals.rawBytes : 0);
        appendMarker(out, PayloadSkipper::kSkippedValuesField, values);
    }

    static void appendMarker(std::string& out, int number, uint64_t value)
    {
        if (value == 0)
            return;
        appendVarint(out, Wire::MakeTag(number, Wire::WIRETYPE_VARINT));
        appendVarint(out, value);
    }

    CodedInputStream m_in;
};

} // namespace

std::optional<std::string> PayloadSkipper::skim(
    google::protobuf::io::ZeroCopyInputStream& stream, int size)
{
    std::string out;
    if (size < 0 || !Skimmer(stream, size).run(out))
        return std::nullopt;
    return out;
}

StoredPayload storedPayload(const onnx::TensorProto& tensor)
{
    StoredPayload payload;
    payload.rawBytes = tensor.raw_data().size();
    payload.values = static_cast<uint64_t>(tensor.float_data_size()) + tensor.int32_data_size()
        + tensor.int64_data_size() + tensor.double_data_size() + tensor.uint64_data_size()
        + tensor.string_data_size();
    const google::protobuf::UnknownFieldSet& unknown = tensor.unknown_fields();
    for (int i = 0; i < unknown.field_count(); ++i) {
        const auto& field = unknown.field(i);
        if (field.type() != google::protobuf::UnknownField::TYPE_VARINT)
            continue;
        if (field.number() == PayloadSkipper::kSkippedRawBytesField)
            payload.rawBytes += field.varint();
        else if (field.number() == PayloadSkipper::kSkippedValuesField)
            payload.values += field.varint();
        else
            continue;
        payload.skipped = true;
    }
    return payload;
}

} // namespace mensa
