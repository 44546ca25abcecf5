#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mensa {

// One term of the glossary: what every table column, plot axis and explanation word means.
struct GlossaryEntry {
    std::string key; // the layer-table column or field key ("macsPerStep", "family", ...)
    std::string term; // "MACs per step"
    std::string unit; // "MAC"; empty for names and counts
    std::string definition; // one or two sentences
};

// The one glossary (Help > Glossary, the table's and plots' tooltips, `mensa` text).
const std::vector<GlossaryEntry>& glossary();
// The entry for a key, or nullptr.
const GlossaryEntry* glossaryEntry(std::string_view key);
// One entry per layer family of a rules file (empty path: the shipped rules), with the
// rules' own names and descriptions; empty when no rules file can be found. MensaError when
// a given file does not parse.
std::vector<GlossaryEntry> familyGlossary(const std::string& rulesPath = {});

} // namespace mensa
