#include "TableFormat.h"

#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace mensa::cli {

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
        throw std::invalid_argument("TableFormat: row has " + std::to_string(cells.size()) + " cells for " +
                                    std::to_string(m_columns.size()) + " columns");
    m_rows.push_back(std::move(cells));
}

std::string TableFormat::render(TableStyle style) const
{
    switch (style) {
    case TableStyle::Csv: return toCsv();
    case TableStyle::Json: return toJson() + "\n";
    case TableStyle::Table: break;
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
            out += (c ? "  " : "") + (m_numeric[c] ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
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
            bool number = m_numeric[c] && !cell.empty();
            out += (c ? ", " : "") + jsonQuote(m_columns[c]) + ": " + (number ? cell : jsonQuote(cell));
        }
        out += "}";
    }
    return out + (m_rows.empty() ? "]" : "\n" + pad + "]");
}

} // namespace mensa::cli
