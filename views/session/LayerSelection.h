#pragma once

#include "LayerRef.h"

#include <QObject>
#include <QSet>

namespace mensa {

// A layer of an open model (model = the session's model id): core's one layer identity.
using LayerId = LayerRef;

// The selection shared by every view: a layer picked in one view is highlighted in all.
// `current` is the layer last picked (the one details are shown for).
class LayerSelection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const QSet<LayerId>& layers() const { return m_layers; }
    LayerId current() const { return m_current; }
    bool contains(const LayerId& ref) const { return m_layers.contains(ref); }
    bool isEmpty() const { return m_layers.isEmpty(); }

    void select(const LayerId& ref); // replaces the selection
    void setLayers(const QSet<LayerId>& layers, LayerId current = {});
    void toggle(const LayerId& ref);
    void clear();
    void removeModel(int model); // drops layers of a closed model

signals:
    // `source` is the object that made the change, so it can skip redrawing itself.
    void changed(QObject* source);

public:
    void setSource(QObject* source) { m_source = source; }

private:
    void notify();
    QSet<LayerId> m_layers;
    LayerId m_current;
    QObject* m_source = nullptr;
};

} // namespace mensa
