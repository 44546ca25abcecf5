#include "onnx/OnnxModelReader.h"

#include "onnx/PayloadSkipper.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace mensa {
namespace {

constexpr int kBlockBytes = 8192;

// Parses the model bytes PayloadSkipper kept (nullopt: the input was not well-formed).
void parseSkimmed(const std::optional<std::string>& skimmed, onnx::ModelProto& model)
{
    google::protobuf::io::CodedInputStream coded(
        reinterpret_cast<const uint8_t*>(skimmed ? skimmed->data() : ""),
        skimmed ? static_cast<int>(skimmed->size()) : 0);
    // Weight-heavy models exceed protobuf's default 64 MB limit; protobuf itself caps at 2 GB.
    coded.SetTotalBytesLimit(INT_MAX);
    if (!skimmed || !model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
        throw MensaError("",
            "not a valid ONNX file (protobuf parse failed: truncated, corrupt or another format)");
}

// Closes the descriptor on every path.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {
    }
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

onnx::ModelProto OnnxModelReader::parseFile(const std::string& path)
{
    onnx::ModelProto model;
    parseFileInto(path, model);
    return model;
}

onnx::ModelProto OnnxModelReader::parseBytes(const std::string& bytes)
{
    onnx::ModelProto model;
    parseBytesInto(bytes, model);
    return model;
}

void OnnxModelReader::parseFileInto(const std::string& path, onnx::ModelProto& model)
{
    requireRegularFile(path); // before open: opening a FIFO would wait for a writer
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0)
        throw MensaError("", std::string("cannot open file (") + std::strerror(errno) + ")");
    struct stat info { };
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode))
        throw MensaError("", "not a regular file");
    if (info.st_size >= INT_MAX)
        throw MensaError(
            "", "file is 2 GB or larger; ONNX keeps such weights in external data files");
    // Small blocks: after each skipped payload (an lseek) only the next tensor's header is read.
    google::protobuf::io::FileInputStream stream(fd.get(), kBlockBytes);
    std::optional<std::string> skimmed
        = PayloadSkipper::skim(stream, static_cast<int>(info.st_size));
    if (stream.GetErrno() != 0)
        throw MensaError("", std::string("read error (") + std::strerror(stream.GetErrno()) + ")");
    // Skipped payloads are seeked over, and a seek past the end succeeds: a file cut short
    // while being read must not pass for a complete one.
    struct stat after { };
    if (::fstat(fd.get(), &after) != 0 || after.st_size != info.st_size)
        throw MensaError("", "the file changed while it was being read");
    parseSkimmed(skimmed, model);
}

void OnnxModelReader::parseBytesInto(const std::string& bytes, onnx::ModelProto& model)
{
    if (bytes.size() >= static_cast<size_t>(INT_MAX))
        throw MensaError(
            "", "model is 2 GB or larger; ONNX keeps such weights in external data files");
    google::protobuf::io::ArrayInputStream stream(bytes.data(), static_cast<int>(bytes.size()));
    parseSkimmed(PayloadSkipper::skim(stream, static_cast<int>(bytes.size())), model);
}

int OnnxModelReader::validate(const onnx::ModelProto& model)
{
    if (!model.has_graph() || model.ir_version() <= 0)
        throw MensaError("", "not an ONNX model (no IR version or graph)");
    int opset = -1;
    for (const auto& import : model.opset_import())
        if (import.domain().empty() || import.domain() == "ai.onnx")
            opset = static_cast<int>(std::min<int64_t>(import.version(), INT_MAX));
    if (opset < 0)
        throw MensaError("", "the model imports no opset of the default ONNX domain");
    if (model.graph().node_size() == 0)
        throw MensaError("", "the graph is empty (no nodes)");
    return opset;
}

} // namespace mensa
