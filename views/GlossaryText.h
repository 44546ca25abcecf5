#pragma once

#include <QString>

namespace mensa::views {

// Tooltip of a table column or plot axis from core's glossary: "<b>Term</b> [unit]:
// definition"; empty for a key the glossary lacks.
QString glossaryTooltip(const QString& key);
// The whole glossary, then the layer families of the shipped rules file, as one HTML page
// (Help > Glossary).
QString glossaryHtml();

} // namespace mensa::views
