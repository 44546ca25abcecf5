#include "cost/SpecCostModel.h"

#include "cost/SpecValidator.h"
#include "util/CheckedMath.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace mensa {
namespace {

constexpr double kPico = 1e-12;

// Ops that only relabel a tensor: no data moves (the next layer reads the same bytes).
bool isPureView(const std::string& opType)
{
    static const char* const kViews[]
        = { "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout" };
    return std::any_of(
        std::begin(kViews), std::end(kViews), [&](const char* v) { return opType == v; });
}

double positiveOr(double value, double fallback)
{
    return value > 0 ? value : fallback;
}

// Bytes of a tensor stored in a zero-compressed format (value + index per non-zero). A
// tensor too dense to gain from it stays in the dense format (the index would only add).
double compressedBytes(double bytes, double density, double bytesPerElement, double indexBits)
{
    return std::min(bytes, bytes * density * (1.0 + indexBits / (8.0 * bytesPerElement)));
}

// A convolution's input plane as its im2col rows read it. A transposed convolution scatters each
// input position through the kernel: its GEMM rows are the input positions themselves (the nest's
// outH x outW), every tap of a channel reading the same element.
InputPlane inputPlane(const Layer& layer)
{
    const auto& n = layer.nest;
    auto at = [](int64_t v) { return double(std::max<int64_t>(1, v)); };
    InputPlane p;
    if (layer.kind == LayerKind::ConvTranspose) {
        p.rows = at(n.outH), p.cols = at(n.outW);
        return p;
    }
    if (layer.kind != LayerKind::Conv && layer.kind != LayerKind::DepthwiseConv)
        return p;
    p.rows = at(n.inH), p.cols = at(n.inW);
    p.kernelRows = at(n.kernelH), p.kernelCols = at(n.kernelW);
    p.strideRows = at(n.strideH), p.strideCols = at(n.strideW);
    p.dilationRows = at(n.dilationH), p.dilationCols = at(n.dilationW);
    return p;
}

// Reads and writes of an SRAM block with its own per-byte energies (AccumulatorSpec,
// WindowBufferSpec), and their joules.
template <typename Sram>
StorageAccess sramAccess(std::string_view name, double reads, double writes, const Sram& sram)
{
    return { name, reads, writes,
        (reads * sram.read_energy_pj_per_byte() + writes * sram.write_energy_pj_per_byte())
            * kPico };
}

} // namespace

SpecCostModel::SpecCostModel(AcceleratorSpecPtr spec)
    : m_spec(std::move(spec))
{
    const auto& s = *m_spec;
    validateAccelerator(s, nullptr, s.name().empty() ? "accelerator spec" : s.name(),
        ""); // never run a half-valid spec
    // Shared exactly when the two store choices (weightBuffer, activationBuffer) meet.
    m_sharedGlobal = weightBuffer() != nullptr && weightBuffer() == activationBuffer();
    double pes = double(s.pe_rows()) * s.pe_cols();
    double registerFiles = pes * std::max(0, s.register_file_bytes_per_pe());
    if (const spec::BufferSpec* weights = weightBuffer()) // shared: the global buffer's half
        m_paramCapacity = double(weights->size_bytes()) / (m_sharedGlobal ? 2 : 1);
    else
        m_paramCapacity = registerFiles; // weights live only in the PE register files
    if (const spec::BufferSpec* act = activationBuffer()) // shared: the global buffer's half
        m_actCapacity = double(act->size_bytes()) / (m_sharedGlobal ? 2 : 1);
    m_bytesPerCycle = s.memory().bandwidth_gb_per_s() * 1e9 / (s.clock_mhz() * 1e6);
    for (const auto* buffer : { &s.parameter_buffer(), &s.activation_buffer(), &s.global_buffer() })
        m_bufferBytesPerCycle += std::max(0.0, double(buffer->bandwidth_bytes_per_cycle()));
    if (s.has_host_link()) {
        m_linkBytesPerCycle = s.host_link().bandwidth_gb_per_s() * 1e9 / (s.clock_mhz() * 1e6);
        m_layerOverheadCycles = s.host_link().per_layer_overhead_us() * s.clock_mhz();
    }
}

