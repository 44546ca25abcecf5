#include "util/RegularFile.h"

#include "util/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mensa {
namespace {

// "" for a regular file, else what the file is instead.
std::string kindProblem(mode_t mode)
{
    if (S_ISREG(mode))
        return {};
    const char* kind = S_ISDIR(mode) ? "a directory"
        : S_ISFIFO(mode)             ? "a FIFO"
        : S_ISSOCK(mode)             ? "a socket"
        : S_ISCHR(mode)              ? "a character device"
        : S_ISBLK(mode)              ? "a block device"
                                     : "not a file";
    return std::string("is ") + kind + ", not a regular file";
}

std::string statProblem(int error)
{
    return std::string("cannot open file (") + std::strerror(error) + ")";
}

// Closes the descriptor on every path.
class Descriptor {
public:
    explicit Descriptor(int fd)
        : m_fd(fd)
    {
    }
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

std::string regularFileProblem(const std::string& path)
{
    struct stat info { };
    if (path.empty())
        return statProblem(ENOENT);
    if (::stat(path.c_str(), &info) != 0)
        return statProblem(errno);
    return kindProblem(info.st_mode);
}

std::uintmax_t requireRegularFile(const std::string& path)
{
    struct stat info { };
    if (path.empty() || ::stat(path.c_str(), &info) != 0)
        throw MensaError(path, statProblem(path.empty() ? ENOENT : errno));
    if (std::string problem = kindProblem(info.st_mode); !problem.empty())
        throw MensaError(path, problem);
    return static_cast<std::uintmax_t>(info.st_size);
}

std::string readRegularFile(const std::string& path, std::uintmax_t maxBytes)
{
    requireRegularFile(path);
    // O_NONBLOCK: were the path swapped for a FIFO after the check, open must not wait for a
    // writer.
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0)
        throw MensaError(path, statProblem(errno));
    struct stat info { };
    if (::fstat(fd.get(), &info) != 0)
        throw MensaError(path, statProblem(errno));
    if (std::string problem = kindProblem(info.st_mode); !problem.empty())
        throw MensaError(path, problem);
    if (static_cast<std::uintmax_t>(info.st_size) > maxBytes)
        throw MensaError(path, "file is larger than " + std::to_string(maxBytes) + " bytes");
    std::string text;
    char buffer[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw MensaError(path, std::string("read error (") + std::strerror(errno) + ")");
        if (n == 0)
            break;
        text.append(buffer, static_cast<size_t>(n));
        if (text.size() > maxBytes)
            throw MensaError(path, "file is larger than " + std::to_string(maxBytes) + " bytes");
    }
    return text;
}

} // namespace mensa
