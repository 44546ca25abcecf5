#include "cost/SystolicCostModel.h"

#include <algorithm>
#include <cmath>

namespace mensa {

SystolicCostModel::SystolicCostModel(AcceleratorSpecPtr spec)
    : SpecCostModel(std::move(spec))
{
}

SystolicCostModel::Folds SystolicCostModel::folds(const GemmShape& g) const
{
    const auto& s = spec();
    double rows = s.pe_rows();
    double cols = s.pe_cols();
    // Each PE reduces macs_per_pe_per_cycle window elements per cycle (a k-wide dot
    // product), so the reduction dimension T takes ceil(T / k) PE steps: fewer row folds
    // when T is spatial (weight, input stationary), a shorter stream when it is streamed
    // (output stationary). k = 1 is SCALE-Sim's array.
    double lanes = std::max(1, s.macs_per_pe_per_cycle());
    double reduction = std::ceil(g.t / lanes);
    double stationaryPerPe = lanes; // stationary elements a PE holds (its k lanes)
    Folds f;
    double stationaryBandwidth = paramBufferBandwidth();
    switch (s.dataflow()) {
    case spec::OUTPUT_STATIONARY: // outputs (Sr x N) held, window streamed
        f.spatialRows = g.sr, f.spatialCols = g.n, f.stream = reduction;
        stationaryBandwidth = actBufferBandwidth(); // draining finished outputs
        stationaryPerPe = 1;
        break;
    case spec::INPUT_STATIONARY: // inputs (T x Sr) held, filters streamed
        f.spatialRows = reduction, f.spatialCols = g.sr, f.stream = g.n;
        stationaryBandwidth = actBufferBandwidth();
        break;
    default: // WEIGHT_STATIONARY: weights (T x N) held, input rows streamed
        f.spatialRows = reduction, f.spatialCols = g.n, f.stream = g.sr;
        break;
    }
    // Block-diagonal packing: each group owns T rows and N columns.
    if (s.dataflow() == spec::WEIGHT_STATIONARY && g.groups > 1) {
        double fit = std::min(std::floor(rows / f.spatialRows), std::floor(cols / f.spatialCols));
        f.packedGroups = std::max(1.0, std::min(g.groups, fit));
        f.spatialRows *= f.packedGroups;
        f.spatialCols *= f.packedGroups;
    }
    f.rowFolds = std::ceil(f.spatialRows / rows);
    f.colFolds = std::ceil(f.spatialCols / cols);
    f.loadCycles
        = std::ceil(rows * cols * stationaryPerPe * g.bytesPerElement / stationaryBandwidth);
    f.skewCycles = rows + cols - 2;
    double foldCount = f.rowFolds * f.colFolds;
    if (s.pipelined_folds())
        f.cyclesPerPass
            = foldCount * std::max(f.stream, f.loadCycles) + f.loadCycles + f.skewCycles;
    else
        f.cyclesPerPass = foldCount * (f.loadCycles + f.skewCycles + f.stream);
    double busy = f.spatialRows * f.spatialCols;
    busy /= f.packedGroups; // block-diagonal: only the diagonal blocks hold weights
    if (s.dataflow() != spec::OUTPUT_STATIONARY)
        busy *= g.t / (lanes * reduction); // the last PE step fills only part of the k lanes
    f.spatialUtilization = busy / (foldCount * rows * cols);
    return f;
}

// The fold arithmetic as the layer's result carries it (LayerCost::folds).
void SystolicCostModel::recordFolds(ArrayFolds& out, const Folds& f, double passes) const
{
    switch (spec().dataflow()) {
    case spec::OUTPUT_STATIONARY:
        out.dataflow = "output stationary";
        out.rowDimension = "Sr", out.colDimension = "N", out.streamDimension = "T";
        break;
    case spec::INPUT_STATIONARY:
        out.dataflow = "input stationary";
        out.rowDimension = "T", out.colDimension = "Sr", out.streamDimension = "N";
        break;
    default:
        out.dataflow = "weight stationary";
        out.rowDimension = "T", out.colDimension = "N", out.streamDimension = "Sr";
        break;
    }
    out.mappedRows = f.spatialRows, out.mappedCols = f.spatialCols;
    out.rowFolds = f.rowFolds, out.colFolds = f.colFolds;
    out.packedGroups = f.packedGroups;
    out.passes = passes;
    out.streamCycles = f.stream;
    out.loadCycles = f.loadCycles;
    out.fillDrainCycles = f.skewCycles;
    out.cyclesPerPass = f.cyclesPerPass;
}

// Buffer traffic follows the folds: the streamed operands are re-read once per fold
// along the other spatial dimension, and partial sums are read back and re-written
// once per extra fold along the reduction dimension.
ArrayMapping SystolicCostModel::mapArray(const GemmShape& g) const
{
    Folds f = folds(g);
    double passes = std::ceil(g.groups / f.packedGroups) * g.steps;
    double copies = g.groups * g.steps; // data volumes are per group
    double b = g.bytesPerElement;
    double weights = g.t * g.n * b, inputs = g.sr * g.t * b, outputs = g.sr * g.n * b;
    ArrayMapping m;
    m.computeCycles = passes * f.cyclesPerPass;
    m.spatialUtilization = f.spatialUtilization;
    m.macsExecuted = g.macs();
    recordFolds(m.folds, f, passes);
    switch (spec().dataflow()) {
    case spec::OUTPUT_STATIONARY:
        m.paramBufferReads = weights * f.rowFolds;
        m.actBufferReads = inputs * f.colFolds;
        m.actBufferWrites = outputs;
        break;
    case spec::INPUT_STATIONARY:
        m.paramBufferReads = weights * f.colFolds;
        m.actBufferReads = inputs + outputs * (f.rowFolds - 1);
        m.actBufferWrites = outputs * f.rowFolds;
        break;
    default:
        m.paramBufferReads = weights;
        m.actBufferReads = inputs * f.colFolds + outputs * (f.rowFolds - 1);
        m.actBufferWrites = outputs * f.rowFolds;
        break;
    }
    m.paramBufferReads *= copies;
    m.actBufferReads *= copies;
    m.actBufferWrites *= copies;
    m.registerBytes = g.macs() * kRegisterBytesPerMac;
    m.nocBytes = spec().has_noc() ? m.paramBufferReads + m.actBufferReads + m.actBufferWrites : 0;
    if (spec().has_noc())
        m.nocCycles = m.nocBytes / spec().noc().bandwidth_bytes_per_cycle();
    return m;
}

} // namespace mensa