double SpecCostModel::hostLinkBandwidth() const
{
    return m_spec->has_host_link() ? m_spec->host_link().bandwidth_gb_per_s() * 1e9 : 0;
}

// A layer runs on the host when its operator or one folded into it is a host operator: an
// elementwise chain the importer fused (LayerFuser: "Add" then "Div") holds the Div.
bool SpecCostModel::runsOnHost(const Layer& layer) const
{
    if (!m_spec->has_host_link())
        return false;
    const auto& ops = m_spec->host_link().host_operators();
    auto listed
        = [&](const std::string& op) { return std::find(ops.begin(), ops.end(), op) != ops.end(); };
    return listed(layer.opType)
        || std::any_of(layer.fusedOps.begin(), layer.fusedOps.end(), listed);
}

double SpecCostModel::peakMacsPerCycle() const
{
    return double(m_spec->pe_rows()) * m_spec->pe_cols() * m_spec->macs_per_pe_per_cycle();
}

double SpecCostModel::peakMacsPerSecond() const
{
    return peakMacsPerCycle() * m_spec->clock_mhz() * 1e6;
}

double SpecCostModel::peakOpsPerWatt() const
{
    const auto& s = *m_spec;
    double joulesPerMac
        = (s.mac_energy_pj() + kRegisterBytesPerMac * s.register_file_energy_pj_per_byte()) * kPico;
    double watts = peakMacsPerSecond() * joulesPerMac + s.static_power_w();
    return watts > 0 ? 2.0 * peakMacsPerSecond() / watts : 0;
}

double SpecCostModel::memoryBandwidth() const
{
    return m_spec->memory().bandwidth_gb_per_s() * 1e9;
}

std::string SpecCostModel::memoryName() const
{
    return m_spec->memory().kind() == spec::STACKED_DRAM ? "stacked DRAM" : "DRAM";
}

double SpecCostModel::bufferBandwidth() const
{
    return m_bufferBytesPerCycle * m_spec->clock_mhz() * 1e6;
}

// The buffer weights are kept in and read from: the parameter buffer, else the global buffer
// unless weights bypass it; nullptr when they go straight from memory to the PE register files.
const spec::BufferSpec* SpecCostModel::weightBuffer() const
{
    const auto& s = *m_spec;
    if (s.has_parameter_buffer())
        return &s.parameter_buffer();
    if (s.has_global_buffer() && !s.weights_bypass_global_buffer())
        return &s.global_buffer();
    return nullptr;
}

// Where activations are kept on chip: their buffer, else the global buffer; none when the spec
// has neither (activations then come from and go to DRAM, and no store is charged for them).
// The one place that choice is made: capacity, bandwidth, name and energies follow it.
const spec::BufferSpec* SpecCostModel::activationBuffer() const
{
    const auto& s = *m_spec;
    if (s.has_activation_buffer())
        return &s.activation_buffer();
    if (s.has_global_buffer())
        return &s.global_buffer();
    return nullptr;
}

double SpecCostModel::paramBufferBandwidth() const
{
    const spec::BufferSpec* buffer = weightBuffer();
    return buffer ? buffer->bandwidth_bytes_per_cycle()
                  : m_bytesPerCycle; // straight from memory into the PEs
}

double SpecCostModel::actBufferBandwidth() const
{
    const spec::BufferSpec* buffer = activationBuffer();
    return buffer ? buffer->bandwidth_bytes_per_cycle() : m_bytesPerCycle;
}

LayerCost SpecCostModel::evaluate(const Layer& layer) const
{
    return evaluateIn(layer, {});
}

LayerCost SpecCostModel::evaluateIn(const Layer& layer, const EvaluationContext& context) const
{
    const bool onHost = (context.onHost && m_spec->has_host_link()) || runsOnHost(layer);
    LayerCost cost = onHost                         ? evaluateOnHost(layer, context)
        : isCompute(layer.kind) && !layer.unknownOp ? evaluateCompute(layer, context)
                                                    : evaluateVector(layer, context);
    checkRange(cost, layer);
    return cost;
}

