#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mensa {

// A point of the objective space: metrics to minimise and the point's index in its space.
struct ParetoEntry {
    uint64_t index = 0;
    std::vector<double> metrics;
};

// The non-dominated set of the points added so far, kept incrementally (only the front is
// held, never every point). A point dominates another when it is no worse on every metric and
// better on one; of points with equal metrics the lowest index stays, so the front does not
// depend on the order points arrive in.
class ParetoFront {
public:
    // True when `entry` joined the front (it may have pushed others out).
    bool add(const ParetoEntry& entry);
    // The front, by ascending index.
    std::vector<ParetoEntry> sorted() const;
    size_t size() const { return m_front.size(); }

private:
    std::vector<ParetoEntry> m_front;
};

// a dominates b: no worse on every metric, better on at least one.
bool dominates(const std::vector<double>& a, const std::vector<double>& b);

} // namespace mensa
