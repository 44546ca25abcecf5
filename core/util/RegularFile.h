#pragma once

#include <cstdint>
#include <string>

namespace mensa {

// Every reader checks its input path with these before opening it, so a FIFO, a device, a
// directory or a socket is refused at once instead of blocking (a FIFO) or reading forever
// (/dev/zero). Symlinks are followed.

// Empty when `path` is a regular file, else the reason, e.g. "is a FIFO, not a regular file",
// "is a directory, not a regular file" or "cannot open file (No such file or directory)".
std::string regularFileProblem(const std::string& path);
// Throws MensaError(path, reason) unless `path` is a regular file; returns its size in bytes.
std::uintmax_t requireRegularFile(const std::string& path);
// The whole content of a regular file of at most `maxBytes` (checked before and after opening,
// never blocking on a FIFO); MensaError(path, ...) otherwise.
std::string readRegularFile(const std::string& path, std::uintmax_t maxBytes);

} // namespace mensa
