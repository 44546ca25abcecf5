#include "onnx/WeightDataScanner.h"

#include "onnx/PayloadSkipper.h"

#include "util/Error.h"
#include "util/RegularFile.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string>
#include <system_error>

namespace mensa {
namespace {

std::string externalEntry(const onnx::TensorProto& tensor, const std::string& key)
{
    for (const auto& entry : tensor.external_data())
        if (entry.key() == key)
            return entry.value();
    return {};
}

// Non-negative decimal count; an absent entry counts as 0 (ONNX's default offset and length).
bool parseCount(const std::string& text, uintmax_t& value)
{
    value = 0;
    if (text.empty())
        return true;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

std::string listSome(const std::vector<std::string>& items)
{
    constexpr size_t kListed = 3;
    std::string list;
    for (size_t i = 0; i < std::min(kListed, items.size()); ++i)
        list += (list.empty() ? "" : ", ") + items[i];
    if (items.size() > kListed)
        list += " and " + std::to_string(items.size() - kListed) + " more";
    return list;
}

namespace fs = std::filesystem;

constexpr int kMaxSymlinks = 40; // as the kernel's own limit

// Resolves every symlink of an absolute path, dangling ones included (weakly_canonical stops
// at the first missing component), so where a location leads never depends on whether its
// target exists. False on a loop or an unreadable link.
bool resolveLinks(const fs::path& absolute, fs::path& out, int& budget)
{
    out = absolute.root_path();
    for (const auto& part : absolute.relative_path()) {
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            out = out.parent_path();
            continue;
        }
        fs::path next = out / part;
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(next, ec))) {
            out = next;
            continue;
        }
        fs::path target = fs::read_symlink(next, ec);
        if (ec || --budget < 0)
            return false;
        fs::path joined = target.is_absolute() ? target : out / target;
        if (!resolveLinks(joined, out, budget))
            return false;
    }
    return true;
}

// Whether `target` lies strictly below `base` (both resolved, absolute).
bool isBelow(const fs::path& base, const fs::path& target)
{
    auto t = target.begin();
    for (auto b = base.begin(); b != base.end(); ++b, ++t)
        if (t == target.end() || *t != *b)
            return false;
    return t != target.end();
}

// The ONNX rule: a location is a relative path that stays inside the model's folder once
// every symlink is resolved. Without a folder (a model from memory) only the text is judged.
bool locationAllowed(const std::string& baseDir, const std::string& location)
{
    fs::path relative(location);
    if (location.find('\0') != std::string::npos || relative.has_root_path())
        return false;
    if (baseDir.empty()) {
        fs::path normal = relative.lexically_normal();
        return !normal.empty() && *normal.begin() != ".." && normal != ".";
    }
    int budget = kMaxSymlinks;
    fs::path base;
    fs::path target;
    return resolveLinks(fs::absolute(baseDir), base, budget)
        && resolveLinks(base / relative, target, budget) && isBelow(base, target);
}

// Types newer than the installed ONNX headers: the FLOAT8 family, then packed 4-bit ones.
constexpr int kFirstFloat8 = 17; // FLOAT8E4M3FN .. FLOAT8E5M2FNUZ = 17..20
constexpr int kLastFloat8 = 20;
constexpr int kUint4 = 21, kInt4 = 22, kFloat4E2M1 = 23;

bool isFourBit(int type)
{
    return type == kUint4 || type == kInt4 || type == kFloat4E2M1;
}

// Bytes of one element; 0 for strings and unknown types (not checked). Four-bit types count
// as 1 here and are packed two to a byte by storedBytes.
uint64_t elementBytes(int type)
{
    using T = onnx::TensorProto;
    switch (type) {
    case T::DOUBLE:
    case T::INT64:
    case T::UINT64:
    case T::COMPLEX64:
        return 8;
    case T::COMPLEX128:
        return 16;
    case T::FLOAT:
    case T::INT32:
    case T::UINT32:
        return 4;
    case T::FLOAT16:
    case T::BFLOAT16:
    case T::INT16:
    case T::UINT16:
        return 2;
    case T::UINT8:
    case T::INT8:
    case T::BOOL:
        return 1;
    default:
        return (type >= kFirstFloat8 && type <= kLastFloat8) || isFourBit(type) ? 1 : 0;
    }
}

std::string tensorLabel(const onnx::TensorProto& tensor)
{
    return "tensor '" + tensor.name() + "'";
}

std::string dimsText(const onnx::TensorProto& tensor)
{
    std::string text;
    for (int64_t d : tensor.dims())
        text += (text.empty() ? "" : "x") + std::to_string(d);
    return text.empty() ? "a scalar" : text;
}

// The element count the dims declare; refuses negative dims and counts above 2^56 (so that
// count x 16 bytes, the widest element, still fits 64 bits).
uint64_t declaredElements(const onnx::TensorProto& tensor)
{
    uint64_t count = 1;
    for (int64_t d : tensor.dims()) {
        if (d < 0)
            throw MensaError(
                "", tensorLabel(tensor) + " has the negative dimension " + std::to_string(d));
        if (__builtin_mul_overflow(count, static_cast<uint64_t>(d), &count)
            || count > (uint64_t(1) << 56))
            throw MensaError("",
                tensorLabel(tensor) + " declares dims " + dimsText(tensor) + ", too many elements");
    }
    return count;
}

// Bytes the declared dims need in raw_data or external data (0: type not checked).
uint64_t storedBytes(const onnx::TensorProto& tensor, uint64_t elements)
{
    uint64_t size = elementBytes(tensor.data_type());
    return isFourBit(tensor.data_type()) ? (elements + 1) / 2 : elements * size;
}

