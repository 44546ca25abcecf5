#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mensa {

// "inf", "-inf" or "nan" for a value that is not finite, else empty. Every formatter prints
// these words for such values rather than a wrong number or garbage.
std::string nonFiniteText(double value);
// One number through a printf format ("%.6g", "%+.1f%%", ...): the tables' fixed layouts.
// A non-finite value gives nonFiniteText(value) whatever the format.
std::string formatNumber(double value, const char* format);
// The shortest text that reads back as exactly `value` ("0.1", "3.1", "1.2345678901234567e-05"):
// how exports carry core's numbers so two outputs can be compared digit for digit.
std::string formatExact(double value);
// A quantity with an SI suffix, 4 significant digits: "0", "0.5", "999", "1.235 k", "3.4 G",
// up to " P" (larger values stay in P, with an exponent); "inf", "-inf" or "nan" when not finite.
std::string quantityText(double value);
// The whole text as a finite number, read the same whatever the process's C locale (a Qt
// application takes LC_NUMERIC from the desktop, where strtod stops at the '.' of "0.5").
// Leading blanks and one '+' are allowed, nothing after the number; nullopt otherwise.
std::optional<double> parseNumber(std::string_view text);
// One CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, a quote
// or a line break.
std::string csvField(std::string_view text);
// The comma-separated cells of one line of a plain (unquoted) table, a trailing comma giving
// a last empty cell; cells are not trimmed.
std::vector<std::string> splitCsvLine(const std::string& line);

} // namespace mensa
