#include "cost/SpecValidator.h"

#include "model/LayerKind.h"
#include "onnx/OperatorTable.h"
#include "util/Error.h"

#include <onnx/defs/schema.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

namespace mensa {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

// Plausible physical ranges of the spec's numbers (docs/methodology.md, "Spec bounds").
// Besides refusing typos, they keep every derived cost finite and its cycle and byte
// counts well inside the 2^53 a double counts exactly.
constexpr double kMaxPeSide = 65536;
constexpr double kMaxPes = 16777216; // 2^24 PEs
constexpr double kMaxMacsPerPe = 4096;
constexpr double kMinClockMhz = 1, kMaxClockMhz = 10000;
constexpr double kMaxRegisterFileBytes = 1048576; // per PE
constexpr double kMaxBufferBytes = 1099511627776.0; // 1 TiB
constexpr double kMinBytesPerCycle = 0.01, kMaxBytesPerCycle = 1e7;
constexpr double kMinGbPerS = 0.01, kMaxGbPerS = 1e5;
constexpr double kMaxOnChipPj = 1000; // per MAC, per op, per on-chip byte
constexpr double kMaxOffChipPj = 10000; // per byte over DRAM or a link
constexpr double kMaxLatencyNs = 1e6;
constexpr double kMaxStaticPowerW = 1000;
constexpr double kMaxLanes = 1048576;
constexpr double kMaxClusters = 16777216;
constexpr double kMaxOverheadUs = 1e6; // per layer over a host link

std::string shortNumber(double value)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", value);
    return buf;
}

// One message being checked: where it sits in the file and in the field path.
struct Scope {
    const Message& message;
    const Tree* tree;
    const std::string& file;
    std::string path; // "" or "accelerators[0].memory."

    const FieldDescriptor* field(const std::string& name) const
    {
        return message.GetDescriptor()->FindFieldByName(name);
    }
    [[noreturn]] void fail(
        const std::string& name, const std::string& problem, int index = -1) const
    {
        std::string where = file;
        // protobuf logs an internal "[libprotobuf FATAL ...]" line when a repeated field is
        // looked up without an index (an empty `accelerators` list): such a failure names no line.
        const FieldDescriptor* f = field(name);
        if (tree && (f->is_repeated() ? index >= 0 : index < 0)) {
            auto loc = tree->GetLocation(f, index);
            if (loc.line >= 0)
                where += ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
        }
        throw MensaError(where, "field " + path + name + ": " + problem);
    }
    bool has(const std::string& name) const
    {
        return message.GetReflection()->HasField(message, field(name));
    }
    double number(const std::string& name) const { return number(field(name)); }
    double number(const FieldDescriptor* f) const
    {
        const auto* r = message.GetReflection();
        switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
            return r->GetInt32(message, f);
        case FieldDescriptor::CPPTYPE_INT64:
            return static_cast<double>(r->GetInt64(message, f));
        case FieldDescriptor::CPPTYPE_DOUBLE:
            return r->GetDouble(message, f);
        default:
            return 0;
        }
    }
    Scope nested(const std::string& name) const
    {
        const auto* f = field(name);
        const Tree* sub = tree ? tree->GetTreeForNested(f, -1) : nullptr;
        return { message.GetReflection()->GetMessage(message, f), sub, file, path + name + "." };
    }

    // The field's value when it is set (one reflection look-up: validation runs for every
    // point of a design-space sweep).
    std::optional<double> value(const std::string& name) const
    {
        const FieldDescriptor* f = field(name);
        if (!message.GetReflection()->HasField(message, f))
            return std::nullopt;
        return number(f);
    }
    void require(const std::string& name) const
    {
        if (!has(name))
            fail(name, "missing (required)");
    }
    std::optional<double> finiteValue(const std::string& name, bool required = false) const
    {
        const std::optional<double> v = value(name);
        if (required && !v)
            fail(name, "missing (required)");
        if (v && !std::isfinite(*v))
            fail(name, "must be a finite number");
        return v;
    }
    void finite(const std::string& name) const { finiteValue(name); }
    void positive(const std::string& name, bool required = true) const
    {
        if (auto v = finiteValue(name, required); v && !(*v > 0))
            fail(name, "must be > 0");
    }
    void nonNegative(const std::string& name, bool required = false) const
    {
        if (auto v = finiteValue(name, required); v && *v < 0)
            fail(name, "must be >= 0");
    }
    // Plausible range [lo, hi] (after the sign checks, which give the plainer message).
    void within(const std::string& name, double lo, double hi, const std::string& unit) const
    {
        if (auto v = finiteValue(name); v && !(*v >= lo && *v <= hi))
            fail(name,
                "must be in [" + shortNumber(lo) + ", " + shortNumber(hi) + "]"
                    + (unit.empty() ? "" : " " + unit)
                    + " (plausible range, see docs/methodology.md); got " + shortNumber(*v));
    }
    void bounded(const std::string& name, double limit, const std::string& unit) const
    {
        nonNegative(name, true);
        within(name, 0, limit, unit);
    }
    void bandwidthPerCycle(const std::string& name, bool required = true) const
    {
        positive(name, required);
        within(name, kMinBytesPerCycle, kMaxBytesPerCycle, "bytes/cycle");
    }
    void gigabytesPerSecond(const std::string& name) const
    {
        positive(name);
        within(name, kMinGbPerS, kMaxGbPerS, "GB/s");
    }
    void latency(const std::string& name) const
    {
        nonNegative(name);
        within(name, 0, kMaxLatencyNs, "ns");
    }
    void fraction(const std::string& name) const
    {
        if (auto v = finiteValue(name); v && !(*v > 0 && *v <= 1))
            fail(name, "must be in (0, 1]");
    }
};

