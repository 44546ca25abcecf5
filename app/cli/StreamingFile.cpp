#include "StreamingFile.h"

#include "util/Error.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace mensa::cli {
namespace {

// The temporary file being written, for the signal handler (one streaming file at a time).
char g_temporary[4096] = "";

// Ctrl-C or a killed job: remove the half-written file, then die of the signal as usual.
extern "C" void removeTemporaryAndRaise(int signal)
{
    if (g_temporary[0])
        ::unlink(g_temporary);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void watch(const std::string& temporary)
{
    if (temporary.size() >= sizeof g_temporary)
        return;
    std::memcpy(g_temporary, temporary.c_str(), temporary.size() + 1);
    for (int signal : { SIGINT, SIGTERM, SIGHUP })
        std::signal(signal, removeTemporaryAndRaise);
}

void unwatch()
{
    for (int signal : { SIGINT, SIGTERM, SIGHUP })
        std::signal(signal, SIG_DFL);
    g_temporary[0] = '\0';
}

} // namespace

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
    watch(m_temporary);
    m_file = ::fdopen(fd, "w");
    if (!m_file) {
        unwatch();
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
        unwatch();
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
    unwatch();
    if (!ok || std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(m_temporary.c_str());
        throw MensaError(m_path, "cannot write the file: " + reason);
    }
}

} // namespace mensa::cli
