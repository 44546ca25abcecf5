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
    Folds best = foldsPacking(g, 1);
    if (g.groups <= 1)
        return best;
    // Block-diagonal packing of a grouped (depthwise) layer: p groups act as one GEMM whose
    // T and N grow p-fold, zeros off the diagonal. A spatial T or N takes the extra groups
    // in PEs; a streamed one takes them in cycles (output stationary streams T, input
    // stationary streams N), which pays when the load, fill and drain of the passes it saves
    // are longer. The packing that gives the fewest cycles wins; ties go to packing.
    Folds packed = foldsPacking(g, packingFit(g));
    auto total
        = [&](const Folds& f) { return std::ceil(g.groups / f.packedGroups) * f.cyclesPerPass; };
    return total(packed) <= total(best) ? packed : best;
}

// How many groups fit side by side in the array: the spatial T and N of one group
// (rows and columns under weight stationary, columns under output stationary, rows under
// input stationary) bound it.
double SystolicCostModel::packingFit(const GemmShape& g) const
{
    const auto& s = spec();
    double rows = s.pe_rows(), cols = s.pe_cols();
    double reduction = std::ceil(g.t / std::max(1, s.macs_per_pe_per_cycle()));
    double fit = g.groups;
    if (s.dataflow() != spec::INPUT_STATIONARY) // N is spatial on the columns
        fit = std::min(fit, std::floor(cols / g.n));
    if (s.dataflow() != spec::OUTPUT_STATIONARY) // T is spatial on the rows
        fit = std::min(fit, std::floor(rows / reduction));
    return std::max(1.0, fit);
}

SystolicCostModel::Folds SystolicCostModel::foldsPacking(const GemmShape& g, double packed) const
{
    const auto& s = spec();
    double rows = s.pe_rows();
    double cols = s.pe_cols();
    // Each PE reduces macs_per_pe_per_cycle window elements per cycle (a k-wide dot
    // product), so the reduction dimension T takes ceil(T / k) PE steps: fewer row folds
    // when T is spatial (weight, input stationary), a shorter stream when it is streamed
    // (output stationary). k = 1 is SCALE-Sim's array.
    double lanes = std::max(1, s.macs_per_pe_per_cycle());
    double reduction = std::ceil(g.t / lanes) * packed;
    double n = g.n * packed;
    Folds f;
    f.packedGroups = packed;
    f.registerSteps = packed > 1 ? 1 : registerSteps(reduction);
    // Stationary elements a PE holds: its k lanes, times its registers along T.
    double stationaryPerPe = lanes * f.registerSteps;
    double stationaryBandwidth = paramBufferBandwidth();
    switch (s.dataflow()) {
    case spec::OUTPUT_STATIONARY: // outputs (Sr x N) held, window streamed
        f.spatialRows = g.sr, f.spatialCols = n, f.stream = reduction;
        stationaryBandwidth = actBufferBandwidth(); // draining finished outputs
        stationaryPerPe = 1;
        break;
    case spec::INPUT_STATIONARY: // inputs (T x Sr) held, filters streamed
        f.spatialRows = std::ceil(reduction / f.registerSteps), f.spatialCols = g.sr;
        f.stream = n;
        stationaryBandwidth = actBufferBandwidth();
        break;
    default: // WEIGHT_STATIONARY: weights (T x N) held, input rows streamed
        f.spatialRows = std::ceil(reduction / f.registerSteps), f.spatialCols = n;
        f.stream = g.sr;
        break;
    }
    f.rowFolds = std::ceil(f.spatialRows / rows);
    f.colFolds = std::ceil(f.spatialCols / cols);
    f.loadCycles
        = std::ceil(rows * cols * stationaryPerPe * g.bytesPerElement / stationaryBandwidth);
    f.skewCycles = rows + cols - 2;
    chunkForAccumulator(f);
    f.cyclesPerPass = passCycles(f);
    // The rows in use hold registerSteps elements of T each (the last row perhaps fewer).
    double busy
        = (s.dataflow() == spec::OUTPUT_STATIONARY ? f.spatialRows : reduction / f.registerSteps)
        * f.spatialCols;
    busy /= f.packedGroups; // block-diagonal: only the diagonal blocks hold work
    if (s.dataflow() != spec::OUTPUT_STATIONARY)
        busy
            *= g.t / (lanes * std::ceil(g.t / lanes)); // the last PE step fills part of the k lanes
    f.spatialUtilization = busy / (f.rowFolds * f.colFolds * rows * cols);
    return f;
}

// Stationary elements per MAC lane each PE takes in turn along the reduction (reduction steps
// of k lanes): 1 unless the array has stationary registers and the reduction needs more than
// one fold of the rows; then as few folds as the registers allow, with T spread evenly over them
// so the stream is as short as it can be.
double SystolicCostModel::registerSteps(double reduction) const
{
    const auto& s = spec();
    const double registers = std::max(1, s.stationary_registers_per_pe());
    const double rows = s.pe_rows();
    if (registers <= 1 || s.dataflow() == spec::OUTPUT_STATIONARY || reduction <= rows)
        return 1;
    const double tFolds = std::ceil(reduction / (rows * registers));
    return std::ceil(reduction / (rows * tFolds));
}

