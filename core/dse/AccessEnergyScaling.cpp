#include "dse/AccessEnergyScaling.h"

#include <cmath>

namespace mensa {
namespace {

namespace pb = google::protobuf;

// The block's message in `spec`, or null when the block is absent (nothing to scale).
pb::Message* blockOf(pb::Message& spec, const std::string& block)
{
    if (block.empty())
        return &spec;
    const pb::FieldDescriptor* f = spec.GetDescriptor()->FindFieldByName(block);
    const pb::Reflection* r = spec.GetReflection();
    return r->HasField(spec, f) ? r->MutableMessage(&spec, f) : nullptr;
}

const pb::Message* blockOf(const pb::Message& spec, const std::string& block)
{
    if (block.empty())
        return &spec;
    const pb::FieldDescriptor* f = spec.GetDescriptor()->FindFieldByName(block);
    const pb::Reflection* r = spec.GetReflection();
    return r->HasField(spec, f) ? &r->GetMessage(spec, f) : nullptr;
}

// A capacity field's value as a double (0 when unset or the block is absent).
double capacityOf(const pb::Message* block, const std::string& field)
{
    if (!block)
        return 0;
    const pb::FieldDescriptor* f = block->GetDescriptor()->FindFieldByName(field);
    const pb::Reflection* r = block->GetReflection();
    if (!r->HasField(*block, f))
        return 0;
    return f->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32 ? double(r->GetInt32(*block, f))
                                                               : double(r->GetInt64(*block, f));
}

std::string pathOf(const std::string& block, const std::string& field)
{
    return block.empty() ? field : block + "." + field;
}

// Multiplies the energies of `fields` that `block` sets and `fixedFields` leaves free.
bool scaleEnergies(pb::Message& block, const StorageEnergyFields& fields, double factor,
    const std::set<std::string>& fixedFields)
{
    bool scaled = false;
    const pb::Reflection* r = block.GetReflection();
    for (const std::string& name : fields.energies) {
        const pb::FieldDescriptor* f = block.GetDescriptor()->FindFieldByName(name);
        if (!r->HasField(block, f) || fixedFields.count(pathOf(fields.block, name)))
            continue;
        r->SetDouble(&block, f, r->GetDouble(block, f) * factor);
        scaled = true;
    }
    return scaled;
}

} // namespace

const std::vector<StorageEnergyFields>& scaledStorageBlocks()
{
    static const std::vector<StorageEnergyFields> blocks = [] {
        std::vector<StorageEnergyFields> out {
            { "", "register_file_bytes_per_pe", { "register_file_energy_pj_per_byte" } },
        };
        for (const char* sram : { "parameter_buffer", "activation_buffer", "global_buffer",
                 "accumulator", "window_buffer" })
            out.push_back(
                { sram, "size_bytes", { "read_energy_pj_per_byte", "write_energy_pj_per_byte" } });
        return out;
    }();
    return blocks;
}

bool canScale(const spec::AcceleratorSpec& base, const StorageEnergyFields& fields,
    const std::set<std::string>& fixedFields)
{
    const pb::Message* block = blockOf(base, fields.block);
    if (!(capacityOf(block, fields.capacity) > 0))
        return false;
    for (const std::string& name : fields.energies) {
        const pb::FieldDescriptor* f = block->GetDescriptor()->FindFieldByName(name);
        if (block->GetReflection()->HasField(*block, f)
            && !fixedFields.count(pathOf(fields.block, name)))
            return true;
    }
    return false;
}

std::vector<std::string> scaleAccessEnergies(spec::AcceleratorSpec& point,
    const spec::AcceleratorSpec& base, double exponent, const std::set<std::string>& fixedFields)
{
    std::vector<std::string> scaled;
    for (const StorageEnergyFields& fields : scaledStorageBlocks()) {
        pb::Message* block = blockOf(point, fields.block);
        const double was = capacityOf(blockOf(base, fields.block), fields.capacity);
        const double now = capacityOf(block, fields.capacity);
        if (exponent == 0 || !(was > 0) || !(now > 0) || now == was)
            continue;
        if (scaleEnergies(*block, fields, std::pow(now / was, exponent), fixedFields))
            scaled.push_back(fields.block.empty() ? "register file" : fields.block);
    }
    return scaled;
}

} // namespace mensa
