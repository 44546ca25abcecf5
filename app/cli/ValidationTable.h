#pragma once

#include "TableFormat.h"

#include "study/PublishedValidation.h"

#include <string>
#include <vector>

namespace mensa::cli {

// The fidelity table `mensa validate` prints and `mensa reproduce` writes: one row per published
// figure (source, model, design, predicted, published, unit, ratio, tolerance, ok), "NO (known)"
// for a figure outside its tolerance that the known-outside list names.
TableFormat validationTable(const ValidationReport& report, const ValidationVerdict& verdict);

// "35 of 45 published figures within tolerance", and with a list "; 10 outside and listed in
// LIST, 0 outside and not listed".
std::string validationCountLine(
    const ValidationReport& report, const ValidationVerdict& verdict, const std::string& listPath);

// The same table as Markdown, after the sources, with the count line and, per listed figure
// outside its tolerance, the reason the list gives (for `mensa reproduce`'s validation.md).
std::string validationMarkdown(const ValidationReport& report, const ValidationVerdict& verdict,
    const std::vector<KnownOutside>& known, const std::string& listPath);

} // namespace mensa::cli
