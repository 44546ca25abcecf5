#pragma once

#include "proto/accelerator.pb.h"

#include <set>
#include <string>
#include <vector>

namespace mensa {

// One storage block of an accelerator whose access energies follow its capacity: the block's
// message ("" for fields of the accelerator itself), its capacity field and its energies per byte.
struct StorageEnergyFields {
    std::string block;
    std::string capacity;
    std::vector<std::string> energies;
};

// The storage blocks a search space scales: the register file and every SRAM block.
const std::vector<StorageEnergyFields>& scaledStorageBlocks();

// Whether `fields`' block can scale from `base`: it has a capacity there and an energy per byte
// that `fixedFields` does not hold.
bool canScale(const spec::AcceleratorSpec& base, const StorageEnergyFields& fields,
    const std::set<std::string>& fixedFields);

// A block whose capacity `point` changed from `base` (both non-zero) gets each of its energies
// per byte that `point` sets multiplied by (capacity / base capacity)^exponent, unless that
// energy's path ("parameter_buffer.read_energy_pj_per_byte") is in `fixedFields`.
// Returns the blocks it scaled ("register file", "parameter_buffer").
std::vector<std::string> scaleAccessEnergies(spec::AcceleratorSpec& point,
    const spec::AcceleratorSpec& base, double exponent, const std::set<std::string>& fixedFields);

} // namespace mensa
