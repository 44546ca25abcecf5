#pragma once

#include <stdexcept>
#include <string>

namespace mensa {

// One error type for every bad input the core rejects. what() is a single line
// that names the file (when there is one) and the problem, ready for a CLI or a message box.
class MensaError : public std::runtime_error {
public:
    MensaError(const std::string& file, const std::string& problem)
        : std::runtime_error(file.empty() ? problem : file + ": " + problem)
        , m_file(file)
        , m_problem(problem)
    {
    }
    const std::string& file() const { return m_file; }
    const std::string& problem() const { return m_problem; }

private:
    std::string m_file;
    std::string m_problem;
};

} // namespace mensa