// The fields every on-chip SRAM block has: its size and its access energies.
void checkSram(const Scope& s)
{
    s.positive("size_bytes");
    s.within("size_bytes", 1, kMaxBufferBytes, "bytes");
    s.bounded("read_energy_pj_per_byte", kMaxOnChipPj, "pJ/byte");
    s.bounded("write_energy_pj_per_byte", kMaxOnChipPj, "pJ/byte");
}

void checkBuffer(const Scope& s)
{
    checkSram(s);
    s.bandwidthPerCycle("bandwidth_bytes_per_cycle");
}

void checkAccumulator(const Scope& s, const spec::AcceleratorSpec& accelerator)
{
    checkSram(s);
    s.positive("bytes_per_partial_sum");
    s.within("bytes_per_partial_sum", 1, 8, "bytes");
    const auto& acc = accelerator.accumulator();
    if (acc.bytes_per_partial_sum() > 0 && accelerator.pe_cols() > 0
        && double(acc.size_bytes())
            < double(acc.bytes_per_partial_sum()) * double(accelerator.pe_cols()))
        s.fail("size_bytes", "must hold at least one row of pe_cols partial sums");
}

// Stationary registers along T (stationary_registers_per_pe): a weight- or input-stationary
// array only, and inside the PE register file (one byte per element at the least).
void checkStationaryRegisters(const Scope& s, const spec::AcceleratorSpec& accelerator)
{
    s.positive("stationary_registers_per_pe");
    s.within("stationary_registers_per_pe", 1, kMaxRegisterFileBytes, "elements");
    const double registers = accelerator.stationary_registers_per_pe();
    if (registers <= 1)
        return;
    if (accelerator.dataflow() == spec::ROW_STATIONARY
        || accelerator.dataflow() == spec::OUTPUT_STATIONARY)
        s.fail("stationary_registers_per_pe",
            "only a WEIGHT_STATIONARY or INPUT_STATIONARY array holds several stationary elements "
            "per PE");
    const double bytes = registers * std::max(1, accelerator.macs_per_pe_per_cycle());
    if (bytes > accelerator.register_file_bytes_per_pe())
        s.fail("stationary_registers_per_pe",
            shortNumber(registers) + " per MAC lane x "
                + shortNumber(std::max(1, accelerator.macs_per_pe_per_cycle())) + " lanes = "
                + shortNumber(bytes) + " elements do not fit register_file_bytes_per_pe ("
                + shortNumber(accelerator.register_file_bytes_per_pe()) + ") at a byte each");
}

