#include "StreamingFile.h"

#include "util/Error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace mensa::cli {

StreamingFile::StreamingFile(std::string path)
    : m_path(std::move(path))
{
    namespace fs = std::filesystem;
    fs::path target(m_path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    m_temporary = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(m_temporary.data());
    if (fd < 0)
        throw MensaError(
            m_path, std::string("cannot create a temporary file: ") + std::strerror(errno));
    mode_t mask = ::umask(0); // mkstemp makes 0600; give the file the usual 0666 & ~umask
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    m_file = ::fdopen(fd, "w");
    if (!m_file) {
        ::close(fd);
        std::remove(m_temporary.c_str());
        throw MensaError(m_path, std::string("cannot open the file: ") + std::strerror(errno));
    }
}

StreamingFile::~StreamingFile()
{
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_temporary.c_str());
    }
}

void StreamingFile::write(const std::string& text)
{
    if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size())
        throw MensaError(m_path, std::string("cannot write the file: ") + std::strerror(errno));
}

void StreamingFile::commit()
{
    bool ok = std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    ok = std::fclose(m_file) == 0 && ok;
    m_file = nullptr;
    if (!ok || std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(m_temporary.c_str());
        throw MensaError(m_path, "cannot write the file: " + reason);
    }
}

} // namespace mensa::cli
