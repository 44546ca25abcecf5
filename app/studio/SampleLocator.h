#pragma once

#include <QString>
#include <QStringList>

namespace mensa {

// Folders that may hold the bundled sample models, in ResourceLocator's order
// (see core/util/ResourceLocator.h).
QStringList sampleModelDirs();
// Full path of a bundled sample model, or empty when none of those folders has it.
QString findSampleModel(const QString& fileName);

} // namespace mensa
