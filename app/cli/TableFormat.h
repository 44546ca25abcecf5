#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mensa::cli {

enum class TableStyle { Table, Csv, Json };

// "table", "csv" or "json"; nullopt otherwise.
std::optional<TableStyle> parseTableStyle(const std::string& text);

// Columns and rows of cell strings, rendered as an aligned text table (numeric columns
// right-aligned), RFC 4180 CSV (CRLF line ends) or a JSON array of objects (numeric columns
// as JSON numbers).
class TableFormat {
public:
    void addColumn(const std::string& name, bool numeric = false);
    void addRow(std::vector<std::string> cells); // one cell per column
    std::string render(TableStyle style) const;

    std::string toText() const;
    std::string toCsv() const;
    std::string toJson(int indent = 0) const;

private:
    std::vector<std::string> m_columns;
    std::vector<bool> m_numeric;
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace mensa::cli
