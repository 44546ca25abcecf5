#pragma once

#include <cstdio>
#include <string>

namespace mensa::cli {

// A file written line by line and published atomically: the lines go to a hidden temporary
// file beside `path`, and commit() flushes, syncs and renames it over `path`. Destroyed
// without commit() (an error, an exception) the temporary file is removed, so a reader never
// sees a half-written file under `path`; SIGINT, SIGTERM and SIGHUP (Ctrl-C, a killed job)
// remove it too while it is open. MensaError on any write failure.
class StreamingFile {
public:
    explicit StreamingFile(std::string path);
    ~StreamingFile();
    StreamingFile(const StreamingFile&) = delete;
    StreamingFile& operator=(const StreamingFile&) = delete;

    void write(const std::string& text);
    void commit();
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::string m_temporary;
    std::FILE* m_file = nullptr;
};

} // namespace mensa::cli
