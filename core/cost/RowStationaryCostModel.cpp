#include "cost/RowStationaryCostModel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace mensa {

RowStationaryCostModel::RowStationaryCostModel(AcceleratorSpecPtr spec)
    : SpecCostModel(std::move(spec))
{
}

namespace {

// ceil and floor of a non-negative count below 2^53 without the library call (baseline x86-64
// has no rounding instruction): the shape and sharing searches run them a few hundred times
// per layer.
double ceilCount(double x)
{
    const double t = double(int64_t(x));
    return t < x ? t + 1 : t;
}

double floorCount(double x)
{
    return double(int64_t(x));
}

// The distinct tile sizes ceil(extent / k) of a dimension that are at most `limit`, largest
// first: each is the smallest tile that needs its number of folds, and is visited with that
// number, ceil(extent / tile) (k is the fewest folds giving the tile, so it is that number).
template <class Visit> void forEachTile(int64_t extent, int64_t limit, Visit visit)
{
    if (limit < 1)
        return;
    for (int64_t k = (extent + limit - 1) / limit; k <= extent;) {
        const int64_t tile = (extent + k - 1) / k;
        visit(tile, k);
        if (tile == 1)
            break;
        k = (extent + tile - 2) / (tile - 1); // fewest folds for the next smaller tile
    }
}

} // namespace

// A few dozen shapes per layer; a shape is kept unless another has as few passes, as many
// sets per pass and as few kernel-row splits (it would then need no more cycles or buffer
// bytes). Shapes equal on all three are one candidate: the one with no kernel-row split, then
// the larger set (more reuse inside it), then more kernel rows. Fewest passes first.
void RowStationaryCostModel::peSetCandidates(
    const GemmShape& g, double items, std::vector<PeSets>& kept) const
{
    const int64_t pes = int64_t(spec().pe_rows()) * spec().pe_cols();
    const auto kernelRows = int64_t(std::llround(g.kernelH));
    const auto outputRows = int64_t(std::llround(g.outH));
    // Ties on the three keys: no kernel-row split, then the larger set, then more kernel rows.
    auto preferred = [&](const PeSets& a, const PeSets& b) {
        return std::make_tuple(
                   a.kernelRows < g.kernelH, -a.kernelRows * a.outputRows, -a.kernelRows)
            < std::make_tuple(
                b.kernelRows < g.kernelH, -b.kernelRows * b.outputRows, -b.kernelRows);
    };
    auto noWorse = [](const PeSets& a, const PeSets& b) {
        return a.passes <= b.passes && a.sets >= b.sets && a.rowSplits <= b.rowSplits;
    };
    kept.clear(); // the front so far: a few shapes, not the few dozen visited
    forEachTile(kernelRows, pes, [&](int64_t kr, int64_t rowSplits) {
        forEachTile(outputRows, pes / kr, [&](int64_t er, int64_t outputFolds) {
            PeSets m { double(kr), double(er), std::min(items, double(pes / (kr * er))), 0,
                double(rowSplits) };
            m.passes = m.rowSplits * double(outputFolds) * ceilCount(items / m.sets);
            for (PeSets& k : kept)
                if (noWorse(k, m)) {
                    if (noWorse(m, k) && preferred(m, k))
                        k = m; // equal on the keys: the preferred shape stands for both
                    return;
                }
            std::erase_if(kept, [&](const PeSets& k) { return noWorse(m, k); });
            kept.push_back(m);
        });
    });
    std::sort(kept.begin(), kept.end(), [&](const PeSets& a, const PeSets& b) {
        if (a.passes != b.passes || a.sets != b.sets || a.rowSplits != b.rowSplits)
            return std::make_tuple(a.passes, -a.sets, a.rowSplits)
                < std::make_tuple(b.passes, -b.sets, b.rowSplits);
        return preferred(a, b);
    });
}