// Rows of pe_cols partial sums the accumulator holds; 0 without one.
double SystolicCostModel::accumulatorRows() const
{
    if (!spec().has_accumulator())
        return 0;
    const auto& a = spec().accumulator();
    return std::floor(double(a.size_bytes())
        / (double(std::max(1, a.bytes_per_partial_sum())) * std::max(1, spec().pe_cols())));
}

// With an accumulator, a fold's partial sums (one row of pe_cols per streamed element: output
// rows Sr under weight stationary, filters N under input stationary, whose fold loops are
// taken Sr outermost for it) stay there across the folds of the reduction T. A stream longer
// than the accumulator's rows is taken in chunks, and each chunk reloads the fold's stationary
// operand. With one fold along T nothing is held across folds: one chunk.
void SystolicCostModel::chunkForAccumulator(Folds& f) const
{
    const double rows = accumulatorRows();
    if (rows <= 0 || f.rowFolds <= 1 || f.stream <= rows)
        return;
    f.chunkRows = rows;
    f.chunks = std::ceil(f.stream / rows);
}

// Cycles of one pass over the folds. Weight and input stationary load each fold's operand
// before it streams (or under the previous fold's stream when folds are pipelined), once per
// accumulator chunk. Output stationary drains each fold's results while the next fold streams,
// as SCALE-Sim does, so only the last drain (or a drain longer than a fold) shows.
double SystolicCostModel::passCycles(const Folds& f) const
{
    double foldCount = f.rowFolds * f.colFolds;
    const double stream = f.stream * f.registerSteps; // each element takes registerSteps cycles
    if (spec().pipelined_folds()) {
        // Chunks of chunkRows, the last one shorter: each streams while the next one loads.
        double perFold = std::max(stream, f.loadCycles);
        if (f.chunks > 1) {
            const double chunk = f.chunkRows * f.registerSteps;
            double last = stream - (f.chunks - 1) * chunk;
            perFold = (f.chunks - 1) * std::max(chunk, f.loadCycles) + std::max(last, f.loadCycles);
        }
        return foldCount * perFold + f.loadCycles + f.skewCycles;
    }
    if (spec().dataflow() != spec::OUTPUT_STATIONARY)
        return foldCount * (f.chunks * (f.loadCycles + f.skewCycles) + stream);
    double compute = f.skewCycles + stream;
    return compute + (foldCount - 1) * std::max(compute, f.loadCycles) + f.loadCycles;
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
    out.streamCycles = f.stream * f.registerSteps;
    out.registerSteps = f.registerSteps;
    out.loadCycles = f.loadCycles;
    out.fillDrainCycles = f.skewCycles;
    out.cyclesPerPass = f.cyclesPerPass;
}

// The dataflow's loop nest at the buffer level: the two fold loops and the stream, outer to
// inner, as SCALE-Sim schedules them (every fold streams the whole moving operand).
BufferLoopNest SystolicCostModel::loopNest(const Folds& f) const
{
    switch (spec().dataflow()) {
    case spec::OUTPUT_STATIONARY: // outputs held: Sr folds, N folds, T streamed
        return { { GemmDim::Sr, f.rowFolds }, { GemmDim::N, f.colFolds },
            { GemmDim::T, f.stream } };
    case spec::INPUT_STATIONARY: // inputs held: T folds, Sr folds, N streamed
        return { { GemmDim::T, f.rowFolds }, { GemmDim::Sr, f.colFolds },
            { GemmDim::N, f.stream } };
    default: // weights held: N folds, T folds, Sr streamed
        return { { GemmDim::N, f.colFolds }, { GemmDim::T, f.rowFolds },
            { GemmDim::Sr, f.stream } };
    }
}

// Buffer traffic from the loop nest: each operand's extent times the times it crosses the
// buffer-to-array boundary (BufferLoopNest::fetches). Outputs are written once per visit and
// read back on every visit but the first (partial sums of the folds along T).
void SystolicCostModel::mapArray(const GemmShape& g, std::vector<ArrayMapping>& maps) const
{
    const Folds preferred = folds(g);
    maps.clear();
    maps.push_back(mapFolds(g, preferred));
    if (g.groups > 1) {
        const double fit = packingFit(g);
        const Folds other = foldsPacking(g, preferred.packedGroups > 1 ? 1 : fit);
        if (other.packedGroups != preferred.packedGroups)
            maps.push_back(mapFolds(g, other));
        keepUndominated(maps);
    }
}