// Checked arithmetic: a validated spec keeps every cost finite, but a layer far beyond any
// real workload could still overflow a count; refuse it rather than print inf or wrap.
void SpecCostModel::checkRange(const LayerCost& cost, const Layer& layer) const
{
    // The location is built only when a check fails: this runs for every layer evaluated.
    const auto where = [&] { return "layer '" + layer.name + "' on '" + name() + "'"; };
    checkedCount(cost.cycles, where, "cycles");
    checkedCount(cost.computeCycles, where, "compute cycles");
    checkedCount(cost.memoryCycles, where, "memory cycles");
    checkedNonNegative(cost.seconds, where, "latency");
    const auto& t = cost.traffic;
    for (double bytes :
        { t.dramBytes, t.bufferBytes, t.registerBytes, t.nocBytes, t.hostLinkBytes })
        checkedCount(bytes, where, "bytes moved");
    for (double joules : cost.energy.joules)
        checkedNonNegative(joules, where, "energy");
    checkedNonNegative(cost.energy.total(), where, "energy");
}

bool SpecCostModel::resident(double paramBytes, const EvaluationContext& context) const
{
    switch (context.parameters) {
    case EvaluationContext::Residency::Resident:
        return true;
    case EvaluationContext::Residency::Streamed:
        return paramBytes <= 0;
    case EvaluationContext::Residency::Auto:
        break;
    }
    return paramBytes <= m_paramCapacity;
}

double SpecCostModel::stagingBytes(const EvaluationContext& context) const
{
    double staging = context.stagingBytes >= 0 ? context.stagingBytes : m_paramCapacity;
    // At least one array-load of weights (k per PE with k MACs per PE) can always be
    // staged (double-buffered).
    double oneFold = 2.0 * peakMacsPerCycle();
    return std::max(staging, oneFold);
}

// DRAM bytes for one inference of a layer. Parameters that stay resident cost nothing;
// streamed parameters are fetched once when they fit the staging space, otherwise once
// per time step. Activations are tiled through their buffer: only the bytes of input and
// output beyond its capacity spill (the input's first, as the producer's overflow). When
// weights are tiled too, both loop orders are kept unless one moves no more bytes of each
// kind (weights outer: the spilled input re-read per weight tile; activations outer: the
// weights re-read per activation tile); the objective picks, since the weights may come over
// a slower link into a different store than the activations.
void SpecCostModel::dramTraffic(
    ComputeLayer& c, double params, double in, double out, double staging) const
{
    const double steps = c.g.steps;
    c.dramOrders = 1;
    if (c.resident || params <= 0) {
        c.drams[0] = spillTraffic(0, in, out, steps);
        return;
    }
    double weightTiles = std::ceil(params / staging);
    if (weightTiles <= 1) {
        c.drams[0] = spillTraffic(params, in, out, steps);
        return;
    }
    double spill = activationSpill(in, out);
    double actTiles = spill <= 0 ? 1 : std::ceil((in + out) / positiveOr(m_actCapacity, 1));
    DramTraffic weightsOuter = spillTraffic(params, in, out, 1);
    weightsOuter.activationReads *= weightTiles; // the spilled input, once per weight tile
    DramTraffic actsOuter = spillTraffic(params * actTiles, in, out, 1);
    for (DramTraffic* t : { &weightsOuter, &actsOuter }) {
        t->parameters *= steps, t->activationReads *= steps, t->activationWrites *= steps;
        t->weightTiles = weightTiles, t->activationTiles = actTiles;
    }
    c.drams[0] = weightsOuter;
    if (actTiles <= 1)
        return; // the activations fit: one tile of them, no order to choose
    weightsOuter.order = "weights outer", actsOuter.order = "activations outer";
    auto noMore = [](const DramTraffic& a, const DramTraffic& b) {
        return a.parameters <= b.parameters && a.activationReads <= b.activationReads
            && a.activationWrites <= b.activationWrites;
    };
    // One order moving no more bytes of any kind is the one candidate (on a tie, weights outer).
    c.drams[0] = noMore(actsOuter, weightsOuter) && !noMore(weightsOuter, actsOuter) ? actsOuter
                                                                                     : weightsOuter;
    if (!noMore(weightsOuter, actsOuter) && !noMore(actsOuter, weightsOuter))
        c.drams[1] = actsOuter, c.dramOrders = 2;
}

