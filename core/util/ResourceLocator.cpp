#include "util/ResourceLocator.h"

#include <cstdlib>
#include <filesystem>

namespace mensa {
namespace {

namespace fs = std::filesystem;

std::string envValue(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value ? std::string(value) : std::string();
}

// Sub-folder of a data root holding KIND; the source tree keeps specs and rules under resources/.
fs::path kindDir(const fs::path& root, ResourceKind kind, bool sourceLayout)
{
    switch (kind) {
    case ResourceKind::AcceleratorSpecs:
        return sourceLayout ? root / "resources" / "accelerators" : root / "accelerators";
    case ResourceKind::FamilyRules:
        return sourceLayout ? root / "resources" : root;
    case ResourceKind::SampleModels:
        return root / "sample_models";
    case ResourceKind::SearchSpaces:
        return sourceLayout ? root / "resources" / "search_spaces" : root / "search_spaces";
    }
    return root;
}

void addUnique(std::vector<std::string>& dirs, const fs::path& dir)
{
    const std::string text = dir.lexically_normal().string();
    for (const std::string& known : dirs)
        if (known == text)
            return;
    dirs.push_back(text);
}

} // namespace

ResourceLocator::ResourceLocator(std::string exePath)
    : m_exePath(std::move(exePath))
{
}

std::string ResourceLocator::installRoot() const
{
    if (m_exePath.empty())
        return "";
    std::error_code ec;
    fs::path exe = fs::canonical(m_exePath, ec); // resolves /proc/self/exe and symlinked programs
    if (ec)
        exe = fs::absolute(m_exePath, ec);
    if (ec || !exe.has_parent_path())
        return "";
    return (exe.parent_path() / ".." / "share" / "mensa-studio").lexically_normal().string();
}

std::vector<std::string> ResourceLocator::searchDirs(ResourceKind kind) const
{
    std::vector<std::string> dirs;
    if (kind == ResourceKind::AcceleratorSpecs)
        if (std::string specs = envValue("MENSA_RESOURCES_DIR"); !specs.empty())
            addUnique(dirs, specs);
    if (std::string data = envValue("MENSA_DATA_DIR"); !data.empty())
        addUnique(dirs, kindDir(data, kind, false));
    if (std::string source = envValue("MENSA_SOURCE_DIR"); !source.empty())
        addUnique(dirs, kindDir(source, kind, true));
    if (std::string install = installRoot(); !install.empty())
        addUnique(dirs, kindDir(install, kind, false));
#ifdef MENSA_DATA_DIR
    addUnique(dirs, kindDir(MENSA_DATA_DIR, kind, false));
#endif
#ifdef MENSA_SOURCE_DIR
    addUnique(dirs, kindDir(MENSA_SOURCE_DIR, kind, true));
#endif
    return dirs;
}

std::string ResourceLocator::findFile(ResourceKind kind, const std::string& fileName) const
{
    if (fileName.empty())
        return "";
    std::error_code ec;
    for (const std::string& dir : searchDirs(kind)) {
        fs::path candidate = fs::path(dir) / fileName;
        if (fs::is_regular_file(candidate, ec))
            return fs::absolute(candidate, ec).lexically_normal().string();
    }
    return "";
}

std::string ResourceLocator::findAcceleratorSpec(const std::string& name) const
{
    if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos)
        return "";
    return findFile(ResourceKind::AcceleratorSpecs, name + ".textproto");
}

std::string ResourceLocator::familyRulesPath() const
{
    return findFile(ResourceKind::FamilyRules, "families.textproto");
}

std::string ResourceLocator::findSampleModel(const std::string& fileName) const
{
    if (fileName.find('/') != std::string::npos || fileName.find("..") != std::string::npos)
        return "";
    return findFile(ResourceKind::SampleModels, fileName);
}

std::string ResourceLocator::foundDir(ResourceKind kind) const
{
    if (kind == ResourceKind::FamilyRules) {
        const std::string rules = familyRulesPath();
        return rules.empty() ? "" : fs::path(rules).parent_path().string();
    }
    std::error_code ec;
    for (const std::string& dir : searchDirs(kind))
        if (fs::is_directory(dir, ec))
            return dir;
    return "";
}

std::string ResourceLocator::searchedText(ResourceKind kind) const
{
    std::string text = "searched: ";
    const std::vector<std::string> dirs = searchDirs(kind);
    for (size_t i = 0; i < dirs.size(); ++i)
        text += (i ? ", " : "") + dirs[i];
    return text;
}

} // namespace mensa
