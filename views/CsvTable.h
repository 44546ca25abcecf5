#pragma once

#include <QString>
#include <QStringList>

namespace mensa::views {

// Builds RFC 4180 CSV text with '\n' line ends; numbers are written with enough digits
// to round-trip and without locale, so exports are reproducible.
class CsvTable {
public:
    explicit CsvTable(const QStringList& header);

    CsvTable& row(const QStringList& fields);
    static QString number(double value);
    static QString number(long long value) { return QString::number(value); }
    QString toString() const;
    int rowCount() const { return m_rows; }

private:
    static QString escape(const QString& field);
    QString m_text;
    int m_rows = 0;
};

} // namespace mensa::views
