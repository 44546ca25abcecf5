#include "cost/RowStationaryCostModel.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace mensa {

RowStationaryCostModel::RowStationaryCostModel(AcceleratorSpecPtr spec)
    : SpecCostModel(std::move(spec))
{
}

namespace {

// The distinct tile sizes ceil(extent / k) of a dimension that are at most `limit`, largest
// first: each is the smallest tile that needs its number of folds.
template <class Visit> void forEachTile(int64_t extent, int64_t limit, Visit visit)
{
    if (limit < 1)
        return;
    for (int64_t k = (extent + limit - 1) / limit; k <= extent;) {
        const int64_t tile = (extent + k - 1) / k;
        visit(tile);
        if (tile == 1)
            break;
        k = (extent + tile - 2) / (tile - 1); // fewest folds for the next smaller tile
    }
}

} // namespace

// Fewest passes; on a tie the shape with no kernel-row split, then the larger set (more reuse
// inside it), then more kernel rows. Deterministic, and a few dozen shapes per layer.
RowStationaryCostModel::PeSets RowStationaryCostModel::choosePeSets(
    const GemmShape& g, double items) const
{
    const int64_t pes = int64_t(spec().pe_rows()) * spec().pe_cols();
    const auto kernelRows = int64_t(std::llround(g.kernelH));
    const auto outputRows = int64_t(std::llround(g.outH));
    PeSets best;
    auto rank = [&](const PeSets& m) {
        return std::make_tuple(
            m.passes, m.kernelRows < kernelRows, -m.kernelRows * m.outputRows, -m.kernelRows);
    };
    forEachTile(kernelRows, pes, [&](int64_t kr) {
        forEachTile(outputRows, pes / kr, [&](int64_t er) {
            PeSets m { double(kr), double(er), std::min(items, double(pes / (kr * er))), 0 };
            m.passes = std::ceil(g.kernelH / m.kernelRows) * std::ceil(g.outH / m.outputRows)
                * std::ceil(items / m.sets);
            if (best.passes == 0 || rank(m) < rank(best))
                best = m;
        });
    });
    return best;
}

namespace {

// 1, 2, 4, ... below limit, then limit itself: the candidate counts of a sharing dimension.
template <class Visit> void forEachDoubling(double limit, Visit visit)
{
    for (double v = 1; v < limit; v *= 2)
        visit(v);
    visit(std::max(1.0, limit));
}

} // namespace

// The loop nest of one pass and the passes after it. A PE's register file keeps half its bytes
// for filter rows: rowsPerPe = floor(RF / 2 / (kernel width x bytes)) rows, split between p
// filters (each input row fetched into the PE serves all p) and q channels (their 1-D
// convolutions add into the PE's own partial sums). The sets of a pass split the same way:
// Sf sets on different filters receive one multicast input row, Sc sets on different channels
// add their partial sums on the way out. An output's partial sums round-trip through the global
// buffer once per extra block of Sc x q channels and per extra kernel-row split; an input row is
// fetched once per block of Sf x p filters. The split with the fewest buffer bytes wins (ties:
// fewer round trips, then more filters per PE). Depthwise layers (one channel and one filter per
// group) have nothing to share: one fetch, no round trip beyond the kernel-row splits.
RowStationaryCostModel::Sharing RowStationaryCostModel::chooseSharing(
    const GemmShape& g, const PeSets& sets, double inputs, double outputs) const
{
    const double channels = std::max(1.0, g.t / (g.kernelH * g.kernelW));
    const double rowsPerPe = std::max(1.0,
        std::floor(spec().register_file_bytes_per_pe() / (2.0 * g.kernelW * g.bytesPerElement)));
    const double rowSplits = std::ceil(g.kernelH / sets.kernelRows);
    Sharing best;
    bool first = true;
    forEachDoubling(std::min(channels, rowsPerPe), [&](double q) {
        const double p = std::min(g.n, std::max(1.0, std::floor(rowsPerPe / q)));
        forEachDoubling(std::min(channels, sets.sets), [&](double sc) {
            Sharing m { std::min(g.n, std::max(1.0, std::floor(sets.sets / sc))), sc, p, q, 0, 0,
                0 };
            m.inputFetches = std::ceil(g.n / (m.filterSets * p));
            m.psumSpills = rowSplits * std::ceil(channels / (sc * q)) - 1;
            m.bufferBytes = inputs * m.inputFetches + 2 * outputs * m.psumSpills;
            auto rank = [](const Sharing& x) {
                return std::make_tuple(x.bufferBytes, x.psumSpills, -x.filtersPerPe);
            };
            if (first || rank(m) < rank(best))
                best = m, first = false;
        });
    });
    return best;
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

ArrayMapping RowStationaryCostModel::mapArray(const GemmShape& g) const
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
    const PeSets sets = choosePeSets(g, g.n * channels * g.groups * g.batch);
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

    double b = g.bytesPerElement;
    double weights = g.t * g.n * g.groups * b * g.weightDensity;
    double inputs = g.inputBytesPerStep * g.activationDensity; // input rows, read once per fetch
    double outputs = g.sr * g.n * g.groups * b;
    const Sharing share = chooseSharing(g, sets, inputs, outputs);
    f.filterSets = share.filterSets, f.channelSets = share.channelSets;
    f.filtersPerPe = share.filtersPerPe, f.channelsPerPe = share.channelsPerPe;
    f.inputFetches = share.inputFetches, f.psumSpills = share.psumSpills;
    double registerFiles = pes * std::max(0, s.register_file_bytes_per_pe()) / 2;
    double weightDeliveries = weights <= registerFiles ? 1 : g.steps; // per inference
    f.weightFetches = weightDeliveries;
    m.paramBufferReads = weights * weightDeliveries;
    // Inputs once per fetch; outputs written once, plus a read and a write per round trip.
    m.actBufferReads = g.steps * (inputs * share.inputFetches + outputs * share.psumSpills);
    m.actBufferWrites = g.steps * outputs * (1 + share.psumSpills);
    m.registerBytes = m.macsExecuted * kRegisterBytesPerMac;
    m.nocBytes = m.paramBufferReads + m.actBufferReads + m.actBufferWrites;
    m.nocCycles = m.nocBytes / nocBandwidth();
    return m;
}

} // namespace mensa