void checkMemory(const Scope& s)
{
    s.require("kind");
    s.gigabytesPerSecond("bandwidth_gb_per_s");
    s.bounded("energy_pj_per_byte", kMaxOffChipPj, "pJ/byte");
    s.latency("latency_ns");
}

void checkNoc(const Scope& s, double peCount)
{
    s.bandwidthPerCycle("bandwidth_bytes_per_cycle");
    s.bounded("energy_pj_per_byte", kMaxOnChipPj, "pJ/byte");
    for (const char* name : { "clusters", "pes_per_cluster" }) {
        s.positive(name, false);
        s.within(name, 1, kMaxClusters, "");
    }
    s.bandwidthPerCycle("intra_cluster_bandwidth_bytes_per_cycle", false);
    s.bandwidthPerCycle("inter_cluster_bandwidth_bytes_per_cycle", false);
    if (s.has("clusters") != s.has("pes_per_cluster"))
        s.fail(s.has("clusters") ? "pes_per_cluster" : "clusters",
            "clusters and pes_per_cluster go together");
    if (s.has("clusters") && s.number("clusters") * s.number("pes_per_cluster") != peCount)
        s.fail("pes_per_cluster", "clusters * pes_per_cluster must equal pe_rows * pe_cols");
}

void checkSparsity(const Scope& s)
{
    s.fraction("weight_density");
    s.fraction("activation_density");
    s.nonNegative("index_bits_per_nonzero");
    s.within("index_bits_per_nonzero", 0, 64, "bits");
}

// A host operator is matched against the ONNX op types of imported layers, so a name that is no
// ONNX operator (nor one of the contrib operators the importer models) would silently match none.
void checkHostOperator(const Scope& s, const std::string& op, int index)
{
    if (op.empty())
        s.fail("host_operators", "an operator name must not be empty", index);
    if (!onnx::OpSchemaRegistry::Schema(op) && !OperatorTable::kindOf(op, "com.microsoft"))
        s.fail("host_operators", "'" + op + "' is not an ONNX operator (names are case-sensitive)",
            index);
}

// A host link as sold (Coral USB / PCIe): a named, positive bandwidth, bounded overheads;
// host operators need a host throughput to be timed.
void checkHostLink(const Scope& s, const spec::HostLinkSpec& link)
{
    s.gigabytesPerSecond("bandwidth_gb_per_s");
    s.bounded("energy_pj_per_byte", kMaxOffChipPj, "pJ/byte");
    s.nonNegative("per_layer_overhead_us");
    s.within("per_layer_overhead_us", 0, kMaxOverheadUs, "us");
    s.positive("host_ops_per_second", link.host_operators_size() > 0);
    s.within("host_ops_per_second", 1e3, 1e15, "ops/s");
    for (int i = 0; i < link.host_operators_size(); ++i)
        checkHostOperator(s, link.host_operators(i), i);
}

void checkPeArray(const Scope& s)
{
    for (const char* name : { "pe_rows", "pe_cols" }) {
        s.positive(name);
        s.within(name, 1, kMaxPeSide, "PEs");
    }
    if (s.number("pe_rows") * s.number("pe_cols") > kMaxPes)
        s.fail("pe_cols", "pe_rows * pe_cols must be at most " + shortNumber(kMaxPes) + " PEs");
    s.positive("macs_per_pe_per_cycle");
    s.within("macs_per_pe_per_cycle", 1, kMaxMacsPerPe, "MACs");
    s.positive("clock_mhz");
    s.within("clock_mhz", kMinClockMhz, kMaxClockMhz, "MHz");
    s.require("placement");
    s.require("dataflow");
    s.nonNegative("register_file_bytes_per_pe");
    s.within("register_file_bytes_per_pe", 0, kMaxRegisterFileBytes, "bytes");
}

void checkEnergies(const Scope& s)
{
    s.bounded("mac_energy_pj", kMaxOnChipPj, "pJ");
    s.bounded("register_file_energy_pj_per_byte", kMaxOnChipPj, "pJ/byte");
    s.bounded("static_power_w", kMaxStaticPowerW, "W");
}

