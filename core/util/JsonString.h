#pragma once

#include <string>
#include <string_view>

namespace mensa {

// A JSON string literal (quotes included) with every needed escape.
std::string jsonQuote(std::string_view text);
// A JSON number with 9 significant digits; null for NaN and infinities (JSON has none).
std::string jsonNumber(double value);

} // namespace mensa
