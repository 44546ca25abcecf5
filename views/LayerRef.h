#pragma once

#include "model/LayerRef.h"

#include <QHash>
#include <QMetaType>
#include <QSet>

namespace mensa {

inline size_t qHash(const LayerRef& ref, size_t seed = 0)
{
    return qHashMulti(seed, ref.model, ref.layer);
}

namespace views {

// The unit of linked selection between views: core's one layer identity.
using LayerRef = mensa::LayerRef;
using LayerSet = QSet<LayerRef>;

} // namespace views
} // namespace mensa

Q_DECLARE_METATYPE(mensa::LayerRef)