// GPU and DLA blocks (docs/processors.md): every throughput, power and bandwidth figure
// present and plausible; efficiencies in (0, 1].
constexpr double kMaxProcessorUnits = 65536; // SMs, cores per SM, MACs per cycle per core
constexpr double kMaxProcessorPowerW = 1000;

void checkEfficiencies(const Scope& s, int count)
{
    s.positive("default_efficiency");
    s.fraction("default_efficiency");
    const auto* f = s.field("efficiency");
    const Tree* base = s.tree;
    for (int i = 0; i < count; ++i) {
        const auto& entry = s.message.GetReflection()->GetRepeatedMessage(s.message, f, i);
        Scope e { entry, base ? base->GetTreeForNested(f, i) : nullptr, s.file,
            s.path + "efficiency[" + std::to_string(i) + "]." };
        if (!e.has("kind") || entry.GetReflection()->GetString(entry, e.field("kind")).empty())
            e.fail("kind", "missing (required)");
        e.positive("efficiency");
        e.fraction("efficiency");
    }
}

void checkProcessorCommon(const Scope& s)
{
    s.positive("clock_mhz");
    s.within("clock_mhz", kMinClockMhz, kMaxClockMhz, "MHz");
    s.gigabytesPerSecond("dram_bandwidth_gb_per_s");
    s.bounded("dram_energy_pj_per_byte", kMaxOffChipPj, "pJ/byte");
    s.positive("active_power_w");
    s.within("active_power_w", 0, kMaxProcessorPowerW, "W");
    s.bounded("idle_power_w", kMaxProcessorPowerW, "W");
    if (s.number("idle_power_w") > s.number("active_power_w"))
        s.fail("idle_power_w", "must not exceed active_power_w");
}

void checkGpu(const Scope& s, const spec::GpuSpec& gpu)
{
    for (const char* name : { "sms", "cuda_cores_per_sm", "tensor_cores_per_sm" }) {
        s.positive(name);
        s.within(name, 1, kMaxProcessorUnits, "");
    }
    for (const char* name :
        { "tensor_core_int8_macs_per_cycle", "tensor_core_fp16_macs_per_cycle" }) {
        s.positive(name);
        s.within(name, 1, kMaxProcessorUnits, "MACs/cycle");
    }
    s.positive("l2_bytes");
    s.within("l2_bytes", 1, kMaxBufferBytes, "bytes");
    s.bounded("kernel_launch_us", kMaxOverheadUs, "us");
    checkProcessorCommon(s);
    checkEfficiencies(s, gpu.efficiency_size());
}

// True when NAME is toString() of some LayerKind ("Conv", "LSTM", ...).
bool isLayerKindName(const std::string& name)
{
    for (int k = 0; k <= int(LayerKind::Other); ++k)
        if (toString(LayerKind(k)) == name)
            return true;
    return false;
}

void checkDla(const Scope& s, const spec::DlaSpec& dla)
{
    for (const char* name : { "conv_int8_macs_per_cycle", "conv_fp16_macs_per_cycle" }) {
        s.positive(name);
        s.within(name, 1, kMaxPes, "MACs/cycle");
    }
    s.positive("conv_buffer_bytes");
    s.within("conv_buffer_bytes", 1024, kMaxBufferBytes, "bytes");
    s.positive("post_ops_per_cycle");
    s.within("post_ops_per_cycle", 1, kMaxLanes, "ops/cycle");
    s.bounded("per_layer_overhead_us", kMaxOverheadUs, "us");
    if (dla.supported_kinds_size() == 0)
        s.fail("supported_kinds", "a DLA needs at least one supported layer kind");
    for (int i = 0; i < dla.supported_kinds_size(); ++i)
        if (!isLayerKindName(dla.supported_kinds(i)))
            s.fail("supported_kinds", "unknown layer kind '" + dla.supported_kinds(i) + "'", i);
    checkProcessorCommon(s);
    checkEfficiencies(s, dla.efficiency_size());
}