// Parameters fetched once, and the activation spill of each step: the input's bytes read back
// first (the producer's overflow), then the output's written out.
SpecCostModel::DramTraffic SpecCostModel::spillTraffic(
    double parameters, double in, double out, double steps) const
{
    double spill = activationSpill(in, out);
    double spilledInput = std::min(in, spill);
    DramTraffic t;
    t.parameters = parameters;
    t.activationReads = steps * spilledInput;
    t.activationWrites = steps * (spill - spilledInput);
    return t;
}

// Activation bytes of one step that do not fit the activation buffer.
double SpecCostModel::activationSpill(double in, double out) const
{
    return std::max(0.0, in + out - m_actCapacity);
}

GemmShape SpecCostModel::gemmShape(const Layer& layer) const
{
    const auto& n = layer.nest;
    GemmShape g;
    g.batch = double(std::max<int64_t>(1, n.batch));
    g.outH = double(std::max<int64_t>(1, n.outH));
    g.outW = double(std::max<int64_t>(1, n.outW));
    g.kernelH = double(std::max<int64_t>(1, n.kernelH));
    g.kernelW = double(std::max<int64_t>(1, n.kernelW));
    g.sr = g.batch * g.outH * g.outW;
    g.t = double(std::max<int64_t>(1, n.inChannels)) * g.kernelH * g.kernelW;
    g.n = double(std::max<int64_t>(1, n.outChannels));
    g.groups = double(std::max<int64_t>(1, n.groups));
    g.steps = double(std::max<int64_t>(1, n.steps));
    g.bytesPerElement = std::max(1, layer.metrics.bytesPerElement);
    g.inputBytesPerStep = double(layer.metrics.inputActBytes) / g.steps;
    g.plane = inputPlane(layer);
    if (m_spec->sparsity().enabled()) {
        // A layer that says how sparse its weights are (an element-pruned model) overrides
        // the spec's assumed density; a dense layer keeps the spec's assumption.
        g.weightDensity = layer.metrics.weightDensity < 1 ? layer.metrics.weightDensity
            : m_spec->sparsity().has_weight_density()     ? m_spec->sparsity().weight_density()
                                                          : 1;
        g.activationDensity = m_spec->sparsity().has_activation_density()
            ? m_spec->sparsity().activation_density()
            : 1;
    }
    return g;
}

bool ArrayMapping::noWorseThan(const ArrayMapping& o) const
{
    return computeCycles <= o.computeCycles && paramBufferReads <= o.paramBufferReads
        && actBufferReads <= o.actBufferReads && actBufferWrites <= o.actBufferWrites
        && accumulatorReads <= o.accumulatorReads && accumulatorWrites <= o.accumulatorWrites
        && windowReads <= o.windowReads && windowWrites <= o.windowWrites;
}

void keepUndominated(std::vector<ArrayMapping>& mappings)
{
    // Beaten: another is no worse on every count and better on one, or equal and earlier.
    auto beaten = [&](size_t i) {
        const ArrayMapping& a = mappings[i];
        for (size_t j = 0; j < mappings.size(); ++j) {
            const ArrayMapping& b = mappings[j];
            if (j != i && b.noWorseThan(a) && (j < i || !a.noWorseThan(b)))
                return true;
        }
        return false;
    };
    if (mappings.size() < 2)
        return;
    // The usual handful of flags fit one word (no allocation); more take a vector.
    std::vector<bool> dropMore(mappings.size() > 64 ? mappings.size() : 0);
    uint64_t dropFirst = 0;
    for (size_t i = 0; i < mappings.size(); ++i)
        if (beaten(i)) {
            if (i < 64)
                dropFirst |= uint64_t(1) << i;
            else
                dropMore[i] = true;
        }
    auto dropped = [&](size_t i) { return i < 64 ? (dropFirst >> i & 1) != 0 : dropMore[i]; };
    size_t next = 0;
    for (size_t i = 0; i < mappings.size(); ++i)
        if (!dropped(i)) {
            if (next != i) // a mapping is large: no self-move
                mappings[next] = std::move(mappings[i]);
            ++next;
        }
    mappings.resize(next);
}

