#include "dse/ParetoFront.h"

#include <algorithm>

namespace mensa {

bool dominates(const std::vector<double>& a, const std::vector<double>& b)
{
    bool better = false;
    for (size_t k = 0; k < a.size(); ++k) {
        if (a[k] > b[k])
            return false;
        better = better || a[k] < b[k];
    }
    return better;
}

bool ParetoFront::add(const ParetoEntry& entry)
{
    for (const ParetoEntry& kept : m_front) {
        if (dominates(kept.metrics, entry.metrics))
            return false;
        if (kept.metrics == entry.metrics && kept.index <= entry.index)
            return false;
    }
    std::erase_if(m_front, [&](const ParetoEntry& kept) {
        return dominates(entry.metrics, kept.metrics) || kept.metrics == entry.metrics;
    });
    m_front.push_back(entry);
    return true;
}

std::vector<ParetoEntry> ParetoFront::sorted() const
{
    std::vector<ParetoEntry> out = m_front;
    std::sort(out.begin(), out.end(),
        [](const ParetoEntry& a, const ParetoEntry& b) { return a.index < b.index; });
    return out;
}

} // namespace mensa
