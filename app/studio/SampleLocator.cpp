#include "SampleLocator.h"

#include "util/ResourceLocator.h"

namespace mensa {

QStringList sampleModelDirs()
{
    QStringList dirs;
    for (const std::string& dir : ResourceLocator().searchDirs(ResourceKind::SampleModels))
        dirs << QString::fromStdString(dir);
    return dirs;
}

QString findSampleModel(const QString& fileName)
{
    return QString::fromStdString(ResourceLocator().findSampleModel(fileName.toStdString()));
}

} // namespace mensa
