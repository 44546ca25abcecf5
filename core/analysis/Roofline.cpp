#include "analysis/Roofline.h"

#include <algorithm>

namespace mensa {

const MemoryRoof* AcceleratorRoofs::roof(MemoryLevel level) const
{
    for (const MemoryRoof& m : memories)
        if (m.level == level)
            return &m;
    return nullptr;
}

double AcceleratorRoofs::attainable(MemoryLevel level, double intensity) const
{
    const MemoryRoof* m = roof(level);
    return m ? std::min(peakOpsPerSecond, m->bytesPerSecond * intensity) : peakOpsPerSecond;
}

double AcceleratorRoofs::ridge(MemoryLevel level) const
{
    const MemoryRoof* m = roof(level);
    return m ? peakOpsPerSecond / m->bytesPerSecond : 0;
}

double LayerRooflinePoint::intensity(MemoryLevel level) const
{
    const double b = bytes[static_cast<size_t>(level)];
    return b > 0 ? ops / b : 0;
}

AcceleratorRoofs acceleratorRoofs(const CostModel& accelerator)
{
    AcceleratorRoofs roofs;
    roofs.accelerator = accelerator.name();
    roofs.peakOpsPerSecond = 2.0 * accelerator.peakMacsPerSecond();
    if (accelerator.memoryBandwidth() > 0)
        roofs.memories.push_back(
            { MemoryLevel::Memory, accelerator.memoryName(), accelerator.memoryBandwidth() });
    if (accelerator.bufferBandwidth() > 0)
        roofs.memories.push_back(
            { MemoryLevel::Buffer, "on-chip buffer", accelerator.bufferBandwidth() });
    return roofs;
}

// The cost model's seconds are at least dramBytes / memoryBandwidth(), arrayBytes /
// bufferBandwidth() and the MACs it executed / peakMacsPerSecond() (see CostModel.h), and
// the same ops divide both the achieved rate and the intensity, so every point lies under
// its roofs. Ops are the executed MACs: zero skipping does not lift a layer above the peak.
std::optional<LayerRooflinePoint> rooflinePoint(
    const Layer& layer, int index, const LayerCost& cost, int accelerator)
{
    if (!cost.mapped || !(cost.seconds > 0) || !(cost.macs > 0))
        return std::nullopt;
    LayerRooflinePoint p;
    p.layer = index;
    p.accelerator = accelerator;
    p.steps
        = isRecurrent(layer.kind) ? static_cast<int>(std::max<int64_t>(1, layer.nest.steps)) : 1;
    const double steps = p.steps;
    p.ops = 2.0 * cost.macs / steps;
    p.seconds = cost.seconds / steps;
    p.opsPerSecond = p.ops / p.seconds;
    p.bytes[static_cast<size_t>(MemoryLevel::Memory)] = cost.traffic.dramBytes / steps;
    p.bytes[static_cast<size_t>(MemoryLevel::Buffer)] = cost.traffic.arrayBytes / steps;
    return p;
}

Roofline roofline(const Model& model, const AcceleratorSystem& system, const ModelCost& cost)
{
    Roofline r;
    for (const CostModelPtr& a : system.accelerators)
        r.accelerators.push_back(acceleratorRoofs(*a));
    for (size_t i = 0; i < cost.layers.size() && i < model.layers.size(); ++i) {
        const int a = i < cost.assignment.size() ? cost.assignment[i] : 0;
        if (auto p = rooflinePoint(model.layers[i], static_cast<int>(i), cost.layers[i], a))
            r.points.push_back(*p);
    }
    return r;
}

std::string_view toString(MemoryLevel level)
{
    return level == MemoryLevel::Memory ? "memory" : "buffer";
}

} // namespace mensa