// Values the declared dims need in the typed repeated field that holds them.
uint64_t storedValues(const onnx::TensorProto& tensor, uint64_t elements)
{
    using T = onnx::TensorProto;
    int type = tensor.data_type();
    if (type == T::COMPLEX64 || type == T::COMPLEX128)
        return 2 * elements;
    return isFourBit(type) ? (elements + 1) / 2 : elements;
}

[[noreturn]] void refuseSize(
    const onnx::TensorProto& tensor, uint64_t expected, uint64_t actual, const char* unit)
{
    throw MensaError("",
        tensorLabel(tensor) + " declares dims " + dimsText(tensor) + " (" + std::to_string(expected)
            + " " + unit + ") but stores " + std::to_string(actual) + " " + unit);
}

} // namespace

WeightDataScanner::WeightDataScanner(std::string baseDir)
    : m_baseDir(std::move(baseDir))
{
}

void WeightDataScanner::scan(onnx::GraphProto& graph)
{
    for (auto& tensor : *graph.mutable_initializer())
        scanTensor(tensor);
    for (auto& node : *graph.mutable_node())
        for (auto& attr : *node.mutable_attribute())
            if (attr.has_t())
                scanTensor(*attr.mutable_t());
}

// Declared dims must match the data actually stored (the cost counts the declared dims): a
// tensor with no data at all (a weightless export) only declares its shape and passes.
void WeightDataScanner::checkDeclaredSize(const onnx::TensorProto& tensor)
{
    uint64_t elements = declaredElements(tensor);
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
        uintmax_t length = 0;
        std::string text = externalEntry(tensor, "length");
        uint64_t expected = storedBytes(tensor, elements);
        if (!text.empty() && expected > 0 && parseCount(text, length) && length != expected)
            refuseSize(tensor, expected, length, "bytes of external data");
        return;
    }
    // What the file stores, whether the reader kept the payload or skipped it (PayloadSkipper).
    const StoredPayload stored = storedPayload(tensor);
    if (stored.rawBytes > 0) {
        uint64_t expected = storedBytes(tensor, elements);
        if (expected > 0 && stored.rawBytes != expected)
            refuseSize(tensor, expected, stored.rawBytes, "bytes");
    }
    else if (stored.values > 0
        && (elementBytes(tensor.data_type()) > 0 || tensor.data_type() == onnx::TensorProto::STRING)
        && stored.values != storedValues(tensor, elements)) {
        refuseSize(tensor, storedValues(tensor, elements), stored.values, "values");
    }
}

void WeightDataScanner::scanTensor(onnx::TensorProto& tensor)
{
    checkDeclaredSize(tensor);
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
        checkExternal(tensor);
}

void WeightDataScanner::checkExternal(const onnx::TensorProto& tensor)
{
    std::string location = externalEntry(tensor, "location");
    if (m_checked.insert(location).second) {
        // The same line whether or not the target exists: nothing about it is revealed.
        if (!location.empty() && !locationAllowed(m_baseDir, location))
            throw MensaError("",
                tensorLabel(tensor) + ": external data location '" + location
                    + "' is refused (ONNX allows only a relative path inside the model's folder)");
        std::error_code ec;
        std::filesystem::path path = std::filesystem::path(m_baseDir) / location;
        if (!location.empty() && !m_baseDir.empty()) {
            std::string problem = regularFileProblem(path.string());
            if (problem.rfind("is ", 0) == 0) // a FIFO, device or folder; absent stays a warning
                throw MensaError(
                    "", tensorLabel(tensor) + ": external data file '" + location + "' " + problem);
        }
        bool found
            = !location.empty() && !m_baseDir.empty() && std::filesystem::is_regular_file(path, ec);
        uintmax_t size = found ? std::filesystem::file_size(path, ec) : 0;
        if (found && !ec)
            m_fileSizes[location] = size;
        else
            m_missingFiles.push_back(location.empty() ? "(no location)" : location);
    }
    if (auto it = m_fileSizes.find(location); it != m_fileSizes.end())
        checkExtent(tensor, location, it->second);
}

// A reference past the end of its file (a truncated download or copy) is reported, never read.
void WeightDataScanner::checkExtent(
    const onnx::TensorProto& tensor, const std::string& location, uintmax_t fileSize)
{
    uintmax_t offset = 0;
    uintmax_t length = 0;
    bool valid = parseCount(externalEntry(tensor, "offset"), offset)
        && parseCount(externalEntry(tensor, "length"), length);
    if (valid && offset <= fileSize && length <= fileSize - offset)
        return;
    m_truncatedTensors.push_back(tensor.name() + " (" + location + ")");
}

bool declaresShapesOnly(const onnx::ModelProto& model)
{
    for (const auto& entry : model.metadata_props())
        if (entry.key() == kWeightsMetadataKey && entry.value() == kShapesOnlyValue)
            return true;
    return false;
}

std::string WeightDataScanner::warning(bool missingFilesExpected) const
{
    std::string text;
    if (!m_missingFiles.empty() && !missingFilesExpected)
        text = "external weight data not found (" + listSome(m_missingFiles) + ")";
    if (!m_truncatedTensors.empty())
        text += (text.empty() ? "" : "; ") + std::string("external weight data ends before ")
            + listSome(m_truncatedTensors) + " (offset+length beyond the file size)";
    return text.empty() ? text : text + ": using the initializer shapes only";
}

} // namespace mensa
