// Built-in specs for tests: read from this source tree (MENSA_SOURCE_DIR, else the tree the test
// was built from), whatever is installed.
#pragma once

#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"

#include <cstdlib>
#include <string>

namespace mensa::test {

inline void useSourceResources()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
}

inline AcceleratorSystem builtinSystem(const std::string& name)
{
    useSourceResources();
    return loadSystem(name);
}

// One accelerator of a built-in system as the cost models take it (sharing the system's spec).
inline AcceleratorSpecPtr builtinSpec(const std::string& system, int index = 0)
{
    useSourceResources();
    auto parsed = loadSystemSpec(system);
    return AcceleratorSpecPtr(parsed, &parsed->accelerators(index));
}

// A copy of one accelerator's spec in a built-in system, to edit in a test.
inline spec::AcceleratorSpec builtinAcceleratorSpec(const std::string& system, int index = 0)
{
    useSourceResources();
    return loadSystemSpec(system)->accelerators(index);
}

} // namespace mensa::test