// Every legal mapping worth comparing, under each DRAM loop order worth comparing, is costed
// in full, and the context's objective picks one (Timeloop's mapper with a small, pruned space).
LayerCost SpecCostModel::evaluateCompute(const Layer& layer, const EvaluationContext& context) const
{
    const ComputeLayer c = computeLayer(layer, context);
    // A few candidates per layer, for every layer: per-thread buffers spare their allocations.
    thread_local std::vector<ArrayMapping> maps;
    mapArray(c.g, maps);
    auto finishChoice = [&](LayerCost&& chosen) {
        chosen.folds.mappingCandidates = double(maps.size());
        chosen.folds.mappingObjective = context.objective.kindName();
        return std::move(chosen);
    };
    if (maps.size() == 1 && c.dramOrders == 1)
        return finishChoice(costOfMapping(c, maps.front(), c.drams[0], context));
    thread_local std::vector<LayerCost> costs;
    thread_local std::vector<double> seconds, joules;
    costs.clear(), seconds.clear(), joules.clear();
    for (const ArrayMapping& map : maps)
        for (size_t order = 0; order < c.dramOrders; ++order) {
            costs.push_back(costOfMapping(c, map, c.drams[order], context));
            seconds.push_back(costs.back().seconds);
            joules.push_back(costs.back().energy.total());
        }
    return finishChoice(
        std::move(costs[size_t(std::max(0, context.objective.best(seconds, joules)))]));
}

SpecCostModel::ComputeLayer SpecCostModel::computeLayer(
    const Layer& layer, const EvaluationContext& context) const
{
    const auto& s = *m_spec;
    ComputeLayer c;
    c.g = gemmShape(layer);
    double params = double(layer.metrics.paramBytes);
    double in = double(layer.metrics.inputActBytes) / c.g.steps;
    double out = double(layer.metrics.outputActBytes) / c.g.steps;
    if (s.sparsity().enabled()) {
        double idx = s.sparsity().index_bits_per_nonzero();
        params = compressedBytes(params, c.g.weightDensity, c.g.bytesPerElement, idx);
        in = compressedBytes(in, c.g.activationDensity, c.g.bytesPerElement, idx);
    }
    c.resident = resident(params, context);
    double staging = stagingBytes(context);
    dramTraffic(c, params, in, out, staging);
    c.streamsPerStep = !c.resident && params > staging;
    return c;
}

LayerCost SpecCostModel::costOfMapping(const ComputeLayer& c, const ArrayMapping& map,
    const DramTraffic& dram, const EvaluationContext& context) const
{
    LayerCost cost;
    cost.parametersOnChip = c.resident;
    cost.computeCycles = map.computeCycles;
    cost.spatialUtilization = map.spatialUtilization;
    cost.levels = levelAccesses(
        { map.paramBufferReads, map.actBufferReads, map.actBufferWrites, map.registerBytes,
            map.accumulatorReads, map.accumulatorWrites, map.windowReads, map.windowWrites },
        dram);
    cost.traffic.dramBytes = dram.total();
    cost.traffic.arrayBytes = map.paramBufferReads + map.actBufferReads + map.actBufferWrites;
    cost.traffic.bufferBytes = cost.traffic.arrayBytes + dram.total();
    // The buffers' ports bound the array side too (the vector path below times its own).
    double portCycles
        = m_bufferBytesPerCycle > 0 ? cost.traffic.arrayBytes / m_bufferBytesPerCycle : 0;
    cost.memory = { dram.total() / m_bytesPerCycle, portCycles, map.nocCycles, 0, 0, 0, 0 };
    chargeHostLink(cost, dram.parameters);
    chargeHostTensors(cost, context);
    cost.memoryCycles
        = std::max({ cost.memory.dram, map.nocCycles, portCycles, cost.memory.hostLink });
    cost.traffic.registerBytes = map.registerBytes;
    cost.traffic.nocBytes = map.nocBytes;
    cost.folds = map.folds;
    cost.folds.tileOrder = dram.order;
    cost.folds.tileOrders = double(c.dramOrders);
    cost.folds.weightTiles = dram.weightTiles, cost.folds.activationTiles = dram.activationTiles;
    recordShape(cost.folds, c.g);

    addArrayEnergy(cost, c.g, map);
    finish(cost, map.macsExecuted, cost.traffic.dramBytes, c.streamsPerStep ? c.g.steps : 1);
    return cost;
}

