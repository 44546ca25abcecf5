#pragma once

#include <string>
#include <string_view>

namespace mensa {

// One number through a printf format ("%.6g", "%+.1f%%", ...): the tables' fixed layouts.
std::string formatNumber(double value, const char* format);
// The shortest text that reads back as exactly `value` ("0.1", "3.1", "1.2345678901234567e-05"):
// how exports carry core's numbers so two outputs can be compared digit for digit.
std::string formatExact(double value);
// One CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, a quote
// or a line break.
std::string csvField(std::string_view text);

} // namespace mensa
