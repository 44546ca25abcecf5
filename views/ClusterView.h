#pragma once

#include "FigureView.h"

#include <QStringList>
#include <vector>

class QCPAxisRect;
class QCPBars;
class QCPAbstractPlottable;
class QTableWidget;

namespace mensa::views {

struct ClusterInfo {
    QString name; // e.g. "Family 1: compute-centric"
    std::vector<double> centroid; // one value per feature name
};

struct ClusterMember {
    QString model;
    int layer = -1;
    QString layerName;
    int cluster = -1; // index into ClusterInput::clusters
    double silhouette = 0; // -1..1
    int modelKey = -1; // LayerRef::model of the layer
};

// Share of a model's layers (or of its work) in each cluster; sums to 1.
struct ModelShare {
    QString model;
    std::vector<double> shares; // indexed like ClusterInput::clusters
};

struct ClusterInput {
    QStringList featureNames;
    std::vector<ClusterInfo> clusters;
    std::vector<ClusterMember> members;
    std::vector<ModelShare> modelShares; // empty: computed from member counts
};

// Layer clusters: per-model composition (stacked shares) and a silhouette plot side by
// side, with the centroids and the member assignments as tables next to the figure.
class ClusterView : public FigureView {
    Q_OBJECT
public:
    explicit ClusterView(QWidget* parent = nullptr);

    void setInput(ClusterInput input);
    const std::vector<ModelShare>& shares() const { return m_shares; }
    double meanSilhouette() const;
    QString centroidsCsv() const;
    QTableWidget* centroidTable() const { return m_centroids; }
    QTableWidget* memberTable() const { return m_memberTable; }

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet& layers) override;
    int markCount() const override { return m_markCount; }
    QSizeF defaultExportSize() const override;

private:
    void rebuild();
    void computeShares();
    void buildComposition();
    void buildSilhouette();
    void addHighlights();
    void fillTables();
    QString clusterName(int cluster) const;
    void onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex);

    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_composition = nullptr;
    QCPAxisRect* m_silhouette = nullptr;
    QTableWidget* m_centroids = nullptr;
    QTableWidget* m_memberTable = nullptr;
    ClusterInput m_input;
    std::vector<ModelShare> m_shares;
    std::vector<std::pair<QCPBars*, std::vector<int>>>
        m_silhouetteBars; // bars -> member per data index
    std::vector<std::pair<int, double>>
        m_memberKeys; // member -> (cluster, key) in the silhouette plot
    LayerSet m_highlighted;
    int m_markCount = 0;
};

} // namespace mensa::views
