#include "SampleLocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace mensa {

QStringList sampleModelDirs()
{
    QStringList dirs;
    if (qEnvironmentVariableIsSet("MENSA_SOURCE_DIR"))
        dirs << qEnvironmentVariable("MENSA_SOURCE_DIR") + "/sample_models";
    dirs << QCoreApplication::applicationDirPath() + "/../share/mensa-studio/sample_models";
    if (qEnvironmentVariableIsSet("MENSA_DATA_DIR"))
        dirs << qEnvironmentVariable("MENSA_DATA_DIR") + "/sample_models";
    dirs << QStringLiteral(MENSA_DATA_DIR "/sample_models") << QStringLiteral(MENSA_SOURCE_DIR "/sample_models");
    return dirs;
}

QString findSampleModel(const QString& fileName)
{
    for (const QString& dir : sampleModelDirs()) {
        QFileInfo info(QDir(dir).filePath(fileName));
        if (info.isFile())
            return QDir::cleanPath(info.absoluteFilePath());
    }
    return {};
}

} // namespace mensa
