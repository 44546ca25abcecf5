#pragma once

#include <QObject>
#include <QSet>

namespace mensa {

// A layer of an open model.
struct LayerRef {
    int model = -1;
    int layer = -1;
    bool operator==(const LayerRef& o) const { return model == o.model && layer == o.layer; }
    bool operator!=(const LayerRef& o) const { return !(*this == o); }
};

inline size_t qHash(const LayerRef& r, size_t seed = 0)
{
    return ::qHash((static_cast<quint64>(r.model) << 32) ^ static_cast<quint32>(r.layer), seed);
}

// The selection shared by every view: a layer picked in one view is highlighted in all.
// `current` is the layer last picked (the one details are shown for).
class LayerSelection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const QSet<LayerRef>& layers() const { return m_layers; }
    LayerRef current() const { return m_current; }
    bool contains(const LayerRef& ref) const { return m_layers.contains(ref); }
    bool isEmpty() const { return m_layers.isEmpty(); }

    void select(const LayerRef& ref);               // replaces the selection
    void setLayers(const QSet<LayerRef>& layers, LayerRef current = {});
    void toggle(const LayerRef& ref);
    void clear();
    void removeModel(int model); // drops layers of a closed model

signals:
    // `source` is the object that made the change, so it can skip redrawing itself.
    void changed(QObject* source);

public:
    void setSource(QObject* source) { m_source = source; }

private:
    void notify();
    QSet<LayerRef> m_layers;
    LayerRef m_current;
    QObject* m_source = nullptr;
};

} // namespace mensa
