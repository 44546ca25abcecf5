#include "cost/SpecValidator.h"

#include "util/Error.h"

#include <cmath>
#include <set>

namespace mensa {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using Tree = google::protobuf::TextFormat::ParseInfoTree;

constexpr double kMaxPeSide = 65536;

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
    double number(const std::string& name) const
    {
        const auto* f = field(name);
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

    void require(const std::string& name) const
    {
        if (!has(name))
            fail(name, "missing (required)");
    }
    void finite(const std::string& name) const
    {
        if (has(name) && !std::isfinite(number(name)))
            fail(name, "must be a finite number");
    }
    void positive(const std::string& name, bool required = true) const
    {
        if (required)
            require(name);
        finite(name);
        if (has(name) && !(number(name) > 0))
            fail(name, "must be > 0");
    }
    void nonNegative(const std::string& name, bool required = false) const
    {
        if (required)
            require(name);
        finite(name);
        if (has(name) && number(name) < 0)
            fail(name, "must be >= 0");
    }
    void atMost(const std::string& name, double limit) const
    {
        if (has(name) && number(name) > limit)
            fail(name, "must be <= " + std::to_string(static_cast<long long>(limit)));
    }
    void fraction(const std::string& name) const
    {
        finite(name);
        if (has(name) && !(number(name) > 0 && number(name) <= 1))
            fail(name, "must be in (0, 1]");
    }
};

void checkBuffer(const Scope& s)
{
    s.positive("size_bytes");
    s.nonNegative("read_energy_pj_per_byte", true);
    s.nonNegative("write_energy_pj_per_byte", true);
    s.positive("bandwidth_bytes_per_cycle");
}

void checkMemory(const Scope& s)
{
    s.require("kind");
    s.positive("bandwidth_gb_per_s");
    s.nonNegative("energy_pj_per_byte", true);
    s.nonNegative("latency_ns");
}

void checkNoc(const Scope& s, double peCount)
{
    s.positive("bandwidth_bytes_per_cycle");
    s.nonNegative("energy_pj_per_byte", true);
    s.positive("clusters", false);
    s.positive("pes_per_cluster", false);
    s.positive("intra_cluster_bandwidth_bytes_per_cycle", false);
    s.positive("inter_cluster_bandwidth_bytes_per_cycle", false);
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
    s.atMost("index_bits_per_nonzero", 64);
}

void checkPeArray(const Scope& s)
{
    for (const char* name : { "pe_rows", "pe_cols", "macs_per_pe_per_cycle" }) {
        s.positive(name);
        s.atMost(name, kMaxPeSide);
    }
    s.positive("clock_mhz");
    s.atMost("clock_mhz", 1e5);
    s.require("placement");
    s.require("dataflow");
    s.nonNegative("register_file_bytes_per_pe");
}

void checkEnergies(const Scope& s)
{
    s.nonNegative("mac_energy_pj", true);
    s.nonNegative("register_file_energy_pj_per_byte", true);
    s.nonNegative("static_power_w", true);
}

} // namespace

void validateAccelerator(const spec::AcceleratorSpec& accelerator, const Tree* tree,
    const std::string& file, const std::string& prefix)
{
    Scope s { accelerator, tree, file, prefix };
    if (accelerator.name().empty())
        s.fail("name", "missing (required)");
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
    s.nested("vector").nonNegative("lanes", true);
    s.nested("vector").nonNegative("energy_pj_per_op", true);
    if (s.has("sparsity"))
        checkSparsity(s.nested("sparsity"));
    if (accelerator.dataflow() == spec::ROW_STATIONARY && !s.has("noc"))
        s.fail("noc", "a ROW_STATIONARY accelerator needs a noc block");
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
        l.positive("bandwidth_gb_per_s");
        l.nonNegative("energy_pj_per_byte", true);
        l.nonNegative("latency_ns");
    }
}

} // namespace mensa