namespace {

// 1, 2, 4, ... below limit, then limit itself: the candidate counts of a sharing dimension,
// until the visitor returns false.
template <class Visit> void forEachDoubling(double limit, Visit visit)
{
    for (double v = 1; v < limit; v *= 2)
        if (!visit(v))
            return;
    visit(std::max(1.0, limit));
}

} // namespace

// The search keeps its answer exact while it skips: every sharing with q channels per PE
// fetches inputs at least as often as with one channel set, and round-trips at least as often
// as with the most channel sets visited, so a q whose bound cannot win is skipped (and once
// that bound has the fewest round trips any q allows, every larger q is skipped too: it only
// fetches more). Within a q, fewer channel sets mean more round trips, so the channel sets are
// tried most first and the walk stops at the first whose bound cannot win.
struct RowStationaryCostModel::SharingSearch {
    double n, channels, sets, rowSplits, inputs, outputs;
    std::array<double, 64> counts {}; // channel sets 1, 2, 4, ... and the limit: at most 64
    size_t countsSize = 0;
    Sharing best {};
    bool found = false;

    double spills(double sc, double q) const
    {
        return rowSplits * ceilCount(channels / (sc * q)) - 1;
    }
    double bytes(double fetches, double spills) const
    {
        return inputs * fetches + 2 * outputs * spills;
    }
    // Whether a sharing of at least `bytes` and `spills` with p filters and q channels per PE
    // loses to the best so far (on a full tie, the earlier q wins; within a q, the smaller Sc).
    bool loses(double bytes, double spills, double p, double q) const
    {
        if (!found)
            return false;
        if (bytes != best.bufferBytes)
            return bytes > best.bufferBytes;
        if (spills != best.psumSpills)
            return spills > best.psumSpills;
        return p < best.filtersPerPe || (p == best.filtersPerPe && q != best.channelsPerPe);
    }
    // Costs the channel-set counts of q channels and p filters per PE; false once no larger q
    // can win.
    bool visitChannelsPerPe(double q, double p)
    {
        size_t k = 0; // the counts visited: up to the first that covers the channels with q
        while (k + 1 < countsSize && counts[k] * q < channels)
            ++k;
        const double fewestFetches = ceilCount(n / (std::min(n, std::max(1.0, sets)) * p));
        const double fewestSpills = spills(counts[k], q);
        if (loses(bytes(fewestFetches, fewestSpills), fewestSpills, p, q))
            return fewestSpills > rowSplits - 1;
        for (++k; k > 0 && visit(counts[k - 1], q, p, fewestFetches); --k) { }
        return true;
    }
    // Costs Sc channel sets; false once neither it nor fewer sets can win.
    bool visit(double sc, double q, double p, double fewestFetches)
    {
        Sharing m { std::min(n, std::max(1.0, floorCount(sets / sc))), sc, p, q, 0, 0, 0 };
        m.psumSpills = spills(sc, q);
        if (loses(bytes(fewestFetches, m.psumSpills), m.psumSpills, p, q))
            return false;
        m.inputFetches = ceilCount(n / (m.filterSets * p));
        m.bufferBytes = bytes(m.inputFetches, m.psumSpills);
        if (!loses(m.bufferBytes, m.psumSpills, p, q))
            best = m, found = true;
        return true;
    }
};

