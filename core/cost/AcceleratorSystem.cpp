#include "cost/CostModel.h"

#include <algorithm>

namespace mensa {
namespace {

// Used between accelerators with no link when the system declares no link at all:
// a write to and a read from LPDDR-class DRAM (modelling assumption, see methodology.md).
const Link kDramFallback { 0, 0, "via DRAM (default)", 12.8e9, 2 * 56e-12, 200e-9 };

} // namespace

int AcceleratorSystem::linkIndex(int from, int to) const
{
    for (int i = 0; i < static_cast<int>(links.size()); ++i)
        if (links[i].from == from && links[i].to == to)
            return i;
    for (int i = 0; i < static_cast<int>(links.size()); ++i) // links are bidirectional
        if (links[i].from == to && links[i].to == from)
            return i;
    return -1;
}

TransferCost AcceleratorSystem::transfer(int from, int to, double bytes) const
{
    if (from == to || bytes <= 0)
        return {};
    const Link* link = nullptr;
    if (int index = linkIndex(from, to); index >= 0)
        link = &links[index];
    else if (!links.empty())
        link = &*std::min_element(links.begin(), links.end(),
            [](const Link& a, const Link& b) { return a.bytesPerSecond < b.bytesPerSecond; });
    else
        link = &kDramFallback;
    return { bytes / link->bytesPerSecond + link->latencySeconds, bytes * link->joulesPerByte };
}

AcceleratorSystem AcceleratorSystem::of(CostModelPtr accelerator, const std::string& name)
{
    AcceleratorSystem system;
    system.name = name.empty() ? accelerator->name() : name;
    system.accelerators = { std::move(accelerator) };
    return system;
}

} // namespace mensa