// A processor spec describes its unit in its gpu / dla block: no PE array beside it.
void checkProcessor(const Scope& s, const spec::AcceleratorSpec& accelerator)
{
    if (int(s.has("gpu")) + int(s.has("dla")) + int(s.has("cpu")) > 1)
        s.fail(s.has("dla") ? "dla" : "cpu", "an accelerator carries at most one processor block");
    for (const char* name :
        { "pe_rows", "pe_cols", "macs_per_pe_per_cycle", "dataflow", "parameter_buffer",
            "activation_buffer", "global_buffer", "noc", "vector", "register_file_bytes_per_pe",
            "mac_energy_pj", "register_file_energy_pj_per_byte", "static_power_w", "sparsity",
            "host_link", "memory", "accumulator", "window_buffer", "stationary_registers_per_pe" })
        if (s.has(name))
            s.fail(name,
                "not used by a processor spec (its gpu or dla block holds clock, DRAM and power)");
    if (s.has("gpu"))
        checkGpu(s.nested("gpu"), accelerator.gpu());
    else
        checkDla(s.nested("dla"), accelerator.dla());
}

// A CPU cluster (spec block `cpu`): every number required and inside a plausible range; the
// bandwidths nest (one core <= the cluster <= the SoC would be the physical order, but a
// cluster may not draw more than the SoC has).
constexpr double kMaxCores = 1024;
constexpr double kMaxCpuMacsPerCycle = 1024; // per core (wide SIMD/matrix extensions)
constexpr double kMaxCacheBytes = 1073741824.0; // 1 GiB
constexpr double kMaxCorePowerW = 100;

void checkCpuCluster(const Scope& s)
{
    if (s.message.GetReflection()->GetString(s.message, s.field("core_type")).empty())
        s.fail("core_type", "missing (required)");
    s.positive("cores");
    s.within("cores", 1, kMaxCores, "cores");
    s.positive("clock_mhz");
    s.within("clock_mhz", kMinClockMhz, kMaxClockMhz, "MHz");
    for (const char* name : { "int8_macs_per_cycle_per_core", "fp32_macs_per_cycle_per_core",
             "vector_ops_per_cycle_per_core" }) {
        s.positive(name);
        s.within(name, 0.01, kMaxCpuMacsPerCycle, "per cycle");
    }
    s.require("gemm_efficiency");
    s.fraction("gemm_efficiency");
    s.nonNegative("core_scaling_loss", true);
    s.within("core_scaling_loss", 0, 10, "");
    for (const char* name : { "l1d_bytes_per_core", "l2_bytes" }) {
        s.positive(name);
        s.within(name, 1024, kMaxCacheBytes, "bytes");
    }
    for (const char* name :
        { "core_bandwidth_gb_per_s", "cluster_bandwidth_gb_per_s", "dram_bandwidth_gb_per_s" })
        s.gigabytesPerSecond(name);
    s.bounded("dram_energy_pj_per_byte", kMaxOffChipPj, "pJ/byte");
    for (const char* name : { "layer_overhead_us", "sync_overhead_us_per_core" }) {
        s.nonNegative(name, true);
        s.within(name, 0, kMaxOverheadUs, "us");
    }
    s.bounded("active_power_w_per_core", kMaxCorePowerW, "W");
    s.bounded("idle_power_w", kMaxStaticPowerW, "W");
}

// A processor spec carries no PE-array description: refuse one rather than ignore it.
void checkProcessorOnly(const Scope& s, const std::string& block)
{
    for (const char* name : { "pe_rows", "pe_cols", "macs_per_pe_per_cycle", "dataflow",
             "parameter_buffer", "activation_buffer", "global_buffer", "noc", "vector" })
        if (s.has(name))
            s.fail(name, "a " + block + " spec has no PE-array fields (remove this field)");
}

} // namespace

