#pragma once

#include "dse/Explorer.h"
#include "dse/ParetoFront.h"

#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace mensa {

// Counts of the points a search looked at.
struct ExploreTally {
    uint64_t evaluated = 0; // simulated
    uint64_t invalid = 0; // refused by the spec validator
    uint64_t overArea = 0; // over the area bound, not simulated
    uint64_t feasible = 0; // simulated and within every constraint

    ExploreTally& operator+=(const ExploreTally& other);
};

// What a search keeps while points stream past: the tallies, the Pareto front of the feasible
// points over (latency, energy, area, and with a model axis top-1 error) and the best feasible
// point of every objective (ties: lowest index). Only the front and the bests are held. The result
// does not depend on the order points arrive in, so a run, its shards merged, and a resumed run all
// agree.
class ExploreCollector {
public:
    explicit ExploreCollector(const SearchSpace& space);

    void add(const PointResult& point);
    // Counts of points that were not simulated (a shard's invalid and over-area counts).
    void addUnsimulated(uint64_t invalid, uint64_t overArea);

    const ExploreTally& tally() const { return m_tally; }
    // The front's points by ascending index.
    std::vector<PointResult> front() const;
    // The best feasible point of objective k (space.objectives order), if any.
    const std::optional<PointResult>& best(size_t objective) const { return m_best[objective]; }
    // Co-design: the best feasible point on the primary objective with model-axis variant v.
    const std::optional<PointResult>& bestOfVariant(size_t v) const { return m_bestPerVariant[v]; }
    // Parameter sensitivity: for axis a and its value v, the smallest primary-objective value
    // over the feasible points with that value (infinity when none), and how many there were.
    double sensitivity(size_t axis, size_t value) const { return m_sensitivity[axis][value]; }
    uint64_t sensitivityCount(size_t axis, size_t value) const
    {
        return m_sensitivityCount[axis][value];
    }
    // "file:line:col: constraints: ..." when no point met the constraints, else "".
    std::string infeasibleProblem() const;

private:
    void track(const PointResult& point);
    // Replaces `best` by `point` when it is better on `objective` (ties: the lower index).
    static void keepBetter(std::optional<PointResult>& best, const PointResult& point,
        const SearchObjective& objective);

    const SearchSpace& m_space;
    ExploreTally m_tally;
    ParetoFront m_front;
    std::map<uint64_t, PointResult> m_frontPoints;
    std::vector<std::optional<PointResult>> m_best;
    std::vector<std::optional<PointResult>> m_bestPerVariant;
    std::string m_firstInvalid;
    std::vector<std::vector<double>> m_sensitivity;
    std::vector<std::vector<uint64_t>>
        m_sensitivityCount; // the validator's message for the first invalid point
    // Per constraint (area, power, latency): smallest value seen over evaluated points.
    double m_minArea = kNone, m_minPower = kNone, m_minLatencyMs = kNone, m_minEnergyMj = kNone;
    double m_maxTop1 = 0;
    static constexpr double kNone = std::numeric_limits<double>::infinity();
};

} // namespace mensa
