#include "dse/SearchSpace.h"

#include "dse/AccessEnergyScaling.h"
#include "dse/AreaModel.h"
#include "proto/search_space.pb.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

namespace mensa {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;
using Tree = pb::TextFormat::ParseInfoTree;

constexpr std::uintmax_t kMaxSpaceBytes = 1u << 20;
constexpr double kMaxPoints = 1e15; // indices stay exact in a double and in CSV text
constexpr size_t kMaxValuesPerAxis = 100000;

// "file:line:col" of `field` (index for repeated fields) in `tree`, else the file.
std::string where(const std::string& file, const Tree* tree, const pb::Message& message,
    const std::string& field, int index = -1)
{
    const pb::FieldDescriptor* f = message.GetDescriptor()->FindFieldByName(field);
    if (!tree || !f || (f->is_repeated() != (index >= 0)))
        return file;
    auto loc = tree->GetLocation(f, index);
    if (loc.line < 0)
        return file;
    return file + ":" + std::to_string(loc.line + 1) + ":" + std::to_string(loc.column + 1);
}

const Tree* nested(
    const Tree* tree, const pb::Message& message, const std::string& field, int index = -1)
{
    const pb::FieldDescriptor* f = message.GetDescriptor()->FindFieldByName(field);
    return tree && f ? tree->GetTreeForNested(f, index) : nullptr;
}

std::string number(double value)
{
    return formatExact(value);
}

bool isPowerOfTwo(double value)
{
    if (!(value >= 1) || value != std::floor(value) || value > 9.0e15)
        return false;
    auto v = static_cast<uint64_t>(value);
    return (v & (v - 1)) == 0;
}

// One axis being read: the message, its positions and the file, for error messages.
struct AxisReader {
    const dse::AxisSpec& axis;
    const Tree* tree;
    const std::string& file;