void validateAccelerator(const spec::AcceleratorSpec& accelerator, const Tree* tree,
    const std::string& file, const std::string& prefix)
{
    Scope s { accelerator, tree, file, prefix };
    if (accelerator.name().empty())
        s.fail("name", "missing (required)");
    if (accelerator.has_cpu()) {
        checkProcessorOnly(s, "cpu");
        checkCpuCluster(s.nested("cpu"));
        return;
    }
    if (s.has("gpu") || s.has("dla")) {
        checkProcessor(s, accelerator);
        return;
    }
    checkPeArray(s);
    checkEnergies(s);
    bool anyBuffer = false;
    for (const char* name : { "parameter_buffer", "activation_buffer", "global_buffer" })
        if (s.has(name)) {
            checkBuffer(s.nested(name));
            anyBuffer = true;
        }
    if (!anyBuffer && accelerator.register_file_bytes_per_pe() <= 0)
        s.fail("global_buffer", "an accelerator needs an on-chip buffer or PE register files");
    s.require("memory");
    checkMemory(s.nested("memory"));
    if (s.has("noc"))
        checkNoc(s.nested("noc"), double(accelerator.pe_rows()) * accelerator.pe_cols());
    s.require("vector");
    Scope vector = s.nested("vector");
    vector.nonNegative("lanes", true);
    vector.within("lanes", 0, kMaxLanes, "lanes");
    vector.bounded("energy_pj_per_op", kMaxOnChipPj, "pJ");
    if (s.has("sparsity"))
        checkSparsity(s.nested("sparsity"));
    if (s.has("host_link"))
        checkHostLink(s.nested("host_link"), accelerator.host_link());
    if (accelerator.dataflow() == spec::ROW_STATIONARY && !s.has("noc"))
        s.fail("noc", "a ROW_STATIONARY accelerator needs a noc block");
    if (s.has("accumulator")) {
        if (accelerator.dataflow() == spec::ROW_STATIONARY
            || accelerator.dataflow() == spec::OUTPUT_STATIONARY)
            s.fail("accumulator",
                "only a WEIGHT_STATIONARY or INPUT_STATIONARY array adds partial sums below it");
        checkAccumulator(s.nested("accumulator"), accelerator);
    }
    if (s.has("window_buffer")) {
        if (accelerator.dataflow() == spec::ROW_STATIONARY)
            s.fail("window_buffer",
                "only a systolic array reads im2col inputs through one (row-stationary PEs "
                "already reuse input rows)");
        checkSram(s.nested("window_buffer"));
    }
    if (s.has("stationary_registers_per_pe"))
        checkStationaryRegisters(s, accelerator);
}

void validateSystem(const spec::SystemSpec& system, const Tree* tree, const std::string& file)
{
    Scope s { system, tree, file, "" };
    if (system.name().empty())
        s.fail("name", "missing (required)");
    if (system.accelerators_size() == 0)
        s.fail("accelerators", "a system needs at least one accelerator");
    const auto* accField = s.field("accelerators");
    std::set<std::string> names;
    for (int i = 0; i < system.accelerators_size(); ++i) {
        const auto& acc = system.accelerators(i);
        std::string prefix = "accelerators[" + std::to_string(i) + "].";
        validateAccelerator(
            acc, tree ? tree->GetTreeForNested(accField, i) : nullptr, file, prefix);
        if (!names.insert(acc.name()).second)
            s.fail("accelerators", "duplicate accelerator name '" + acc.name() + "'", i);
    }
    const auto* linkField = s.field("links");
    for (int i = 0; i < system.links_size(); ++i) {
        Scope l { system.links(i), tree ? tree->GetTreeForNested(linkField, i) : nullptr, file,
            "links[" + std::to_string(i) + "]." };
        for (const char* end : { "from", "to" }) {
            l.require(end);
            if (l.number(end) < 0 || l.number(end) >= system.accelerators_size())
                l.fail(end,
                    "accelerator index out of range (system has "
                        + std::to_string(system.accelerators_size()) + ")");
        }
        if (system.links(i).from() == system.links(i).to())
            l.fail("to", "a link must join two different accelerators");
        l.gigabytesPerSecond("bandwidth_gb_per_s");
        l.bounded("energy_pj_per_byte", kMaxOffChipPj, "pJ/byte");
        l.latency("latency_ns");
    }
}

} // namespace mensa
