#pragma once

#include "LayerRef.h"

#include <QSizeF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>

class QCustomPlot;

namespace mensa::views {

// A publication figure: a widget that renders plain data into one QCustomPlot, can say
// which data it shows as CSV, and takes part in linked layer selection. FigureExporter
// works on this interface only.
class FigureView : public QWidget {
    Q_OBJECT
public:
    explicit FigureView(QWidget* parent = nullptr)
        : QWidget(parent)
    {
    }

    // File stem used when the figure is exported (e.g. "energy_mobilenet").
    QString figureName() const { return m_figureName; }
    void setFigureName(const QString& name) { m_figureName = name; }
    // One line saying how the numbers were made (mapping policy, caveats); exported as the
    // first CSV line ("# ...") and in the PDF/SVG title.
    QString caption() const { return m_caption; }
    void setCaption(const QString& caption) { m_caption = caption; }
    // Lines that trace an exported figure back to its inputs (tool version, design specs);
    // the CSV header carries them under the caption.
    QStringList provenance() const { return m_provenance; }
    void setProvenance(const QStringList& lines) { m_provenance = lines; }

    // The plot exported as the figure; owned by the view.
    virtual QCustomPlot* plot() const = 0;
    // The data behind the figure as CSV (header row first, '\n' line ends).
    virtual QString csv() const = 0;
    // Layers to draw emphasised; an empty set removes the emphasis.
    virtual void setHighlightedLayers(const LayerSet& layers) = 0;
    // Number of data marks currently drawn (bars, points, events), for tests and status text.
    virtual int markCount() const = 0;
    // Size the figure is exported at unless the caller asks for another one.
    virtual QSizeF defaultExportSize() const { return { 6.5, 4.0 }; } // inches

signals:
    // The user clicked a mark that stands for one layer.
    void layerClicked(const mensa::views::LayerRef& layer);
    // The user clicked empty space in the plot (not a drag): the selection should be emptied.
    void emptySpaceClicked();

protected:
    // Point figures: a click on a point emits layerClicked for its layer, hovering shows its
    // tooltip. pointAt gives the index of the point under a pixel, or -1.
    void enablePointPicking(std::function<int(const QPointF&)> pointAt,
        std::function<LayerRef(int)> layerOf, std::function<QString(int)> tooltip);

private:
    QString m_figureName;
    QString m_caption;
    QStringList m_provenance;
};

} // namespace mensa::views
