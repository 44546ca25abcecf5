#include "AtomicFile.h"

#include "util/Error.h"

#include <fstream>
#include <system_error>

namespace mensa::cli {

void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes)
{
    std::filesystem::path temp = path;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out)
            throw MensaError(path.string(), "cannot write file");
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) {
        std::filesystem::remove(temp, error);
        throw MensaError(path.string(), "cannot replace file: " + error.message());
    }
}

} // namespace mensa::cli