    [[noreturn]] void fail(
        const std::string& field, const std::string& problem, int index = -1) const
    {
        throw MensaError(
            where(file, tree, axis, field, index), "axis \"" + axis.field() + "\": " + problem);
    }
    [[noreturn]] void failRange(const std::string& field, const std::string& problem) const
    {
        const Tree* sub = nested(tree, axis, "range");
        throw MensaError(
            where(file, sub ? sub : tree,
                sub ? static_cast<const pb::Message&>(axis.range()) : axis, sub ? field : "range"),
            "axis \"" + axis.field() + "\": range: " + problem);
    }
};

std::vector<double> rangeValues(const AxisReader& r)
{
    const dse::RangeSpec& range = r.axis.range();
    if (!range.has_min() || !range.has_max())
        r.failRange(range.has_min() ? "min" : "max", "needs both min and max");
    const double lo = range.min(), hi = range.max();
    if (!std::isfinite(lo) || !std::isfinite(hi))
        r.failRange("min", "min and max must be finite");
    if (lo > hi)
        r.failRange("max", "empty range: max " + number(hi) + " is below min " + number(lo));
    std::vector<double> values;
    if (range.powers_of_two()) {
        if (range.has_step())
            r.failRange("step", "powers_of_two takes no step");
        if (!isPowerOfTwo(lo))
            r.failRange("min", "powers_of_two needs min a power of two, not " + number(lo));
        if (!isPowerOfTwo(hi))
            r.failRange("max", "powers_of_two needs max a power of two, not " + number(hi));
        for (double v = lo; v <= hi; v *= 2)
            values.push_back(v);
        return values;
    }
    if (!range.has_step())
        r.failRange("max", "needs a step (or powers_of_two: true)");
    const double step = range.step();
    if (!(step > 0) || !std::isfinite(step))
        r.failRange("step", "step must be positive, not " + number(step));
    const double count = (hi - lo) / step;
    if (count + 1 > double(kMaxValuesPerAxis))
        r.failRange("step", "more than 100000 values");
    const double whole = std::round(count);
    if (std::fabs(count - whole) > 1e-9 * std::max(1.0, count))
        r.failRange("step",
            "step " + number(step) + " from " + number(lo) + " never reaches max " + number(hi)
                + " (last value " + number(lo + std::floor(count) * step) + ")");
    for (int64_t k = 0; k <= int64_t(whole); ++k)
        values.push_back(k == int64_t(whole) ? hi : lo + double(k) * step);
    return values;
}

// Walks "a.b.c" (optionally "accelerators[I]." first) to the leaf field.
void resolvePath(SearchAxis& out, const AxisReader& r, const spec::SystemSpec& base)
{
    std::string path = r.axis.field();
    const int count = base.accelerators_size();
    if (path.rfind("accelerators[", 0) == 0) {
        const size_t close = path.find("].");
        int index = -1;
        try {
            index = close == std::string::npos ? -1 : std::stoi(path.substr(13, close - 13));
        }
        catch (const std::exception&) {
            index = -1;
        }
        if (index < 0 || index >= count)
            r.fail("field",
                "no such accelerator in the base system of " + std::to_string(count)
                    + " (write accelerators[I].FIELD with I from 0)");
        out.accelerator = index;
        path = path.substr(close + 2);
    }
    else if (count != 1) {
        r.fail("field",
            "the base system has " + std::to_string(count) + " accelerators: write accelerators[I]."
                + path);
    }
    const pb::Descriptor* message = spec::AcceleratorSpec::descriptor();
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
        const pb::FieldDescriptor* f = message ? message->FindFieldByName(part) : nullptr;
        if (!f || f->is_repeated())
            r.fail("field",
                "no such field \"" + part + "\" in " + (message ? message->name() : "a number"));
        out.path.push_back(f);
        if (dot == std::string::npos)
            break;
        message = f->message_type();
        start = dot + 1;
    }
    const auto type = out.path.back()->cpp_type();
    if (type == pb::FieldDescriptor::CPPTYPE_STRING || type == pb::FieldDescriptor::CPPTYPE_MESSAGE)
        r.fail("field", "\"" + path + "\" is not a number, bool or enum field");
}

void checkNumber(const AxisReader& r, const pb::FieldDescriptor* leaf, double v, int index,
    const std::string& fieldName)
{
    using F = pb::FieldDescriptor;
    const auto type = leaf->cpp_type();
    if (type == F::CPPTYPE_ENUM || type == F::CPPTYPE_BOOL)
        r.fail(fieldName == "values" ? "values" : "field",
            leaf->name() + " takes names (choices: \"...\"), not numbers", index);
    if (!std::isfinite(v))
        r.fail("values", "value " + number(v) + " is not finite", index);
    if (type == F::CPPTYPE_INT32 || type == F::CPPTYPE_INT64 || type == F::CPPTYPE_UINT32
        || type == F::CPPTYPE_UINT64) {
        const double limit = type == F::CPPTYPE_INT32 ? 2147483647.0 : 9.0e15;
        if (v != std::floor(v) || std::fabs(v) > limit)
            r.fail(index >= 0 ? "values" : "range",
                leaf->name() + " takes whole numbers, not " + number(v), index);
    }
}