// The array and the GEMM the fold arithmetic of a compute layer refers to.
void SpecCostModel::recordShape(ArrayFolds& folds, const GemmShape& g) const
{
    folds.arrayRows = m_spec->pe_rows();
    folds.arrayCols = m_spec->pe_cols();
    folds.macsPerPe = m_spec->macs_per_pe_per_cycle();
    folds.peakMacsPerCycle = peakMacsPerCycle();
    folds.sr = g.sr, folds.t = g.t, folds.n = g.n;
    folds.groups = g.groups, folds.steps = g.steps;
}

// Reads and writes per memory level as the mapping and the DRAM traffic give them, with the
// energy charged at each: weights are read from the parameter store and DRAM fills are
// written into the store they fill; each MAC reads its two operands in the PE registers and
// writes its partial sum. A spilled input is read from DRAM and written into the activation
// store; a spilled output, written there by the array like every output, is read out of it and
// written to DRAM. Off-chip joules come in finish(), once the host link has taken its share.
StorageAccesses SpecCostModel::levelAccesses(const ArraySide& array, const DramTraffic& dram) const
{
    const auto& s = *m_spec;
    const spec::BufferSpec* actBuf = activationBuffer();
    const double actRead = actBuf ? actBuf->read_energy_pj_per_byte() : 0;
    const double actWrite = actBuf ? actBuf->write_energy_pj_per_byte() : 0;
    StorageAccesses l;
    l[StorageLevel::OffChip] = { s.memory().kind() == spec::STACKED_DRAM ? "stacked DRAM" : "DRAM",
        dram.parameters + dram.activationReads, dram.activationWrites, 0 };
    l[StorageLevel::ParameterStore] = { parameterStoreName(), array.parameterReads, dram.parameters,
        (array.parameterReads * parameterReadEnergy() + dram.parameters * parameterWriteEnergy())
            * kPico };
    l[StorageLevel::ActivationStore]
        = { activationStoreName(), array.activationReads + dram.activationWrites,
              array.activationWrites + dram.activationReads,
              (array.activationReads * actRead + array.activationWrites * actWrite
                  + dram.activationReads * actWrite + dram.activationWrites * actRead)
                  * kPico };
    if (s.has_accumulator())
        l[StorageLevel::Accumulator] = sramAccess(
            "accumulator", array.accumulatorReads, array.accumulatorWrites, s.accumulator());
    if (s.has_window_buffer())
        l[StorageLevel::WindowBuffer]
            = sramAccess("window buffer", array.windowReads, array.windowWrites, s.window_buffer());
    double registerWrites = array.registers / kRegisterBytesPerMac; // one partial sum per MAC
    l[StorageLevel::RegisterFile] = { "PE registers", array.registers - registerWrites,
        registerWrites, array.registers * s.register_file_energy_pj_per_byte() * kPico };
    return l;
}

// Dynamic energy of a compute layer: zero-gated MACs, the storage levels (buffers, including
// the DRAM fills written into them, and the PE registers) and the NoC. Off-chip and static
// energy come in finish().
void SpecCostModel::addArrayEnergy(
    LayerCost& cost, const GemmShape& g, const ArrayMapping& map) const
{
    const auto& s = *m_spec;
    double gatedMacs = g.macs() * g.weightDensity * g.activationDensity;
    cost.energy[EnergyComponent::Mac] = gatedMacs * s.mac_energy_pj() * kPico;
    cost.energy[EnergyComponent::RegisterFile] = cost.levels[StorageLevel::RegisterFile].joules;
    cost.energy[EnergyComponent::Buffer] = cost.levels.bufferJoules();
    cost.energy[EnergyComponent::Noc] = map.nocBytes * s.noc().energy_pj_per_byte() * kPico;
}

// pJ per byte of weights read towards the PEs: from their buffer, else from the PE register
// files they were delivered to.
double SpecCostModel::parameterReadEnergy() const
{
    const spec::BufferSpec* buffer = weightBuffer();
    return buffer ? buffer->read_energy_pj_per_byte() : m_spec->register_file_energy_pj_per_byte();
}

// When weights and activations share the global buffer (m_sharedGlobal), each store's name
// says which share it is, so that a layer's levels never list two stores of one name.
std::string_view SpecCostModel::parameterStoreName() const
{
    const spec::BufferSpec* buffer = weightBuffer();
    if (!buffer)
        return "PE register files (weights)";
    if (buffer != &m_spec->global_buffer())
        return "parameter buffer";
    return m_sharedGlobal ? "global buffer (weights)" : "global buffer";
}

