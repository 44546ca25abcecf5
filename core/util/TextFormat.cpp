#include "util/TextFormat.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <sstream>

namespace mensa {

std::string nonFiniteText(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    return {};
}

std::string formatNumber(double value, const char* format)
{
    if (!std::isfinite(value))
        return nonFiniteText(value);
    char buffer[64];
    int length = std::snprintf(buffer, sizeof buffer, format, value);
    if (length < 0)
        return "?"; // an encoding error, which a number cannot cause
    if (static_cast<size_t>(length) < sizeof buffer)
        return buffer;
    std::string text(static_cast<size_t>(length) + 1, '\0'); // "%.0f" of 1e300 is 301 digits
    std::snprintf(text.data(), text.size(), format, value);
    text.resize(static_cast<size_t>(length));
    return text;
}

std::string quantityText(double value)
{
    if (!std::isfinite(value))
        return nonFiniteText(value);
    const double a = std::fabs(value);
    if (a == 0)
        return "0";
    if (a < 1000)
        return formatNumber(value, a < 1 ? "%.3g" : "%.4g");
    static const char* const kSuffixes[] = { "", " k", " M", " G", " T", " P" };
    constexpr int kLast = static_cast<int>(std::size(kSuffixes)) - 1;
    // a is finite and >= 1000 here, so the exponent is between 1 and 102; clamp all the same.
    const int exp = std::clamp(static_cast<int>(std::floor(std::log10(a) / 3)), 0, kLast);
    std::string text = formatNumber(value / std::pow(1000.0, exp), "%.4g");
    return text + kSuffixes[exp];
}

std::string formatExact(double value)
{
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<std::string> splitCsvLine(const std::string& line)
{
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');)
        cells.push_back(cell);
    if (!line.empty() && line.back() == ',')
        cells.emplace_back();
    return cells;
}

std::optional<double> parseNumber(std::string_view text)
{
    const size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos)
        return std::nullopt;
    text.remove_prefix(start);
    if (text.front() == '+' && text.size() > 1 && text[1] != '-')
        text.remove_prefix(1); // from_chars takes no '+'
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace mensa