SearchAxis readAxis(const dse::AxisSpec& axis, const Tree* tree, const std::string& file,
    const std::string& axisWhere, const spec::SystemSpec& base)
{
    AxisReader r { axis, tree, file };
    SearchAxis out;
    out.field = axis.field();
    if (!axis.has_field() || axis.field().empty())
        throw MensaError(axisWhere, "axis: missing field (e.g. field: \"pe_rows\")");
    resolvePath(out, r, base);
    const int kinds
        = int(axis.has_range()) + int(axis.values_size() > 0) + int(axis.choices_size() > 0);
    if (kinds != 1)
        r.fail("field",
            kinds == 0 ? "no values (give a range, values or choices)"
                       : "give only one of range, values and choices");
    const pb::FieldDescriptor* leaf = out.path.back();
    if (axis.has_range()) {
        out.values = rangeValues(r);
        for (double v : out.values)
            checkNumber(r, leaf, v, -1, "range");
    }
    for (int i = 0; i < axis.values_size(); ++i) {
        checkNumber(r, leaf, axis.values(i), i, "values");
        out.values.push_back(axis.values(i));
    }
    for (int i = 0; i < axis.choices_size(); ++i) {
        const std::string& c = axis.choices(i);
        if (leaf->cpp_type() == pb::FieldDescriptor::CPPTYPE_BOOL) {
            if (c != "true" && c != "false")
                r.fail(
                    "choices", leaf->name() + " is a bool: choices are \"true\" and \"false\"", i);
            out.values.push_back(c == "true" ? 1 : 0);
        }
        else if (leaf->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
            const pb::EnumValueDescriptor* e = leaf->enum_type()->FindValueByName(c);
            if (!e)
                r.fail("choices", "\"" + c + "\" is not a " + leaf->enum_type()->name(), i);
            out.values.push_back(e->number());
        }
        else {
            r.fail("choices", leaf->name() + " takes numbers (values: ...), not names", i);
        }
        out.labels.push_back(c);
    }
    if (out.labels.empty())
        for (double v : out.values)
            out.labels.push_back(number(v));
    std::set<double> distinct(out.values.begin(), out.values.end());
    if (distinct.size() != out.values.size())
        r.fail("field", "a value is listed twice");
    return out;
}

SearchObjective readObjective(
    const dse::ObjectiveSpec& o, const Tree* tree, const std::string& file)
{
    const bool weighted = o.has_latency_weight() || o.has_energy_weight() || o.has_area_weight();
    if (!weighted) {
        if (auto named = namedObjective(o.name()))
            return *named;
        throw MensaError(where(file, tree, o, "name"),
            "objective \"" + o.name()
                + "\": unknown (latency, energy, edp, area, top1_error, or a name with weights)");
    }
    if (o.name().empty() || o.name().find_first_of("/\\ .") != std::string::npos)
        throw MensaError(where(file, tree, o, "name"),
            "a weighted objective needs a name of letters, digits, - and _");
    SearchObjective out { o.name(), o.latency_weight(), o.energy_weight(), o.area_weight() };
    for (const char* field : { "latency_weight", "energy_weight", "area_weight" }) {
        const double w = field[0] == 'l' ? out.latencyWeight
            : field[0] == 'e'            ? out.energyWeight
                                         : out.areaWeight;
        if (!(w >= 0) || !std::isfinite(w))
            throw MensaError(where(file, tree, o, field),
                "objective \"" + o.name() + "\": weights must be finite and >= 0");
    }
    if (out.latencyWeight + out.energyWeight + out.areaWeight <= 0)
        throw MensaError(
            where(file, tree, o, "name"), "objective \"" + o.name() + "\": all weights are zero");
    return out;
}

std::optional<SearchLimit> readLimit(const dse::ConstraintSpec& c, const Tree* tree,
    const std::string& file, const std::string& field, bool has, double value)
{
    if (!has)
        return std::nullopt;
    if (!(value > 0) || !std::isfinite(value))
        throw MensaError(where(file, tree, c, field),
            "constraints: " + field + " must be a positive number, not " + number(value));
    return SearchLimit { value, where(file, tree, c, field) };
}

std::string resolveAgainst(const std::string& folder, const std::string& path)
{
    if (path.empty() || fs::path(path).is_absolute() || folder.empty())
        return path;
    return (fs::path(folder) / path).lexically_normal().string();
}

// An axis's field path inside its accelerator ("parameter_buffer.size_bytes").
std::string innerPath(const SearchAxis& axis)
{
    std::string path;
    for (const pb::FieldDescriptor* f : axis.path)
        path += (path.empty() ? "" : ".") + f->name();
    return path;
}

