#pragma once

// A German C locale (decimal comma) built for a test with glibc's localedef from the sources
// of Debian's `locales` package (scripts/install-deps.sh installs it), so numeric parsing and
// formatting can be checked under the locale a German desktop gives every Qt application.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace mensa::test {

// Compiles de_DE.UTF-8 into DIR (a second call reuses it); true when it is usable there.
inline bool buildGermanLocale(const std::filesystem::path& dir)
{
    if (std::filesystem::exists(dir / "de_DE.UTF-8"))
        return true;
    std::filesystem::create_directories(dir);
    const std::string command
        = "localedef -i de_DE -f UTF-8 '" + (dir / "de_DE.UTF-8").string() + "' >/dev/null 2>&1";
    // localedef exits 1 for warnings while still writing the locale.
    std::system(command.c_str());
    return std::filesystem::exists(dir / "de_DE.UTF-8" / "LC_NUMERIC");
}

// The shell words that run a command under that locale.
inline std::string germanLocaleEnvironment(const std::filesystem::path& dir)
{
    return "LOCPATH='" + dir.string() + "' LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 ";
}

} // namespace mensa::test
