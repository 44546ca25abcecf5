#pragma once

#include <string>

namespace mensa::cli {

// An output folder for a command that may fail after choosing it: created when missing, and
// removed again on destruction unless keep() was called (only when the command created it and
// it is empty), so a refused run leaves nothing behind. MensaError when `path` is a file.
class OutputFolder {
public:
    explicit OutputFolder(std::string path);
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    void keep() { m_kept = true; }
    // path/name
    std::string file(const std::string& name) const;

private:
    std::string m_path;
    bool m_created = false;
    bool m_kept = false;
};

} // namespace mensa::cli
