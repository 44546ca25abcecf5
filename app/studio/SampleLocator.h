#pragma once

#include <QString>
#include <QStringList>

namespace mensa {

// Folders that may hold the bundled sample models, most specific first: $MENSA_SOURCE_DIR,
// <exe>/../share/mensa-studio, $MENSA_DATA_DIR, the install data dir, the source tree.
QStringList sampleModelDirs();
// Full path of a bundled sample model, or empty when none of those folders has it.
QString findSampleModel(const QString& fileName);

} // namespace mensa
