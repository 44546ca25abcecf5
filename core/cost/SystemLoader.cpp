#include "cost/SystemLoader.h"

#include "cost/CpuClusterCostModel.h"
#include "cost/DlaCostModel.h"
#include "cost/GpuCostModel.h"
#include "cost/RowStationaryCostModel.h"
#include "cost/SystolicCostModel.h"

namespace mensa {

CostModelPtr makeCostModel(AcceleratorSpecPtr spec)
{
    if (spec->has_gpu())
        return std::make_shared<GpuCostModel>(std::move(spec));
    if (spec->has_dla())
        return std::make_shared<DlaCostModel>(std::move(spec));
    if (spec->has_cpu())
        return std::make_shared<CpuClusterCostModel>(std::move(spec));
    if (spec->dataflow() == spec::ROW_STATIONARY)
        return std::make_shared<RowStationaryCostModel>(std::move(spec));
    return std::make_shared<SystolicCostModel>(std::move(spec));
}

AcceleratorSystem buildSystem(const SystemSpecPtr& spec)
{
    AcceleratorSystem system;
    system.name = spec->name();
    for (const auto& accelerator : spec->accelerators())
        system.accelerators.push_back(makeCostModel(AcceleratorSpecPtr(spec, &accelerator)));
    for (const auto& l : spec->links()) {
        Link link;
        link.from = l.from();
        link.to = l.to();
        link.name = l.name().empty()
            ? spec->accelerators(l.from()).name() + "<->" + spec->accelerators(l.to()).name()
            : l.name();
        link.bytesPerSecond = l.bandwidth_gb_per_s() * 1e9;
        link.joulesPerByte = l.energy_pj_per_byte() * 1e-12;
        link.latencySeconds = l.latency_ns() * 1e-9;
        system.links.push_back(std::move(link));
    }
    return system;
}

AcceleratorSystem loadSystem(const std::string& nameOrPath)
{
    const std::string path = resolveSystemSpecPath(nameOrPath);
    std::string text = readSpecFile(path);
    AcceleratorSystem system = buildSystem(parseSystemSpecText(text, path));
    system.sourcePath = path;
    system.sourceText = std::move(text);
    return system;
}

} // namespace mensa
