#include "FigureExportChoice.h"

#include <QDir>

namespace mensa::views {

QStringList FigureExportChoice::files(const QStringList& names) const
{
    QStringList out;
    for (const QString& name : names)
        if (chosen(name))
            for (FigureFormat format : formats)
                out << QDir(dir).filePath(name + "." + FigureExporter::extension(format));
    return out;
}

} // namespace mensa::views