// The energy fields of accelerator `index` that an axis sets: they keep the axis's value.
std::set<std::string> axisFieldsOf(const SearchSpace& space, int index)
{
    std::set<std::string> fields;
    for (const SearchAxis& axis : space.axes)
        if (!axis.path.empty() && axis.accelerator == index)
            fields.insert(innerPath(axis));
    return fields;
}

// Scales the access energies of the blocks whose capacity the point's axes changed.
void scaleEnergies(const SearchSpace& space, spec::SystemSpec& point)
{
    if (space.accessEnergyExponent == 0)
        return;
    for (int i = 0; i < point.accelerators_size(); ++i)
        scaleAccessEnergies(*point.mutable_accelerators(i), space.base->accelerators(i),
            space.accessEnergyExponent, axisFieldsOf(space, i));
}

bool listed(const auto& list, const auto& value)
{
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// The model axis of a co-design space: the published variants its filters select, as axis 0.
void readModelAxis(SearchSpace& s, const dse::SearchSpaceSpec& m, const Tree* tree)
{
    const dse::ModelAxisSpec& a = m.model_axis();
    const Tree* sub = nested(tree, m, "model_axis");
    for (int i = 0; i < a.families_size(); ++i)
        if (a.families(i) != "mobilenet_v1" && a.families(i) != "mobilenet_v2")
            throw MensaError(where(s.file, sub, a, "families", i),
                "model_axis: family \"" + a.families(i)
                    + "\" has no published variants (mobilenet_v1, mobilenet_v2)");
    for (const ModelVariant& v : publishedVariants())
        if (listed(a.families(), v.family) && listed(a.widths(), v.width)
            && listed(a.resolutions(), v.resolution))
            s.variants.push_back(v);
    if (s.variants.empty())
        throw MensaError(where(s.file, tree, m, "model_axis"),
            "model_axis: no published variant has these families, widths and resolutions");
    SearchAxis axis;
    axis.field = "model";
    for (size_t i = 0; i < s.variants.size(); ++i) {
        axis.values.push_back(double(i));
        axis.labels.push_back(s.variants[i].name());
        if (s.variants[i].top1 > s.variants[s.baselineVariant].top1)
            s.baselineVariant = i;
    }
    s.axes.push_back(std::move(axis));
    if (!a.has_baseline())
        return;
    const auto& labels = s.axes.back().labels;
    const auto found = std::find(labels.begin(), labels.end(), a.baseline());
    if (found == labels.end())
        throw MensaError(where(s.file, sub, a, "baseline"),
            "model_axis: baseline \"" + a.baseline() + "\" is not one of the axis's variants");
    s.baselineVariant = size_t(found - labels.begin());
}

void readBase(
    SearchSpace& s, const dse::SearchSpaceSpec& m, const Tree* tree, const std::string& folder)
{
    if (!m.has_base() || m.base().empty())
        throw MensaError(s.file, "base: missing (a built-in design name or a spec path)");
    const std::string& base = m.base();
    const bool isPath = base.find('/') != std::string::npos
        || base.find(".textproto") != std::string::npos || base.find(".txtpb") != std::string::npos
        || base.find(".pbtxt") != std::string::npos;
    s.baseRequest = isPath ? resolveAgainst(folder, base) : base;
    try {
        s.base = loadSystemSpec(s.baseRequest);
    }
    catch (const MensaError& e) {
        throw MensaError(where(s.file, tree, m, "base"), "base: " + std::string(e.what()));
    }
}

} // namespace

std::optional<SearchObjective> namedObjective(const std::string& name)
{
    if (name == "latency")
        return SearchObjective { name, 1, 0, 0 };
    if (name == "energy")
        return SearchObjective { name, 0, 1, 0 };
    if (name == "edp")
        return SearchObjective { name, 1, 1, 0 };
    if (name == "area")
        return SearchObjective { name, 0, 0, 1 };
    if (name == "top1_error")
        return SearchObjective { name, 0, 0, 0, true };
    return std::nullopt;
}

