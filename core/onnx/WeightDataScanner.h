#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mensa {

// A model that says in its metadata_props that its external weight files are not shipped (the
// bundled samples: shapes are all they carry) gets no warning for the missing files.
inline constexpr const char* kWeightsMetadataKey = "mensa.weights";
inline constexpr const char* kShapesOnlyValue
    = "shapes only: the external data files are not shipped";
// Whether `model` carries that entry.
bool declaresShapesOnly(const onnx::ModelProto& model);

// Weight values are not needed for characterisation, only their shapes (OnnxModelReader
// leaves large payloads unread). The scanner checks that external data files exist, relative
// to the model's folder, and are long enough for the offset+length each tensor names (sizes
// only: the files are never read). It refuses (MensaError) a location outside the model's
// folder, an external file that is a FIFO, device or folder, and a tensor whose declared dims
// disagree with the bytes or values the file stores for it.
class WeightDataScanner {
public:
    explicit WeightDataScanner(std::string baseDir);

    // Records missing and too short external files of initializers and Constant nodes.
    void scan(onnx::GraphProto& graph);
    // One warning when external data files are missing or too short, else empty; missing files
    // are left out when the model declares it ships shapes only (declaresShapesOnly).
    std::string warning(bool missingFilesExpected = false) const;

private:
    void scanTensor(onnx::TensorProto& tensor);
    void checkDeclaredSize(const onnx::TensorProto& tensor);
    void checkExternal(const onnx::TensorProto& tensor);
    void checkExtent(
        const onnx::TensorProto& tensor, const std::string& location, uintmax_t fileSize);

    std::string m_baseDir;
    std::set<std::string> m_checked;
    std::map<std::string, uintmax_t> m_fileSizes; // existing external files by location
    std::vector<std::string> m_missingFiles;
    std::vector<std::string> m_truncatedTensors; // "tensor (location)" past the file's end
};

} // namespace mensa