// The loop nest of one pass and the passes after it. A PE's register file keeps half its bytes
// for filter rows: rowsPerPe = floor(RF / 2 / (kernel width x bytes)) rows, split between p
// filters (each input row fetched into the PE serves all p) and q channels (their 1-D
// convolutions add into the PE's own partial sums). The sets of a pass split the same way:
// Sf sets on different filters receive one multicast input row, Sc sets on different channels
// add their partial sums on the way out. An output's partial sums round-trip through the global
// buffer once per extra block of Sc x q channels and per extra kernel-row split; an input row is
// fetched once per block of Sf x p filters. The split with the fewest buffer bytes wins (ties:
// fewer round trips, then more filters per PE, then the smaller q and Sc). Depthwise layers (one
// channel and one filter per group) have nothing to share: one fetch, no round trip beyond the
// kernel-row splits. q and Sc run over 1, 2, 4, ... and their limits; Sc stops once Sc x q
// covers the channels.
RowStationaryCostModel::Sharing RowStationaryCostModel::chooseSharing(
    const GemmShape& g, const PeSets& sets, double inputs, double outputs) const
{
    const double channels = std::max(1.0, g.t / (g.kernelH * g.kernelW));
    const double perPe = rowsPerPe(g);
    SharingSearch search { g.n, channels, sets.sets, sets.rowSplits, inputs, outputs };
    forEachDoubling(std::min(channels, sets.sets), [&](double sc) {
        search.counts[search.countsSize++] = sc;
        return true;
    });
    forEachDoubling(std::min(channels, perPe), [&](double q) {
        return search.visitChannelsPerPe(q, std::min(g.n, std::max(1.0, floorCount(perPe / q))));
    });
    return search.best;
}

double RowStationaryCostModel::weightBytes(const GemmShape& g) const
{
    return g.t * g.n * g.groups * g.bytesPerElement * g.weightDensity;
}

// Weights stay in half the PE register files when they fit (once per inference), else they
// are delivered again every time step.
double RowStationaryCostModel::weightDeliveries(const GemmShape& g) const
{
    const auto& s = spec();
    double registerFiles
        = double(s.pe_rows()) * s.pe_cols() * std::max(0, s.register_file_bytes_per_pe()) / 2;
    return weightBytes(g) <= registerFiles ? 1 : g.steps;
}

double RowStationaryCostModel::nocBandwidth() const
{
    const auto& noc = spec().noc();
    double bandwidth = noc.bandwidth_bytes_per_cycle();
    if (noc.has_inter_cluster_bandwidth_bytes_per_cycle())
        bandwidth = std::min(bandwidth, noc.inter_cluster_bandwidth_bytes_per_cycle());
    if (noc.has_intra_cluster_bandwidth_bytes_per_cycle() && noc.clusters() > 0)
        bandwidth
            = std::min(bandwidth, noc.intra_cluster_bandwidth_bytes_per_cycle() * noc.clusters());
    return bandwidth;
}

// Candidates come fewest passes first, so one whose fewest possible buffer reads and writes
// (leastBufferTraffic) are no fewer than those of a costed one is beaten on every count and is
// skipped without its sharing search.
void RowStationaryCostModel::mapArray(const GemmShape& g, std::vector<ArrayMapping>& maps) const
{
    const double channels = g.t / (g.kernelH * g.kernelW);
    // The front is rebuilt for every layer; one buffer per thread spares its allocation.
    thread_local std::vector<PeSets> candidates;
    peSetCandidates(g, g.n * channels * g.groups * g.batch, candidates);
    const double perPe = rowsPerPe(g);
    maps.clear();
    for (const PeSets& sets : candidates) {
        const BufferBytes least = leastBufferTraffic(g, sets, perPe);
        const bool beaten = std::any_of(maps.begin(), maps.end(), [&](const ArrayMapping& m) {
            return m.actBufferReads <= least.reads && m.actBufferWrites <= least.writes;
        });
        if (!beaten)
            maps.push_back(mapSets(g, sets));
    }
    keepUndominated(maps);
}

// Bounds below every sharing of a set shape (chooseSharing), in the global buffer's reads and
// writes (the weights' reads are the same for every shape). With Sf x Sc <= sets and p x q <=
// rowsPerPe, no round trip beyond the kernel-row splits (Sc q >= channels) leaves at most
// sets x rowsPerPe / channels filters per input fetch; otherwise every output makes at least
// one more round trip per split.
RowStationaryCostModel::BufferBytes RowStationaryCostModel::leastBufferTraffic(
    const GemmShape& g, const PeSets& sets, double perPe) const
{
    const double channels = std::max(1.0, g.t / (g.kernelH * g.kernelW));
    const double inputs = g.inputBytesPerStep * g.activationDensity;
    const double outputs = g.sr * g.n * g.groups * g.bytesPerElement;
    const double filtersPerFetch = sets.sets * perPe / channels;
    const double spills = sets.rowSplits - 1;
    const double allChannels = inputs * std::max(1.0, ceilCount(g.n / filtersPerFetch));
    const double someChannels = inputs + outputs * sets.rowSplits; // one more round trip
    return { g.steps * (outputs * spills + std::min(allChannels, someChannels)),
        g.steps * outputs * (1 + spills) };
}

