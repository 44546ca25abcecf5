#include "TableFormat.h"

#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace mensa::cli {
namespace {

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?  ("inf" and "nan" are
// not).
bool isJsonNumber(const std::string& text)
{
    size_t i = 0;
    auto digits = [&] {
        size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i > start;
    };
    if (i < text.size() && text[i] == '-')
        ++i;
    if (i < text.size() && text[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < text.size() && text[i] == '.' && (++i, !digits()))
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == text.size();
}

} // namespace

std::optional<TableStyle> parseTableStyle(const std::string& text)
{
    if (text == "table")
        return TableStyle::Table;
    if (text == "csv")
        return TableStyle::Csv;
    if (text == "json")
        return TableStyle::Json;
    return std::nullopt;
}

void TableFormat::addColumn(const std::string& name, bool numeric)
{
    m_columns.push_back(name);
    m_numeric.push_back(numeric);
}

void TableFormat::addRow(std::vector<std::string> cells)
{
    if (cells.size() != m_columns.size())
        throw std::invalid_argument("TableFormat: row has " + std::to_string(cells.size())
            + " cells for " + std::to_string(m_columns.size()) + " columns");
    m_rows.push_back(std::move(cells));
}

std::string TableFormat::render(TableStyle style) const
{
    switch (style) {
    case TableStyle::Csv:
        return toCsv();
    case TableStyle::Json:
        return toJson() + "\n";
    case TableStyle::Table:
        break;
    }
    return toText();
}

std::string TableFormat::toText() const
{
    std::vector<size_t> width(m_columns.size());
    for (size_t c = 0; c < m_columns.size(); ++c) {
        width[c] = m_columns[c].size();
        for (const auto& row : m_rows)
            width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (size_t c = 0; c < cells.size(); ++c) {
            std::string pad(width[c] - cells[c].size(), ' ');
            out += (c ? "  " : "")
                + (m_numeric[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
        }
        return out + "\n";
    };
    std::string out = line(m_columns);
    std::vector<std::string> rule;
    for (size_t w : width)
        rule.emplace_back(w, '-');
    out += line(rule);
    for (const auto& row : m_rows)
        out += line(row);
    return out;
}

std::string TableFormat::toCsv() const
{
    auto line = [](const std::vector<std::string>& cells) {
        std::string out;
        for (size_t c = 0; c < cells.size(); ++c)
            out += (c ? "," : "") + csvField(cells[c]);
        return out + "\r\n";
    };
    std::string out = line(m_columns);
    for (const auto& row : m_rows)
        out += line(row);
    return out;
}

std::string TableFormat::toJson(int indent) const
{
    std::string pad(static_cast<size_t>(indent), ' ');
    std::string out = "[";
    for (size_t r = 0; r < m_rows.size(); ++r) {
        out += (r ? ",\n" : "\n") + pad + "  {";
        for (size_t c = 0; c < m_columns.size(); ++c) {
            const std::string& cell = m_rows[r][c];
            // A numeric column's "inf" or "nan" (JSON has neither) becomes null.
            std::string value = !m_numeric[c] || cell.empty() ? jsonQuote(cell)
                : isJsonNumber(cell)                          ? cell
                                                              : "null";
            out += (c ? ", " : "") + jsonQuote(m_columns[c]) + ": " + value;
        }
        out += "}";
    }
    return out + (m_rows.empty() ? "]" : "\n" + pad + "]");
}

} // namespace mensa::cli