SearchSpace parseSearchSpaceText(
    const std::string& text, const std::string& displayName, const std::string& folder)
{
    dse::SearchSpaceSpec m;
    Tree tree;
    parseProtoText(text, displayName, m, tree);
    SearchSpace s;
    s.file = displayName;
    s.text = text;
    s.name = m.name().empty() ? fs::path(displayName).stem().string() : m.name();
    readBase(s, m, &tree, folder);
    if (m.has_model_axis())
        readModelAxis(s, m, &tree);
    std::set<std::string> fields;
    for (int i = 0; i < m.axes_size(); ++i) {
        const Tree* sub = nested(&tree, m, "axes", i);
        s.axes.push_back(readAxis(
            m.axes(i), sub, displayName, where(displayName, &tree, m, "axes", i), *s.base));
        if (!fields.insert(m.axes(i).field()).second)
            throw MensaError(where(displayName, sub, m.axes(i), "field"),
                "axis \"" + m.axes(i).field() + "\": the field has two axes");
    }
    if (s.axes.empty())
        throw MensaError(displayName, "axes: none (add an axes { field: ... } block)");
    if (s.hasModelAxis() && m.models_size() > 0)
        throw MensaError(where(displayName, &tree, m, "models", 0),
            "models: a space with a model_axis takes its models from the axis");
    double points = 1;
    for (const auto& a : s.axes)
        points *= double(a.values.size());
    if (points > kMaxPoints)
        throw MensaError(where(displayName, &tree, m, "axes", 0),
            "axes: " + number(points) + " points, more than 1e15");
    const dse::ConstraintSpec& c = m.constraints();
    const Tree* ct = nested(&tree, m, "constraints");
    s.constraintsWhere = where(displayName, &tree, m, "constraints");
    s.maxAreaMm2
        = readLimit(c, ct, displayName, "max_area_mm2", c.has_max_area_mm2(), c.max_area_mm2());
    s.maxPowerW
        = readLimit(c, ct, displayName, "max_power_w", c.has_max_power_w(), c.max_power_w());
    s.maxLatencyMs = readLimit(
        c, ct, displayName, "max_latency_ms", c.has_max_latency_ms(), c.max_latency_ms());
    s.maxEnergyMj
        = readLimit(c, ct, displayName, "max_energy_mj", c.has_max_energy_mj(), c.max_energy_mj());
    s.minTop1 = readLimit(c, ct, displayName, "min_top1", c.has_min_top1(), c.min_top1());
    if (s.minTop1 && !s.hasModelAxis())
        throw MensaError(s.minTop1->where, "constraints: min_top1 needs a model_axis");
    std::set<std::string> names;
    for (int i = 0; i < m.objectives_size(); ++i) {
        const Tree* sub = nested(&tree, m, "objectives", i);
        s.objectives.push_back(readObjective(m.objectives(i), sub, displayName));
        if (s.objectives.back().top1Error && !s.hasModelAxis())
            throw MensaError(where(displayName, sub, m.objectives(i), "name"),
                "objective \"top1_error\" needs a model_axis");
        if (!names.insert(s.objectives.back().name).second)
            throw MensaError(where(displayName, sub, m.objectives(i), "name"),
                "objective \"" + s.objectives.back().name + "\" is listed twice");
    }
    if (s.objectives.empty())
        s.objectives.push_back(*namedObjective("edp"));
    for (const auto& model : m.models())
        s.models.push_back(resolveAgainst(folder, model));
    s.processNode = m.has_process_node() ? m.process_node() : std::string(kDefaultProcessNode);
    if (!findProcessNode(s.processNode))
        throw MensaError(where(displayName, &tree, m, "process_node"),
            "process_node \"" + s.processNode + "\": unknown (known: " + processNodeNames() + ")");
    s.accessEnergyExponent = m.access_energy_exponent();
    if (!(s.accessEnergyExponent >= 0 && s.accessEnergyExponent <= 2))
        throw MensaError(where(displayName, &tree, m, "access_energy_exponent"),
            "access_energy_exponent must be from 0 to 2, not " + number(s.accessEnergyExponent));
    return s;
}

