#pragma once

#include "dse/Explorer.h"

#include <cstdint>
#include <functional>

namespace mensa {

// Receives every point a search looks at, in the order it looks at them.
using PointSink = std::function<void(const PointResult&)>;

// Spaces up to this many points are enumerated; larger ones are searched (mensa explore).
constexpr uint64_t kExhaustiveLimit = 20000;

// Shard K of N (0-based K): the points whose index is K modulo N.
struct ShardSlice {
    uint64_t index = 0;
    uint64_t count = 1;
};

// Every point of the slice; the sink sees them by ascending index. With threads > 1, batches
// of points are evaluated on that many threads (the results, and their order, are the same).
void exploreExhaustive(
    const Explorer& explorer, ShardSlice slice, const PointSink& sink, unsigned threads = 1);

// A sample-efficient black-box search of the axis-value indices with dlib's global optimiser
// (global_function_search, the engine of find_min_global: a Lipschitz upper bound model
// alternating with trust-region refinement), minimising the log of the space's first
// objective; constraint violations and invalid points are penalised. The global search spends
// 70% of the budget, then NLopt's Subplex (a derivative-free local search over the rounded
// value indices) refines the incumbent; what that leaves goes back to the global search. Stops
// after `budget` distinct points, the refinement's included (or the whole space).
// Deterministic for a seed.
void exploreBlackBox(
    const Explorer& explorer, uint64_t budget, uint64_t seed, const PointSink& sink);

// Uniform random sampling of `budget` distinct points: the baseline the black-box search is
// measured against. Deterministic for a seed.
void exploreRandom(const Explorer& explorer, uint64_t budget, uint64_t seed, const PointSink& sink);

} // namespace mensa
