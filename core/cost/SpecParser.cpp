#include "cost/SpecParser.h"

#include "cost/SpecValidator.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/ResourceLocator.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace mensa {
namespace {

namespace fs = std::filesystem;
using google::protobuf::TextFormat;
namespace io = google::protobuf::io;

constexpr std::uintmax_t kMaxSpecBytes = 4u << 20;
const char* const kSpecExtensions[] = { ".textproto", ".txtpb", ".pbtxt" };

// Keeps the first syntax error with its 1-based position.
class FirstErrorCollector : public io::ErrorCollector {
public:
    void AddError(int line, io::ColumnNumber column, const std::string& message) override
    {
        if (!m_has) {
            m_has = true;
            m_line = line + 1;
            m_column = column + 1;
            m_message = message;
        }
    }
    bool has() const { return m_has; }
    std::string where(const std::string& file) const
    {
        return file + ":" + std::to_string(m_line) + ":" + std::to_string(m_column);
    }
    const std::string& message() const { return m_message; }

private:
    bool m_has = false;
    int m_line = 0;
    int m_column = 0;
    std::string m_message;
};

// A file is a SystemSpec when its top level names `accelerators` or `links`.
bool looksLikeSystem(const std::string& text)
{
    io::ArrayInputStream stream(text.data(), static_cast<int>(text.size()));
    FirstErrorCollector ignored;
    io::Tokenizer tokenizer(&stream, &ignored);
    tokenizer.set_comment_style(io::Tokenizer::SH_COMMENT_STYLE);
    int depth = 0;
    while (tokenizer.Next()) {
        const auto& token = tokenizer.current();
        if (token.text == "{" || token.text == "<")
            ++depth;
        else if (token.text == "}" || token.text == ">")
            --depth;
        else if (depth == 0 && token.type == io::Tokenizer::TYPE_IDENTIFIER
            && (token.text == "accelerators" || token.text == "links"))
            return true;
    }
    return false;
}

} // namespace

void parseProtoText(const std::string& text, const std::string& displayName,
    google::protobuf::Message& message, TextFormat::ParseInfoTree& tree)
{
    FirstErrorCollector errors;
    TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    parser.WriteLocationsTo(&tree);
    if (!parser.ParseFromString(text, &message)) {
        if (errors.has())
            throw MensaError(errors.where(displayName), errors.message());
        throw MensaError(displayName, "not a valid protobuf text-format spec");
    }
}

namespace {

std::string readFile(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw MensaError(path, "no such spec file");
    if (requireRegularFile(path) > kMaxSpecBytes)
        throw MensaError(path, "spec file is larger than 4 MiB");
    return readRegularFile(path, kMaxSpecBytes);
}

bool hasSpecExtension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    return std::find(std::begin(kSpecExtensions), std::end(kSpecExtensions), ext)
        != std::end(kSpecExtensions);
}

} // namespace

SystemSpecPtr parseSystemSpecText(const std::string& text, const std::string& displayName)
{
    auto system = std::make_shared<spec::SystemSpec>();
    TextFormat::ParseInfoTree tree;
    if (looksLikeSystem(text)) {
        parseProtoText(text, displayName, *system, tree);
        validateSystem(*system, &tree, displayName);
        return system;
    }
    spec::AcceleratorSpec accelerator;
    parseProtoText(text, displayName, accelerator, tree);
    validateAccelerator(accelerator, &tree, displayName, "");
    system->set_name(accelerator.name());
    *system->add_accelerators() = std::move(accelerator);
    return system;
}

SystemSpecPtr loadSystemSpecFile(const std::string& path)
{
    return parseSystemSpecText(readFile(path), path);
}

std::string resolveSystemSpecPath(const std::string& nameOrPath)
{
    std::error_code ec;
    if (hasSpecExtension(nameOrPath) || fs::is_regular_file(nameOrPath, ec)
        || nameOrPath.find('/') != std::string::npos)
        return nameOrPath;
    std::string path = findBuiltinSpec(nameOrPath);
    if (path.empty()) {
        std::string known;
        for (const auto& name : builtinSpecNames())
            known += (known.empty() ? "" : ", ") + name;
        throw MensaError(nameOrPath,
            "no such accelerator spec (built-in: "
                + (known.empty() ? std::string("none found") : known)
                + ", or give a .textproto file; "
                + ResourceLocator().searchedText(ResourceKind::AcceleratorSpecs) + ")");
    }
    return path;
}

std::string readSpecFile(const std::string& path)
{
    return readFile(path);
}

SystemSpecPtr loadSystemSpec(const std::string& nameOrPath)
{
    return loadSystemSpecFile(resolveSystemSpecPath(nameOrPath));
}

std::vector<std::string> specSearchDirs()
{
    return ResourceLocator().searchDirs(ResourceKind::AcceleratorSpecs);
}

std::string findBuiltinSpec(const std::string& name)
{
    return ResourceLocator().findAcceleratorSpec(name);
}

std::vector<std::string> builtinSpecNames()
{
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& dir : specSearchDirs()) {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".textproto")
                names.insert(it->path().stem().string());
    }
    return { names.begin(), names.end() };
}

} // namespace mensa
