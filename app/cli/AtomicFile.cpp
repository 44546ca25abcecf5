#include "AtomicFile.h"

#include "util/Error.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace mensa::cli {

void writeFileAtomically(const std::string& path, const std::string& content)
{
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = mkstemp(pattern.data());
    if (fd < 0)
        throw MensaError(
            path, std::string("cannot create a temporary file: ") + std::strerror(errno));
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += size_t(n);
    }
    mode_t mask = ::umask(0); // mkstemp makes 0600; give the file the usual 0666 & ~umask
    ::umask(mask);
    bool ok = written == content.size() && ::fchmod(fd, 0666 & ~mask) == 0 && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(pattern.c_str(), path.c_str()) != 0) {
        std::string reason = std::strerror(errno);
        std::remove(pattern.c_str());
        throw MensaError(path, "cannot write the file: " + reason);
    }
}

} // namespace mensa::cli
