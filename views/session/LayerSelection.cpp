#include "session/LayerSelection.h"

namespace mensa {

void LayerSelection::select(const LayerId& ref)
{
    setLayers(ref.layer >= 0 ? QSet<LayerId> { ref } : QSet<LayerId> {}, ref);
}

void LayerSelection::setLayers(const QSet<LayerId>& layers, LayerId current)
{
    if (layers == m_layers && current == m_current) {
        m_source = nullptr;
        return;
    }
    m_layers = layers;
    m_current = current;
    if (m_current.layer < 0 && !m_layers.isEmpty())
        m_current = *m_layers.begin();
    notify();
}

void LayerSelection::toggle(const LayerId& ref)
{
    if (m_layers.contains(ref))
        m_layers.remove(ref);
    else
        m_layers.insert(ref);
    m_current = ref;
    notify();
}

void LayerSelection::clear()
{
    setLayers({}, {});
}

void LayerSelection::removeModel(int model)
{
    QSet<LayerId> kept;
    for (const auto& r : m_layers)
        if (r.model != model)
            kept.insert(r);
    setLayers(kept, m_current.model == model ? LayerId {} : m_current);
}

void LayerSelection::notify()
{
    QObject* source = m_source;
    m_source = nullptr;
    emit changed(source);
}

} // namespace mensa
