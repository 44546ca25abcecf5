#pragma once

#include "proto/accelerator.pb.h"

#include <string>
#include <vector>

namespace mensa {

// What a spec field changes: latency (and, through static power, energy) or energy only.
enum class FitQuantity { Latency, Energy };

// A spec field calibration may adjust: a modelling assumption of the cost model, never an
// architectural fact. The one list of them is fittableFields(); the fit moves a field's log
// within [lowest, highest].
struct FittableField {
    std::string path; // "host_link.bandwidth_gb_per_s": message fields joined by '.'
    FitQuantity quantity = FitQuantity::Latency;
    double lowest = 0; // bounds in the field's unit, both > 0
    double highest = 0;
};

// Every field calibration may adjust, in the order the fit and the reports list them.
const std::vector<FittableField>& fittableFields();

// Whether `spec` sets the field at `path` (every message on the way set too).
bool hasSpecField(const spec::AcceleratorSpec& spec, const std::string& path);
// The value of the double field at `path` (0 when unset).
double specFieldValue(const spec::AcceleratorSpec& spec, const std::string& path);
// Sets the double field at `path`, creating the messages on the way.
void setSpecFieldValue(spec::AcceleratorSpec& spec, const std::string& path, double value);

// The leading source tag of a field's trailing comment in spec text ("[vendor]", "[Coral]"),
// or "" for no comment or a comment that does not start with a tag. A field is published (never
// fitted) when its tag is any but [fitted] and [calibrated]; "modelling assumption" comments and
// untagged fields are assumptions.
struct FieldSource {
    std::string tag; // "[vendor]", "" when untagged
    std::string comment; // the trailing comment, without '#'
    bool published() const { return !tag.empty() && tag != "[fitted]" && tag != "[calibrated]"; }
};

// Where each field of an accelerator spec's text is and what its trailing comment says.
struct SpecFieldLine {
    std::string path; // "host_link.bandwidth_gb_per_s"
    int line = 0; // 0-based line of the field name
    int column = 0; // 0-based column of the field name
    FieldSource source;
};

// The scalar fields of an AcceleratorSpec's protobuf text with their lines and comments.
// MensaError "name:line:col: problem" when the text does not parse as one AcceleratorSpec.
std::vector<SpecFieldLine> specFieldLines(
    const std::string& text, const std::string& displayName, spec::AcceleratorSpec* parsed);

} // namespace mensa
