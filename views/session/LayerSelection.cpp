#include "session/LayerSelection.h"

namespace mensa {

void LayerSelection::select(const LayerRef& ref)
{
    setLayers(ref.layer >= 0 ? QSet<LayerRef>{ref} : QSet<LayerRef>{}, ref);
}

void LayerSelection::setLayers(const QSet<LayerRef>& layers, LayerRef current)
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

void LayerSelection::toggle(const LayerRef& ref)
{
    if (m_layers.contains(ref))
        m_layers.remove(ref);
    else
        m_layers.insert(ref);
    m_current = ref;
    notify();
}

void LayerSelection::clear() { setLayers({}, {}); }

void LayerSelection::removeModel(int model)
{
    QSet<LayerRef> kept;
    for (const auto& r : m_layers)
        if (r.model != model)
            kept.insert(r);
    setLayers(kept, m_current.model == model ? LayerRef{} : m_current);
}

void LayerSelection::notify()
{
    QObject* source = m_source;
    m_source = nullptr;
    emit changed(source);
}

} // namespace mensa
