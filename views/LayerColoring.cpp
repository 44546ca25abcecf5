#include "LayerColoring.h"

#include "FigureStyle.h"

#include <algorithm>
#include <map>

namespace mensa {

namespace {

struct GroupKey {
    int order = 0; // sort key: enum order, cluster index, accelerator index, model order
    QString name;
    bool operator<(const GroupKey& o) const
    {
        return order != o.order ? order < o.order : name < o.name;
    }
};

const QString kNone = QStringLiteral("(none)");

GroupKey keyOf(const ColoringInput& in, ColorBy by, int layer)
{
    const Layer& l = in.analysis->model->layers[layer];
    const LayerGroups& g = in.analysis->groups;
    switch (by) {
    case ColorBy::Kind:
        return { static_cast<int>(l.kind),
            QString::fromUtf8(toString(l.kind).data(), toString(l.kind).size()) };
    case ColorBy::Model:
        return { in.modelOrder, in.modelName };
    case ColorBy::Cluster: {
        int c = layer < static_cast<int>(g.cluster.size()) ? g.cluster[layer] : -1;
        if (c < 0)
            return { 1 << 30, kNone };
        QString name = c < static_cast<int>(g.clusterNames.size())
            ? QString::fromStdString(g.clusterNames[c])
            : QString("Cluster %1").arg(c + 1);
        return { c, name };
    }
    case ColorBy::Family: {
        if (layer >= static_cast<int>(g.family.size()) || g.family[layer].empty())
            return { 1 << 30, kNone };
        return { 0, QString::fromStdString(g.family[layer]) };
    }
    case ColorBy::Accelerator: {
        if (!in.design || !in.design->ok() || in.design->accelerators.empty())
            return { 1 << 30, kNone };
        int a = in.design->acceleratorOf(layer);
        if (a < 0 || a >= static_cast<int>(in.design->accelerators.size()))
            return { 1 << 30, kNone };
        return { a, QString::fromStdString(in.design->accelerators[a]) };
    }
    }
    return { 1 << 30, kNone };
}

} // namespace

QString colorByKey(ColorBy by)
{
    switch (by) {
    case ColorBy::Cluster:
        return "cluster";
    case ColorBy::Family:
        return "family";
    case ColorBy::Accelerator:
        return "accelerator";
    case ColorBy::Kind:
        return "kind";
    case ColorBy::Model:
        return "model";
    }
    return "kind";
}

QString colorByLabel(ColorBy by)
{
    QString key = colorByKey(by);
    return by == ColorBy::Kind ? QStringLiteral("Layer kind") : key.left(1).toUpper() + key.mid(1);
}

ColorBy colorByFromKey(const QString& key, ColorBy fallback)
{
    for (ColorBy by : allColorBys())
        if (colorByKey(by) == key)
            return by;
    return fallback;
}

const std::vector<ColorBy>& allColorBys()
{
    static const std::vector<ColorBy> all { ColorBy::Cluster, ColorBy::Family, ColorBy::Accelerator,
        ColorBy::Kind, ColorBy::Model };
    return all;
}

QColor okabeIto(int index)
{
    // Same order as the figure views' categorical palette (blue, orange, bluish green,
    // vermillion, sky blue, reddish purple, yellow); black is kept for outlines and text.
    static const QColor palette[] = { QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00),
        QColor(0x00, 0x9E, 0x73), QColor(0xD5, 0x5E, 0x00), QColor(0x56, 0xB4, 0xE9),
        QColor(0xCC, 0x79, 0xA7), QColor(0xF0, 0xE4, 0x42) };
    const int n = static_cast<int>(std::size(palette));
    QColor c = palette[index % n];
    for (int round = index / n; round > 0; --round)
        c = c.darker(140);
    return c;
}

QColor kindColor(LayerKind kind)
{
    // Conv, depthwise conv, fully connected, MatMul, LSTM and pool keep their figure family's
    // colour (FigureStyle::kindColor); the other kinds get one each from the same
    // colour-blind-safe sources as FigureStyle::clusterColor.
    switch (kind) {
    case LayerKind::Conv:
        return QColor(0x00, 0x72, 0xB2);
    case LayerKind::DepthwiseConv:
        return QColor(0x56, 0xB4, 0xE9);
    case LayerKind::ConvTranspose:
        return QColor(0x33, 0x22, 0x88);
    case LayerKind::FullyConnected:
        return QColor(0xE6, 0x9F, 0x00);
    case LayerKind::MatMul:
        return QColor(0xCC, 0x79, 0xA7);
    case LayerKind::Lstm:
        return QColor(0xD5, 0x5E, 0x00);
    case LayerKind::Gru:
        return QColor(0x88, 0x22, 0x55);
    case LayerKind::Rnn:
        return QColor(0xE4, 0x25, 0x36);
    case LayerKind::Pool:
        return QColor(0x00, 0x9E, 0x73);
    case LayerKind::Resize:
        return QColor(0x11, 0x77, 0x33);
    case LayerKind::Elementwise:
        return QColor(0xF0, 0xE4, 0x42);
    case LayerKind::Activation:
        return QColor(0xB9, 0xAC, 0x70);
    case LayerKind::Normalization:
        return QColor(0xA9, 0x6B, 0x59);
    case LayerKind::Softmax:
        return QColor(0x7A, 0x21, 0xDD);
    case LayerKind::Concat:
        return QColor(0x92, 0xDA, 0xDD);
    case LayerKind::Reshape:
        return QColor(0xD0, 0xD0, 0xD0);
    case LayerKind::Other:
        return QColor(0x71, 0x75, 0x81);
    }
    return noGroupColor();
}

QColor noGroupColor()
{
    return QColor(0xB0, 0xB0, 0xB0);
}

LayerColoring colorLayers(const std::vector<ColoringInput>& inputs, ColorBy by)
{
    std::vector<std::vector<GroupKey>> keys(inputs.size());
    std::map<GroupKey, int> index;
    for (size_t m = 0; m < inputs.size(); ++m) {
        const int layers = static_cast<int>(inputs[m].analysis->model->layers.size());
        for (int i = 0; i < layers; ++i) {
            keys[m].push_back(keyOf(inputs[m], by, i));
            index.emplace(keys[m].back(), 0);
        }
    }
    LayerColoring result;
    int next = 0;
    for (auto& [key, idx] : index) {
        idx = static_cast<int>(result.names.size());
        result.names.append(key.name);
        QColor color = key.name == kNone ? noGroupColor() : okabeIto(next++);
        if (by == ColorBy::Kind && key.name != kNone) // the same colour in every model
            color = kindColor(static_cast<LayerKind>(key.order));
        else if (by == ColorBy::Cluster && key.name != kNone) // as in the cluster figures
            color = views::FigureStyle::clusterColor(key.order);
        if (by == ColorBy::Accelerator
            && key.name != kNone) // as in the schedule and roofline figures
            color = views::FigureStyle::acceleratorColor(key.name);
        result.colors.push_back(color);
    }
    result.groupOf.resize(inputs.size());
    for (size_t m = 0; m < inputs.size(); ++m)
        for (const auto& key : keys[m])
            result.groupOf[m].push_back(index.at(key));
    return result;
}

} // namespace mensa
