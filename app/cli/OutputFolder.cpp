#include "OutputFolder.h"

#include "util/Error.h"

#include <filesystem>

namespace mensa::cli {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(std::string path)
    : m_path(std::move(path))
{
    std::error_code ec;
    if (fs::exists(m_path, ec)) {
        if (!fs::is_directory(m_path, ec))
            throw MensaError(m_path, "exists and is not a folder");
        return;
    }
    if (!fs::create_directories(m_path, ec) || ec)
        throw MensaError(m_path, "cannot create the folder: " + ec.message());
    m_created = true;
}

OutputFolder::~OutputFolder()
{
    std::error_code ec;
    if (m_created && !m_kept && fs::is_empty(m_path, ec))
        fs::remove(m_path, ec);
}

std::string OutputFolder::file(const std::string& name) const
{
    return (fs::path(m_path) / name).string();
}

} // namespace mensa::cli