std::string_view SpecCostModel::activationStoreName() const
{
    const spec::BufferSpec* buffer = activationBuffer();
    if (!buffer)
        return "no activation buffer";
    if (buffer == &m_spec->activation_buffer())
        return "activation buffer";
    return m_sharedGlobal ? "global buffer (activations)" : "global buffer";
}

// Non-GEMM layers run on the vector path: one pass reading inputs (and any parameters)
// and writing outputs through the activation buffer. Pure views are free.
LayerCost SpecCostModel::evaluateVector(const Layer& layer, const EvaluationContext& context) const
{
    const auto& s = *m_spec;
    LayerCost cost;
    if (layer.unknownOp) {
        cost.mapped = false;
        cost.failureReason = "operator '" + layer.opType
            + "' is not modelled; cost is a vector-path estimate "
              "(one operation per output element)";
    }
    if (layer.kind == LayerKind::Reshape && isPureView(layer.opType) && !layer.unknownOp) {
        cost.bound = "compute";
        return cost;
    }
    double bpe = std::max(1, layer.metrics.bytesPerElement);
    double in = double(layer.metrics.inputActBytes);
    double out = double(layer.metrics.outputActBytes);
    double params = double(layer.metrics.paramBytes);
    double ops = double(layer.metrics.vectorOps);
    if (ops <= 0)
        ops = out / bpe; // copies (Transpose, Concat, Gather...) and unknown operators
    int lanes = s.vector().lanes();
    if (lanes <= 0 && ops > 0) {
        cost.mapped = false;
        cost.failureReason = "accelerator '" + s.name() + "' has no vector path for "
            + std::string(toString(layer.kind)) + " layers";
        return cost;
    }
    bool isResident = resident(params, context);
    DramTraffic fill = spillTraffic(isResident ? 0 : params, in, out, 1);
    double dram = fill.total();
    double moved = in + out + params;
    cost.parametersOnChip = isResident;
    // The vector path reads its parameters (a scale, a bias) through the activation side.
    cost.levels = levelAccesses({ 0, in + params, out, 0 }, fill);
    cost.computeCycles = lanes > 0 ? std::ceil(ops / lanes) : 0;
    cost.traffic.dramBytes = dram;
    cost.memory = { dram / m_bytesPerCycle, moved / actBufferBandwidth(), 0, 0, 0, 0, 0 };
    chargeHostLink(cost, fill.parameters);
    chargeHostTensors(cost, context);
    cost.memoryCycles
        = std::max({ cost.memory.dram, cost.memory.bufferPorts, cost.memory.hostLink });
    cost.folds.vectorOps = ops;
    cost.folds.vectorLanes = lanes;
    cost.folds.peakMacsPerCycle = peakMacsPerCycle();
    cost.traffic.arrayBytes = moved;
    cost.traffic.bufferBytes = moved + dram;
    cost.energy[EnergyComponent::Mac] = ops * s.vector().energy_pj_per_op() * kPico;
    cost.energy[EnergyComponent::Buffer] = cost.levels.bufferJoules();
    finish(cost, 0, cost.traffic.dramBytes, 1);
    return cost;
}

// On a device with a host link, streamed parameters come from the host over the link, not
// from DRAM: they leave cost.traffic.dramBytes (set by the caller) for hostLinkBytes and are
// timed at the link's bandwidth (cost.memory.hostLink).
void SpecCostModel::chargeHostLink(LayerCost& cost, double parameterBytes) const
{
    if (m_linkBytesPerCycle <= 0 || parameterBytes <= 0)
        return;
    cost.traffic.dramBytes = std::max(0.0, cost.traffic.dramBytes - parameterBytes);
    StorageAccess& offChip = cost.levels[StorageLevel::OffChip];
    offChip.reads = std::max(0.0, offChip.reads - parameterBytes);
    cost.traffic.hostLinkBytes += parameterBytes;
    cost.memory.dram = cost.traffic.dramBytes / m_bytesPerCycle;
    cost.memory.hostLink = parameterBytes / m_linkBytesPerCycle;
}