double RowStationaryCostModel::rowsPerPe(const GemmShape& g) const
{
    return std::max(1.0,
        std::floor(spec().register_file_bytes_per_pe() / (2.0 * g.kernelW * g.bytesPerElement)));
}

ArrayMapping RowStationaryCostModel::mapSets(const GemmShape& g, const PeSets& sets) const
{
    const auto& s = spec();
    double pes = double(s.pe_rows()) * s.pe_cols();
    double density = g.weightDensity * g.activationDensity;
    double channels = g.t / (g.kernelH * g.kernelW);
    double logicalPes = g.kernelH * g.outH * g.n * channels * g.groups * g.batch;
    // Zero skipping walks a compressed column of weights per non-zero input; with one input
    // and one output channel per group (depthwise) there is no column to skip along, so the
    // zeros still take their cycles (Eyeriss v2, Sec. V-A) and only their energy is gated.
    bool skips = channels > 1 || g.n > 1;
    double macsPerItem = g.kernelW * g.outW * (skips ? density : 1.0);
    double passes = sets.passes;
    double fill = g.kernelH + (s.noc().clusters() > 0 ? s.noc().clusters() : s.pe_rows());
    ArrayMapping m;
    m.computeCycles
        = g.steps * (std::ceil(passes * macsPerItem / s.macs_per_pe_per_cycle()) + fill);
    m.spatialUtilization = logicalPes / (passes * pes);
    m.macsExecuted = g.macs() * density;
    ArrayFolds& f = m.folds;
    f.dataflow = "row stationary";
    f.rowDimension
        = "logical PEs (kernel rows x output rows x filters x channels x groups x batch)";
    f.setKernelRows = sets.kernelRows, f.setOutputRows = sets.outputRows;
    f.setsPerPass = sets.sets;
    f.colDimension = "1", f.streamDimension = "kernel width x output width";
    f.mappedRows = logicalPes, f.mappedCols = 1;
    f.rowFolds = passes, f.colFolds = 1;
    f.passes = g.steps;
    f.streamCycles = macsPerItem / s.macs_per_pe_per_cycle();
    f.fillDrainCycles = fill;
    f.cyclesPerPass = m.computeCycles / g.steps;

    double inputs = g.inputBytesPerStep * g.activationDensity; // input rows, read once per fetch
    double outputs = g.sr * g.n * g.groups * g.bytesPerElement;
    const Sharing share = chooseSharing(g, sets, inputs, outputs);
    f.filterSets = share.filterSets, f.channelSets = share.channelSets;
    f.filtersPerPe = share.filtersPerPe, f.channelsPerPe = share.channelsPerPe;
    f.inputFetches = share.inputFetches, f.psumSpills = share.psumSpills;
    f.weightFetches = weightDeliveries(g);
    m.paramBufferReads = weightBytes(g) * f.weightFetches;
    // Inputs once per fetch; outputs written once, plus a read and a write per round trip.
    m.actBufferReads = g.steps * (inputs * share.inputFetches + outputs * share.psumSpills);
    m.actBufferWrites = g.steps * outputs * (1 + share.psumSpills);
    m.registerBytes = m.macsExecuted * kRegisterBytesPerMac;
    m.nocBytes = m.paramBufferReads + m.actBufferReads + m.actBufferWrites;
    m.nocCycles = m.nocBytes / nocBandwidth();
    return m;
}

} // namespace mensa
