#pragma once

#include "cost/SystolicCostModel.h"
#include "model/Model.h"
#include "study/Reproduction.h"

#include <string>
#include <vector>

namespace mensa {

// One row of a published-measurements file (resources/measurements/coral_published.csv).
struct PublishedLatency {
    std::string model; // as the publisher names it ("ResNet-50 V1")
    std::string input; // "299x299"
    double usbMs = 0; // Coral USB Accelerator (USB 3.0)
    double devboardMs = 0; // Coral Dev Board
    std::string mensaModel; // architecture Mensa builds for it; empty: not comparable
    double tolerance = 0.25; // largest accepted |predicted / published - 1|
};

// A published-measurements file: its rows and its header comment (source URL, access date).
struct PublishedTable {
    std::string path;
    std::vector<std::string> header; // the leading "# " comment lines, without "# "
    std::vector<PublishedLatency> rows;
};

// Reads a published-latency CSV; MensaError "file:line: problem" on any bad row.
PublishedTable readPublishedLatencies(const std::string& path);

// The shipped Coral table (<accelerator specs>/../measurements/coral_published.csv), or "".
std::string shippedCoralTablePath();

// A model Mensa builds for a published row, at the row's input size (a sample of the suite or a
// validation-only architecture); MensaError when it cannot be built.
Model buildPublishedModel(const PublishedLatency& row);

// One published figure against the model's prediction.
struct ValidationRow {
    std::string source; // "Coral"
    std::string model; // the publisher's name and input, "ResNet-50 V1 (299x299)"
    std::string mensaModel;
    std::string design; // "coral_usb"
    std::string unit; // "ms"
    double predicted = 0;
    double published = 0;
    double tolerance = 0; // relative
    double ratio() const { return published > 0 ? predicted / published : 0; }
    bool ok() const;
};

// Every comparable row of a Coral table on coral_usb (USB column) and coral_devboard (Dev Board
// column), in file order; rows without a Mensa model are skipped (listed in `skipped`).
struct ValidationReport {
    std::vector<ValidationRow> rows;
    std::vector<std::string> skipped; // published rows Mensa cannot build
    std::vector<std::string> sources; // one line per source: file and header
    bool allOk() const;
};
ValidationReport validateCoral(const PublishedTable& table);

// SCALE-Sim's array on a base spec: rows x cols PEs of one MAC, folds not pipelined, both
// buffers' ports rows bytes wide (SCALE-Sim's one R-element row per cycle), the dataflow "ws",
// "is" or "os". One spec for the three dataflows; only the dataflow changes.
SystolicCostModel scaleSimArray(
    const spec::AcceleratorSpec& base, int rows, int cols, const std::string& dataflow);

// The shipped SCALE-Sim v2 reference (<accelerator specs>/../measurements/scalesim_cycles.csv),
// or "".
std::string shippedScaleSimPath();

// SCALE-Sim v2's per-layer compute cycles against the systolic model on SCALE-Sim's array (the
// edge_tpu spec with the file's array size, one MAC per PE, the R-cycle operand load), summed
// per topology and dataflow: one row each, tolerance 0.1% (ws, is) or 0.5% (os, whose last
// drain per layer SCALE-Sim leaves out; docs/methodology.md). MensaError on a bad file.
ValidationReport validateScaleSim(const std::string& path);

// The shipped Eyeriss v2 figures (<accelerator specs>/../measurements/eyeriss_v2_published.csv),
// or "".
std::string shippedEyerissV2Path();

// The Eyeriss v2 paper's throughput and energy efficiency of its sparse models against the
// eyeriss_v2 spec with sparsity on at the file's densities and no off-chip bandwidth limit;
// rows without densities are listed in `skipped`. MensaError on a bad file.
ValidationReport validateEyerissV2(const std::string& path);

// A published figure the model is known to miss (resources/measurements/known_outside.csv): the
// row it names and why (a pointer into docs/validation.md), with its "file:line".
struct KnownOutside {
    std::string source, model, design, unit, reason, where;
    bool names(const ValidationRow& row) const;
};

// Reads a known-outside list (columns source,model,design,unit,reason; the reason may hold
// commas). MensaError "file:line: problem" for a bad row or a row listed twice.
std::vector<KnownOutside> readKnownOutside(const std::string& path);

// The shipped list (<accelerator specs>/../measurements/known_outside.csv), or "".
std::string shippedKnownOutsidePath();

// A report judged against known misses: a listed row outside its tolerance is known and
// passes; an unlisted row outside fails, and so does a listed row now within tolerance, so the
// list can only shrink. Entries of a source the report does not cover are ignored; an entry
// naming no row of a covered source is an error (MensaError at its file:line).
struct ValidationVerdict {
    std::vector<bool> known; // per report row: outside its tolerance and listed
    std::vector<std::string> nowInside; // listed rows within tolerance: "file:line: row"
    size_t unexpected = 0; // rows outside their tolerance and not listed
    bool passes() const { return unexpected == 0 && nowInside.empty(); }
};
ValidationVerdict judgeAgainstKnown(
    const ValidationReport& report, const std::vector<KnownOutside>& known);

// The Mensa paper's four headline ratios (throughput and energy efficiency over the Edge TPU
// and over Eyeriss v2) against the geomeans `mensa reproduce` gets on the sample suite; 25%.
ValidationReport validateMensaStudy();
// The same four rows from a study already run (a reproduction's own runs and geomeans).
ValidationReport validateMensaStudy(const std::vector<StudyRun>& runs);

// Appends `more`'s rows, skipped figures and sources to `report`.
void appendReport(ValidationReport& report, const ValidationReport& more);

// Every published figure shipped with its source, as `mensa validate` compares them: Coral's
// table on both devices, the SCALE-Sim cycles, Eyeriss v2 and the Mensa paper's ratios (from
// `runs` when given, else from the default study on the sample suite). MensaError when the
// Coral table is missing or a shipped file is bad.
ValidationReport validateShipped(const std::vector<StudyRun>* runs = nullptr);

} // namespace mensa
