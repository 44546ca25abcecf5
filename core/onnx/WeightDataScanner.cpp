#include "onnx/WeightDataScanner.h"

#include <algorithm>
#include <string>
#include <filesystem>
#include <system_error>

namespace mensa {
namespace {

// Payloads above this size are weights, never the shape/axes/scales constants that shape
// inference reads.
constexpr size_t kKeepBytes = 4096;
constexpr int kKeepElements = 512;

void clearPayload(onnx::TensorProto& tensor)
{
    if (tensor.raw_data().size() > kKeepBytes)
        tensor.clear_raw_data();
    if (tensor.float_data_size() > kKeepElements)
        tensor.clear_float_data();
    if (tensor.double_data_size() > kKeepElements)
        tensor.clear_double_data();
    if (tensor.int32_data_size() > kKeepElements && tensor.data_type() != onnx::TensorProto::INT64)
        tensor.clear_int32_data();
}

} // namespace

WeightDataScanner::WeightDataScanner(std::string baseDir) : m_baseDir(std::move(baseDir)) {}

void WeightDataScanner::scan(onnx::GraphProto& graph)
{
    for (auto& tensor : *graph.mutable_initializer())
        scanTensor(tensor);
    for (auto& node : *graph.mutable_node())
        for (auto& attr : *node.mutable_attribute())
            if (attr.has_t())
                scanTensor(*attr.mutable_t());
}

void WeightDataScanner::scanTensor(onnx::TensorProto& tensor)
{
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
        checkExternal(tensor);
    else
        clearPayload(tensor);
}

void WeightDataScanner::checkExternal(const onnx::TensorProto& tensor)
{
    std::string location;
    for (const auto& entry : tensor.external_data())
        if (entry.key() == "location")
            location = entry.value();
    if (!m_checked.insert(location).second)
        return;
    std::error_code ec;
    bool found = !location.empty() && !m_baseDir.empty() &&
                 std::filesystem::is_regular_file(std::filesystem::path(m_baseDir) / location, ec);
    if (!found)
        m_missingFiles.push_back(location.empty() ? "(no location)" : location);
}

std::string WeightDataScanner::warning() const
{
    if (m_missingFiles.empty())
        return {};
    std::string list;
    constexpr size_t kListed = 3;
    for (size_t i = 0; i < std::min(kListed, m_missingFiles.size()); ++i)
        list += (list.empty() ? "" : ", ") + m_missingFiles[i];
    if (m_missingFiles.size() > kListed)
        list += " and " + std::to_string(m_missingFiles.size() - kListed) + " more";
    return "external weight data not found (" + list + "): using the initializer shapes only";
}

} // namespace mensa