// A host link also carries the model's own inputs and outputs: the layer reading the image
// waits for it and the layer writing the result sends it back (not overlapped with compute).
void SpecCostModel::chargeHostTensors(LayerCost& cost, const EvaluationContext& context) const
{
    if (m_linkBytesPerCycle <= 0 || context.hostTensorBytes <= 0)
        return;
    cost.traffic.hostLinkBytes += context.hostTensorBytes;
    cost.memory.hostTensors = context.hostTensorBytes / m_linkBytesPerCycle;
}

// An operator the accelerator's compiler leaves to the host CPU: the host computes it at
// host_ops_per_second (one operation per MAC, per vector operation, or per output element for
// copies), overlapped with the link. Costed alone, its inputs and outputs cross the link; in a
// model run after the compiler's one partition (context.onHost), only the inputs still on the
// accelerator do.
LayerCost SpecCostModel::evaluateOnHost(const Layer& layer, const EvaluationContext& context) const
{
    const auto& link = m_spec->host_link();
    double bpe = std::max(1, layer.metrics.bytesPerElement);
    double ops = layer.metrics.macs > 0 ? double(layer.metrics.macs)
        : layer.metrics.vectorOps > 0   ? double(layer.metrics.vectorOps)
                                        : double(layer.metrics.outputActBytes) / bpe;
    double bytes = context.onHost
        ? context.hostInputBytes
        : double(layer.metrics.inputActBytes + layer.metrics.outputActBytes);
    LayerCost cost;
    cost.onHost = true;
    cost.folds.hostReason
        = runsOnHost(layer) ? ArrayFolds::kHostOperator : ArrayFolds::kAfterHostOperator;
    cost.folds.hostOps = ops;
    cost.folds.hostOpsPerSecond = link.host_ops_per_second();
    cost.computeCycles = ops / link.host_ops_per_second() * m_spec->clock_mhz() * 1e6;
    cost.traffic.hostLinkBytes = bytes;
    cost.memory.hostLink = m_linkBytesPerCycle > 0 ? bytes / m_linkBytesPerCycle : 0;
    cost.memoryCycles = cost.memory.hostLink;
    finish(cost, 0, 0, 1);
    cost.utilization = 0;
    return cost;
}

// pJ per byte of weights written from DRAM where the weights are kept: their buffer, else
// the PE register files.
double SpecCostModel::parameterWriteEnergy() const
{
    const spec::BufferSpec* buffer = weightBuffer();
    return buffer ? buffer->write_energy_pj_per_byte() : m_spec->register_file_energy_pj_per_byte();
}

// Overlap rule: compute and memory streams overlap (double buffering), so the layer takes
// the longer of the two, plus the exposed DRAM latency once per dependent pass (once per
// layer, or once per time step when a recurrent layer streams its weights every step), plus
// a host link's fixed per-layer overhead (host_link.per_layer_overhead_us) and the model
// inputs / outputs the layer moves over it, never overlapped.
void SpecCostModel::finish(
    LayerCost& cost, double macs, double dramBytes, double latencyPasses) const
{
    const auto& s = *m_spec;
    cost.traffic.dramBytes = dramBytes;
    double exposed
        = dramBytes > 0 ? s.memory().latency_ns() * 1e-3 * s.clock_mhz() * latencyPasses : 0;
    cost.memory.layerOverhead = m_layerOverheadCycles;
    cost.cycles = std::max(cost.computeCycles, cost.memoryCycles) + exposed + m_layerOverheadCycles
        + cost.memory.hostTensors;
    cost.memory.exposedLatency = exposed;
    cost.macs = macs;
    cost.seconds = cost.cycles / (s.clock_mhz() * 1e6);
    cost.utilization
        = cost.cycles > 0 ? std::min(1.0, macs / (peakMacsPerCycle() * cost.cycles)) : 0;
    cost.bound = cost.computeCycles >= cost.memoryCycles ? "compute" : "memory";
    cost.levels[StorageLevel::OffChip].joules = dramBytes * s.memory().energy_pj_per_byte() * kPico;
    cost.energy[EnergyComponent::OffChip] = cost.levels[StorageLevel::OffChip].joules
        + cost.traffic.hostLinkBytes * s.host_link().energy_pj_per_byte() * kPico;
    cost.energy[EnergyComponent::Static] = s.static_power_w() * cost.seconds;
}

} // namespace mensa
