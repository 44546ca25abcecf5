#pragma once

#include "cost/SpecParser.h"
#include "samples/ModelVariants.h"

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mensa {

// One axis of a design space: a spec field and the values it takes, in file order. The model
// axis of a co-design space has the field "model", no path, and the variant numbers as values.
struct SearchAxis {
    std::string field; // the path as written, e.g. "parameter_buffer.size_bytes"
    int accelerator = 0; // which accelerator of the base system the path lands in
    std::vector<const google::protobuf::FieldDescriptor*> path; // message fields, then the leaf
    std::vector<double> values; // numbers; enum numbers for enums; 0/1 for bools
    std::vector<std::string> labels; // each value as text (CSV columns, JSON)
};

// An objective: exp(sum of weight x log(metric)) over latency (s), energy (J) and area (mm^2),
// so "latency" is (1, 0, 0), "energy" (0, 1, 0), "edp" (1, 1, 0) and "area" (0, 0, 1).
// top1_error (co-design) is 100 - the model's top-1 accuracy [%] instead.
struct SearchObjective {
    std::string name;
    double latencyWeight = 0;
    double energyWeight = 0;
    double areaWeight = 0;
    bool top1Error = false;
};

// An upper bound with where the file sets it ("file:line:col").
struct SearchLimit {
    double value = 0;
    std::string where;
};

// A parsed, checked search space (core/proto/search_space.proto). Points are numbered
// 0..pointCount()-1 in mixed radix, the last axis varying fastest.
struct SearchSpace {
    std::string file; // as given
    std::string name;
    std::string text; // the file's text: shards compare it before merging
    std::string baseRequest; // base as resolved (name or path)
    SystemSpecPtr base;
    std::vector<SearchAxis> axes;
    std::optional<SearchLimit> maxAreaMm2, maxPowerW, maxLatencyMs, maxEnergyMj;
    std::optional<SearchLimit> minTop1; // a lower bound on the model's top-1 accuracy [%]
    std::string constraintsWhere; // "file:line:col" of the constraints block, or the file
    std::vector<SearchObjective> objectives; // at least one; the first is the primary
    std::vector<std::string> models; // model paths from the file, resolved against its folder
    std::string processNode;
    // Access energies of a block whose capacity an axis changes scale as capacity^this (0: off).
    double accessEnergyExponent = 0.5;
    // Co-design: the model axis's variants (empty: no model axis; else axes[0] is the model
    // axis) and which of them a hardware-only search keeps.
    std::vector<ModelVariant> variants;
    size_t baselineVariant = 0;

    bool hasModelAxis() const { return !variants.empty(); }
    // The model variant of point `index` (model axis only).
    const ModelVariant& variantAt(uint64_t index) const;

    uint64_t pointCount() const;
    // Value index on each axis of point `index`.
    std::vector<int> choicesOf(uint64_t index) const;
    uint64_t indexOf(const std::vector<int>& choices) const;
    // The base spec with the axis values of point `index` applied and the access energies of
    // the storage blocks whose capacity they change scaled (not validated).
    spec::SystemSpec specAt(uint64_t index) const;
    // The storage blocks whose access energies follow an axis ("parameter_buffer",
    // "register file"), each once, for the run's header; empty when the exponent is 0.
    std::vector<std::string> energyScaledBlocks() const;
};

// Parses search-space text; every problem throws MensaError with "file:line:col" where the
// file has a position for it: unknown field names (of the space or of an axis path), empty
// ranges, a step that never reaches the end, values a field cannot take, unknown objectives.
// Relative base and model paths are taken from `folder`.
SearchSpace parseSearchSpaceText(
    const std::string& text, const std::string& displayName, const std::string& folder);
// Reads and parses a search-space file.
SearchSpace loadSearchSpace(const std::string& path);

// The objectives by name: latency, energy, edp, area, top1_error; nullopt for any other name.
std::optional<SearchObjective> namedObjective(const std::string& name);

} // namespace mensa