SearchSpace loadSearchSpace(const std::string& path)
{
    const std::string text = readRegularFile(path, kMaxSpaceBytes);
    return parseSearchSpaceText(text, path, fs::path(path).parent_path().string());
}

uint64_t SearchSpace::pointCount() const
{
    uint64_t n = 1;
    for (const auto& a : axes)
        n *= a.values.size();
    return n;
}

std::vector<int> SearchSpace::choicesOf(uint64_t index) const
{
    std::vector<int> choices(axes.size());
    for (size_t k = axes.size(); k-- > 0;) {
        choices[k] = int(index % axes[k].values.size());
        index /= axes[k].values.size();
    }
    return choices;
}

uint64_t SearchSpace::indexOf(const std::vector<int>& choices) const
{
    uint64_t index = 0;
    for (size_t k = 0; k < axes.size(); ++k)
        index = index * axes[k].values.size() + uint64_t(choices[k]);
    return index;
}

const ModelVariant& SearchSpace::variantAt(uint64_t index) const
{
    return variants[size_t(choicesOf(index).front())];
}

spec::SystemSpec SearchSpace::specAt(uint64_t index) const
{
    using F = pb::FieldDescriptor;
    spec::SystemSpec out = *base;
    const std::vector<int> choices = choicesOf(index);
    for (size_t k = 0; k < axes.size(); ++k) {
        const SearchAxis& axis = axes[k];
        if (axis.path.empty())
            continue; // the model axis
        pb::Message* message = out.mutable_accelerators(axis.accelerator);
        for (size_t p = 0; p + 1 < axis.path.size(); ++p)
            message = message->GetReflection()->MutableMessage(message, axis.path[p]);
        const F* leaf = axis.path.back();
        const pb::Reflection* r = message->GetReflection();
        const double v = axis.values[size_t(choices[k])];
        switch (leaf->cpp_type()) {
        case F::CPPTYPE_INT32:
            r->SetInt32(message, leaf, int32_t(v));
            break;
        case F::CPPTYPE_INT64:
            r->SetInt64(message, leaf, int64_t(v));
            break;
        case F::CPPTYPE_UINT32:
            r->SetUInt32(message, leaf, uint32_t(v));
            break;
        case F::CPPTYPE_UINT64:
            r->SetUInt64(message, leaf, uint64_t(v));
            break;
        case F::CPPTYPE_DOUBLE:
            r->SetDouble(message, leaf, v);
            break;
        case F::CPPTYPE_FLOAT:
            r->SetFloat(message, leaf, float(v));
            break;
        case F::CPPTYPE_BOOL:
            r->SetBool(message, leaf, v != 0);
            break;
        case F::CPPTYPE_ENUM:
            r->SetEnumValue(message, leaf, int(v));
            break;
        default:
            break;
        }
    }
    scaleEnergies(*this, out);
    return out;
}

std::vector<std::string> SearchSpace::energyScaledBlocks() const
{
    std::vector<std::string> blocks;
    for (const SearchAxis& axis : axes)
        for (const StorageEnergyFields& f : scaledStorageBlocks()) {
            const std::string name = f.block.empty() ? "register file" : f.block;
            const std::string capacity = f.block.empty() ? f.capacity : f.block + "." + f.capacity;
            if (accessEnergyExponent == 0 || axis.path.empty() || innerPath(axis) != capacity
                || !canScale(
                    base->accelerators(axis.accelerator), f, axisFieldsOf(*this, axis.accelerator))
                || std::find(blocks.begin(), blocks.end(), name) != blocks.end())
                continue;
            blocks.push_back(name);
        }
    return blocks;
}

} // namespace mensa
