#pragma once

#include <QHash>
#include <QMetaType>
#include <QSet>
#include <QString>

namespace mensa::views {

// One layer of one model: the unit of linked selection between views.
struct LayerRef {
    QString model;
    int layer = -1;

    bool isValid() const { return layer >= 0; }
    bool operator==(const LayerRef& other) const = default;
};

inline size_t qHash(const LayerRef& ref, size_t seed = 0)
{
    return qHashMulti(seed, ref.model, ref.layer);
}

using LayerSet = QSet<LayerRef>;

} // namespace mensa::views

Q_DECLARE_METATYPE(mensa::views::LayerRef)
