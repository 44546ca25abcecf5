#include "onnx/WeightDataScanner.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <filesystem>
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
}

void WeightDataScanner::checkExternal(const onnx::TensorProto& tensor)
{
    std::string location = externalEntry(tensor, "location");
    if (m_checked.insert(location).second) {
        std::error_code ec;
        std::filesystem::path path = std::filesystem::path(m_baseDir) / location;
        bool found = !location.empty() && !m_baseDir.empty() && std::filesystem::is_regular_file(path, ec);
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
void WeightDataScanner::checkExtent(const onnx::TensorProto& tensor, const std::string& location,
                                    uintmax_t fileSize)
{
    uintmax_t offset = 0;
    uintmax_t length = 0;
    bool valid = parseCount(externalEntry(tensor, "offset"), offset) &&
                 parseCount(externalEntry(tensor, "length"), length);
    if (valid && offset <= fileSize && length <= fileSize - offset)
        return;
    m_truncatedTensors.push_back(tensor.name() + " (" + location + ")");
}

std::string WeightDataScanner::warning() const
{
    std::string text;
    if (!m_missingFiles.empty())
        text = "external weight data not found (" + listSome(m_missingFiles) + ")";
    if (!m_truncatedTensors.empty())
        text += (text.empty() ? "" : "; ") + std::string("external weight data ends before ") +
                listSome(m_truncatedTensors) + " (offset+length beyond the file size)";
    return text.empty() ? text : text + ": using the initializer shapes only";
}

} // namespace mensa
