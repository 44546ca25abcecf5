#include "CsvTable.h"

#include <QLocale>

namespace mensa::views {

CsvTable::CsvTable(const QStringList& header)
{
    QStringList escaped;
    for (const QString& h : header)
        escaped << escape(h);
    m_text = escaped.join(',') + '\n';
}

CsvTable& CsvTable::row(const QStringList& fields)
{
    QStringList escaped;
    for (const QString& f : fields)
        escaped << escape(f);
    m_text += escaped.join(',') + '\n';
    ++m_rows;
    return *this;
}

QString CsvTable::number(double value)
{
    return QString::number(
        value, 'g', QLocale::FloatingPointShortest); // round-trips: core's exact numbers
}

QString CsvTable::toString() const
{
    return m_text;
}

QString CsvTable::escape(const QString& field)
{
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n')
        && !field.contains('\r'))
        return field;
    QString quoted = field;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

} // namespace mensa::views
