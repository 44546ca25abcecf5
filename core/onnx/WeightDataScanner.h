#pragma once

#include <onnx/onnx_pb.h>

#include <set>
#include <string>
#include <vector>

namespace mensa {

// Weight values are not needed for characterisation, only their shapes. The scanner drops
// large weight payloads from a parsed model (to keep memory near the file size) and checks
// that external data files exist, relative to the model's folder.
class WeightDataScanner {
public:
    explicit WeightDataScanner(std::string baseDir);

    // Clears large payloads of initializers and Constant nodes; records missing external files.
    void scan(onnx::GraphProto& graph);
    // One warning when external data files are missing, else empty.
    std::string warning() const;

private:
    void scanTensor(onnx::TensorProto& tensor);
    void checkExternal(const onnx::TensorProto& tensor);

    std::string m_baseDir;
    std::set<std::string> m_checked;
    std::vector<std::string> m_missingFiles;
};

} // namespace mensa
