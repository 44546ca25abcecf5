#pragma once

#include <string>
#include <vector>

namespace mensa {

// The kinds of data file the product ships.
enum class ResourceKind {
    AcceleratorSpecs, // folder of NAME.textproto accelerator/system specs
    FamilyRules, // folder holding families.textproto
    SampleModels, // folder of the bundled sample .onnx models
    SearchSpaces, // folder of the shipped design-space files (mensa explore)
};

// One place that knows where the shipped data lives. Data roots, in order (first hit wins):
//   1. $MENSA_RESOURCES_DIR   a folder of specs (accelerator specs only)
//   2. $MENSA_DATA_DIR        an install-layout data root
//   3. $MENSA_SOURCE_DIR      a source tree (resources/, sample_models/)
//   4. <exe>/../share/mensa-studio   the install next to the running program (a moved install)
//   5. MENSA_DATA_DIR          the data dir compiled in (CMAKE_INSTALL_FULL_DATADIR/mensa-studio)
//   6. MENSA_SOURCE_DIR        the source tree compiled in
// An install root holds accelerators/, families.textproto and sample_models/; a source tree
// holds resources/accelerators/, resources/families.textproto and sample_models/.
// Environment variables are read on every call.
class ResourceLocator {
public:
    // exePath: the running program, whose ../share/mensa-studio is the install root;
    // "/proc/self/exe" (the default) is resolved through its symlink.
    explicit ResourceLocator(std::string exePath = "/proc/self/exe");

    // Folders that may hold data of that kind, in search order (whether or not they exist).
    std::vector<std::string> searchDirs(ResourceKind kind) const;
    // First existing regular file NAME in searchDirs(kind), as an absolute path, or "" when none.
    std::string findFile(ResourceKind kind, const std::string& fileName) const;

    // NAME.textproto among the accelerator spec folders, or "" (also for names with / or ..).
    std::string findAcceleratorSpec(const std::string& name) const;
    // The shipped families.textproto, or "" when no folder has it.
    std::string familyRulesPath() const;
    // A bundled sample model by file name (e.g. mobilenet_v2.onnx), or "".
    std::string findSampleModel(const std::string& fileName) const;

    // The first folder of searchDirs(kind) that exists (for FamilyRules: that holds
    // families.textproto), or "" when none does.
    std::string foundDir(ResourceKind kind) const;
    // "searched: A, B, C" for searchDirs(kind), for not-found messages.
    std::string searchedText(ResourceKind kind) const;
    // The install root derived from the executable path (<exe dir>/../share/mensa-studio), or "".
    std::string installRoot() const;

private:
    std::string m_exePath;
};

} // namespace mensa
