#include "cost/RowStationaryCostModel.h"

#include <algorithm>
#include <cmath>

namespace mensa {

RowStationaryCostModel::RowStationaryCostModel(AcceleratorSpecPtr spec)
    : SpecCostModel(std::move(spec))
{
}

// Filters processed in one pass: PE sets (kernelH x outH rows) that fit the array, times
// the filter rows a PE register file holds (half of it is kept for weights).
double RowStationaryCostModel::filtersPerPass(const GemmShape& g) const
{
    double pes = double(spec().pe_rows()) * spec().pe_cols();
    double setSize = g.kernelH * std::min(g.outH, pes);
    double rowsPerPe
        = std::floor(spec().register_file_bytes_per_pe() / (2.0 * g.kernelW * g.bytesPerElement));
    return std::max(1.0, std::floor(pes * std::max(1.0, rowsPerPe) / setSize));
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
    double passes = std::ceil(logicalPes / pes);
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
    double inputFetches = std::ceil(g.n / filtersPerPass(g));
    double registerFiles = pes * std::max(0, s.register_file_bytes_per_pe()) / 2;
    double weightDeliveries = weights <= registerFiles ? 1 : g.steps; // per inference
    m.paramBufferReads = weights * weightDeliveries;
    m.actBufferReads = g.steps * inputs * inputFetches;
    m.actBufferWrites = g.steps * outputs;
    m.registerBytes = m.macsExecuted * kRegisterBytesPerMac;
    m.nocBytes = m.paramBufferReads + m.actBufferReads + m.actBufferWrites;
    m.nocCycles = m.nocBytes / nocBandwidth();
    return m;
}

} // namespace mensa
