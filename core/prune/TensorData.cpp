#include "prune/TensorData.h"

#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mensa {
namespace {

using Tensor = onnx::TensorProto;

// Outer x axis x inner element counts of a gather along `axis`.
struct AxisSplit {
    int64_t outer = 1;
    int64_t extent = 1;
    int64_t inner = 1;
};

AxisSplit split(const Tensor& t, int axis)
{
    AxisSplit s;
    for (int i = 0; i < t.dims_size(); ++i) {
        if (i < axis)
            s.outer *= t.dims(i);
        else if (i == axis)
            s.extent = t.dims(i);
        else
            s.inner *= t.dims(i);
    }
    return s;
}

template <typename Field>
void gatherField(Field& field, const AxisSplit& s, const std::vector<int64_t>& kept)
{
    Field out;
    out.Reserve(static_cast<int>(s.outer * int64_t(kept.size()) * s.inner));
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t k : kept)
            for (int64_t i = 0; i < s.inner; ++i)
                out.Add(field.Get(static_cast<int>((o * s.extent + k) * s.inner + i)));
    field.Swap(&out);
}

void gatherRaw(std::string& raw, size_t size, const AxisSplit& s, const std::vector<int64_t>& kept)
{
    std::string out(static_cast<size_t>(s.outer) * kept.size() * s.inner * size, '\0');
    const size_t run = static_cast<size_t>(s.inner) * size;
    char* dst = out.data();
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t k : kept) {
            std::memcpy(dst, raw.data() + static_cast<size_t>(o * s.extent + k) * run, run);
            dst += run;
        }
    raw.swap(out);
}

// The float values of a tensor, read or written through one accessor.
float* rawFloats(Tensor& t)
{
    return reinterpret_cast<float*>(t.mutable_raw_data()->data());
}

} // namespace

int TensorData::elementSize(int dataType)
{
    switch (dataType) {
    case Tensor::FLOAT:
    case Tensor::INT32:
    case Tensor::UINT32:
        return 4;
    case Tensor::UINT8:
    case Tensor::INT8:
    case Tensor::BOOL:
        return 1;
    case Tensor::UINT16:
    case Tensor::INT16:
    case Tensor::FLOAT16:
    case Tensor::BFLOAT16:
        return 2;
    case Tensor::INT64:
    case Tensor::UINT64:
    case Tensor::DOUBLE:
        return 8;
    default:
        return 0;
    }
}

int64_t TensorData::elementCount(const Tensor& tensor)
{
    int64_t n = 1;
    for (int64_t d : tensor.dims())
        n *= d;
    return n;
}

bool TensorData::hasValues(const Tensor& t)
{
    if (t.data_location() == Tensor::EXTERNAL)
        return false;
    return !t.raw_data().empty() || t.float_data_size() > 0 || t.int32_data_size() > 0
        || t.int64_data_size() > 0 || t.double_data_size() > 0 || elementCount(t) == 0;
}

void TensorData::gather(Tensor& t, int axis, const std::vector<int64_t>& kept)
{
    const AxisSplit s = split(t, axis);
    const int64_t total = s.outer * s.extent * s.inner;
    if (hasValues(t)) {
        const int size = elementSize(t.data_type());
        if (!t.raw_data().empty()) {
            if (size == 0 || int64_t(t.raw_data().size()) != total * size)
                throw MensaError("", "tensor '" + t.name() + "' holds data of another size");
            gatherRaw(*t.mutable_raw_data(), size_t(size), s, kept);
        }
        else if (t.float_data_size() == total)
            gatherField(*t.mutable_float_data(), s, kept);
        else if (t.int32_data_size() == total)
            gatherField(*t.mutable_int32_data(), s, kept);
        else if (t.int64_data_size() == total)
            gatherField(*t.mutable_int64_data(), s, kept);
        else if (t.double_data_size() == total)
            gatherField(*t.mutable_double_data(), s, kept);
        else if (total > 0)
            throw MensaError("", "tensor '" + t.name() + "' holds data of another size");
    }
    t.set_dims(axis, int64_t(kept.size()));
}

std::vector<double> TensorData::l1PerIndex(const Tensor& t, int axis)
{
    if (t.data_type() != Tensor::FLOAT || !hasValues(t))
        return {};
    const AxisSplit s = split(t, axis);
    const int64_t total = s.outer * s.extent * s.inner;
    const bool raw = !t.raw_data().empty();
    if ((raw && int64_t(t.raw_data().size()) != total * 4)
        || (!raw && t.float_data_size() != total))
        return {};
    std::vector<double> sums(static_cast<size_t>(s.extent), 0.0);
    const float* values = raw ? reinterpret_cast<const float*>(t.raw_data().data()) : nullptr;
    for (int64_t o = 0; o < s.outer; ++o)
        for (int64_t k = 0; k < s.extent; ++k)
            for (int64_t i = 0; i < s.inner; ++i) {
                const int64_t at = (o * s.extent + k) * s.inner + i;
                sums[size_t(k)] += std::fabs(raw ? values[at] : t.float_data(int(at)));
            }
    return sums;
}

int64_t TensorData::zeroSmallest(Tensor& t, int64_t count)
{
    if (t.data_type() != Tensor::FLOAT || !hasValues(t))
        return -1;
    const int64_t total = elementCount(t);
    const bool raw = !t.raw_data().empty();
    if ((raw && int64_t(t.raw_data().size()) != total * 4)
        || (!raw && t.float_data_size() != total))
        return -1;
    float* values = raw ? rawFloats(t) : t.mutable_float_data()->mutable_data();
    count = std::clamp<int64_t>(count, 0, total);
    if (count > 0) {
        // The count-th smallest magnitude is the threshold: everything below it goes, then
        // values equal to it (in index order) until `count` are gone.
        std::vector<float> magnitudes(static_cast<size_t>(total));
        for (int64_t i = 0; i < total; ++i)
            magnitudes[size_t(i)] = std::fabs(values[i]);
        std::nth_element(magnitudes.begin(), magnitudes.begin() + (count - 1), magnitudes.end());
        const float threshold = magnitudes[size_t(count - 1)];
        int64_t zeroed = 0;
        for (int64_t i = 0; i < total; ++i)
            if (std::fabs(values[i]) < threshold) {
                values[i] = 0.0f;
                ++zeroed;
            }
        for (int64_t i = 0; i < total && zeroed < count; ++i)
            if (values[i] != 0.0f && std::fabs(values[i]) == threshold) {
                values[i] = 0.0f;
                ++zeroed;
            }
    }
    return std::count(values, values + total, 0.0f);
}

} // namespace mensa