ArrayMapping SystolicCostModel::mapFolds(const GemmShape& g, const Folds& f) const
{
    double passes = std::ceil(g.groups / f.packedGroups) * g.steps;
    double copies = g.groups * g.steps; // data volumes are per group
    double b = g.bytesPerElement;
    double weights = g.t * g.n * b, inputs = g.sr * g.t * b, outputs = g.sr * g.n * b;
    ArrayMapping m;
    m.computeCycles = passes * f.cyclesPerPass;
    m.spatialUtilization = f.spatialUtilization;
    m.macsExecuted = g.macs();
    recordFolds(m.folds, f, passes);
    const BufferLoopNest nest = loopNest(f);
    for (size_t i = 0; i < nest.loops().size(); ++i) {
        m.folds.loopDimensions[i] = toString(nest.loops()[i].dim);
        m.folds.loopTrips[i] = nest.loops()[i].trips;
    }
    m.folds.weightFetches = nest.fetches(GemmOperand::Weights);
    m.folds.inputFetches = nest.fetches(GemmOperand::Inputs);
    const double visits = nest.fetches(GemmOperand::Outputs); // one per fold along T
    m.folds.psumSpills = visits - 1;
    if (spec().has_accumulator())
        addAccumulator(m, g, f, visits);
    // Input bytes the activation store gives per fetch: the im2col inputs, or through a window
    // buffer only the real ones.
    const double storeInputs = spec().has_window_buffer() ? addWindowBuffer(m, g, f) : inputs;
    m.paramBufferReads = copies * weights * m.folds.weightFetches;
    m.actBufferReads = copies * (storeInputs * m.folds.inputFetches + outputs * m.folds.psumSpills);
    m.actBufferWrites = copies * outputs * (1 + m.folds.psumSpills);
    m.registerBytes = g.macs() * kRegisterBytesPerMac;
    m.nocBytes = spec().has_noc() ? m.paramBufferReads + m.actBufferReads + m.actBufferWrites : 0;
    if (spec().has_noc())
        m.nocCycles = m.nocBytes / spec().noc().bandwidth_bytes_per_cycle();
    return m;
}

// The accumulator takes the partial sums: each output is written there once per visit (a fold
// along T) and read back on every visit but the first, then once more to write the finished
// output to the activation store, which sees no partial sum. Each accumulator chunk reloads the
// stationary operand (weights under weight stationary, inputs under input stationary).
void SystolicCostModel::addAccumulator(
    ArrayMapping& m, const GemmShape& g, const Folds& f, double visits) const
{
    const double sums
        = g.groups * g.steps * g.sr * g.n * spec().accumulator().bytes_per_partial_sum();
    m.accumulatorWrites = sums * visits;
    m.accumulatorReads = sums * visits;
    m.folds.psumSpills = 0;
    m.folds.accumulatorChunks = f.chunks;
    if (spec().dataflow() == spec::INPUT_STATIONARY)
        m.folds.inputFetches *= f.chunks;
    else
        m.folds.weightFetches *= f.chunks;
}

// The tiles a sweep over the inputs is cut into (WindowTiling): weight stationary streams Sr
// through T tiles of pe_rows x k elements (an accumulator's chunks of Sr, if any); output
// stationary holds pe_rows output pixels and streams T; input stationary holds T tiles of
// pe_rows x k elements of pe_cols output pixels. Packed groups take their whole T in one tile,
// side by side on the rows (in flight together) unless T is streamed.
WindowTiling SystolicCostModel::windowTiling(const GemmShape& g, const Folds& f) const
{
    const auto& s = spec();
    const double tTile = f.packedGroups > 1
        ? g.t
        : double(s.pe_rows()) * std::max(1, s.macs_per_pe_per_cycle()) * f.registerSteps;
    switch (s.dataflow()) {
    case spec::OUTPUT_STATIONARY:
        return { double(s.pe_rows()), g.t, false, true, 1 };
    case spec::INPUT_STATIONARY:
        return { double(s.pe_cols()), tTile, false, false, f.packedGroups };
    default:
        return { f.chunks > 1 ? f.chunkRows : g.sr, tTile, true, false, f.packedGroups };
    }
}

// The window buffer between the activation store and the array: the array reads the im2col
// inputs from it on every fetch, and it is written the real inputs the store gives it, which
// the function returns per fetch (the im2col bytes when the layer bypasses it).
double SystolicCostModel::addWindowBuffer(ArrayMapping& m, const GemmShape& g, const Folds& f) const
{
    const WindowSweep w
        = windowSweep(g, windowTiling(g, f), double(spec().window_buffer().size_bytes()));
    m.folds.windowReuse = w.reuse;
    m.folds.windowSweepBytes = w.storeBytes;
    m.folds.im2colSweepBytes = w.im2colBytes;
    m.folds.windowBandBytes = w.bandBytes;
    if (w.bypassed())
        return w.storeBytes;
    const double fetches = g.groups * g.steps * m.folds.inputFetches;
    m.windowReads = fetches * w.im2colBytes;
    m.windowWrites = fetches * w.storeBytes;
    return w.storeBytes;
}

} // namespace mensa
