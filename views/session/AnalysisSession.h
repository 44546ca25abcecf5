#pragma once

#include "mapping/MappingPolicy.h"
#include "onnx/OnnxImporter.h"
#include "session/AnalysisEngine.h"
#include "session/AnalysisResults.h"

#include <QFutureWatcher>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mensa {

// What a worker job hands back: an analysis, or a one-line error, or nothing when cancelled.
struct JobOutcome {
    ModelAnalysisPtr analysis;
    std::string error;
    bool cancelled = false;
};

// Owns the open models and the analysis parameters, and runs import / simulate / schedule /
// cluster jobs on the thread pool. Every parameter change bumps a generation counter and
// cancels the jobs in flight; results of older generations are dropped, never shown.
class AnalysisSession : public QObject {
    Q_OBJECT
public:
    explicit AnalysisSession(
        std::shared_ptr<const AnalysisEngine> engine, QObject* parent = nullptr);
    ~AnalysisSession() override;

    static QStringList defaultDesigns(); // edge_tpu, eyeriss_v2, mensa

    // Opens a model file and starts its analysis; returns the new model id.
    int openModel(const QString& path, const InputShapes& inputShapes = {});
    // Adds a model built in code (benchmarks, tests); it is never re-imported.
    int addModel(std::shared_ptr<const Model> model);
    void closeModel(int modelId);
    void closeAll();
    std::vector<int> modelIds() const;
    bool hasModel(int modelId) const;
    QString modelPath(int modelId) const;
    QString modelName(int modelId) const;
    // Latest finished analysis of a model (null until the first one arrives).
    ModelAnalysisPtr analysis(int modelId) const;
    // The model as imported: the latest analysis's, or the running job's before its costs.
    std::shared_ptr<const Model> importedModel(int modelId) const;
    uint64_t generation(int modelId) const;

    QStringList designs() const { return m_designs; }
    void setDesigns(const QStringList& designs);
    // In-memory specs (protobuf text; the accelerator editor's designs) by design name: a
    // design with a text here is built from it instead of loaded by name. Replaces the design
    // OLD_NAME (or appends NAME when OLD_NAME is not a design) and re-runs only that design;
    // the text must already be valid (the editor never hands over an invalid one).
    void setDesignSpec(const QString& oldName, const QString& name, const QString& text);
    // Removes a design (and its in-memory spec).
    void removeDesign(const QString& name);
    QString designSpec(const QString& name) const { return m_specTexts.value(name); }
    QMap<QString, QString> designSpecs() const { return m_specTexts; }
    // Replaces every in-memory spec (a project being opened); does not re-run anything.
    void setDesignSpecs(const QMap<QString, QString>& specs);
    // The mapping policy every design runs under (default: MappingPolicy::defaults()).
    const MappingPolicy& policy() const { return m_policy; }
    void setPolicy(const MappingPolicy& policy);
    int bytesPerElement() const { return m_bytesPerElement; }
    void setBytesPerElement(int bytes);
    InputShapes inputShapes(int modelId) const;
    void setInputShapes(int modelId, const InputShapes& shapes);

    // All analysed models on all designs as core's Analysis (what exports and cross-model
    // views draw); the grouping is the joint one once it is computed.
    Analysis snapshot() const;
    // The clusters of all open models computed jointly (null until the first grouping ends).
    std::shared_ptr<const LayerGrouping> grouping() const { return m_grouping; }

    // "2 of 3 models analysed" while some open model has no analysis yet, else empty.
    QString analysedNotice() const;

    bool isBusy() const; // an analysis job is in flight
    bool isGrouping() const; // the joint grouping of all models is being computed
    void cancel(); // cancels every job in flight
    void reanalyze(); // re-runs every model with the current parameters

signals:
    void modelOpened(int modelId);
    void modelClosed(int modelId);
    void analysisReady(int modelId);
    void jobFailed(int modelId, const QString& message);
    void progressChanged(int permille, const QString& text);
    void busyChanged(bool busy);
    // A job has imported the model and goes on costing it (importedModel has it).
    void modelImported(int modelId);
    // The joint grouping of every open model is ready; each model's analysis now carries its
    // slice of it (the analyses are replaced without another analysisReady).
    void groupingReady();
    // An in-memory spec was added, changed, renamed or removed.
    void designSpecsChanged();
    // The list of designs changed (setDesigns, or an in-memory design added or renamed).
    void designsChanged();

private:
    struct Entry;
    Entry* entry(int modelId) const;
    void startJob(Entry& e, bool reimport, const QString& changedDesign = {});
    void onJobFinished(int modelId, uint64_t generation);
    void onModelImported(
        int modelId, uint64_t generation, const std::shared_ptr<const Model>& model);
    void restartAll(bool reimport);
    void updateBusy();
    void regroup();
    void onGroupingFinished(
        const std::vector<std::pair<int, std::shared_ptr<const Model>>>& grouped);

    std::shared_ptr<const AnalysisEngine> m_engine;
    std::map<int, std::unique_ptr<Entry>> m_entries;
    QStringList m_designs;
    QMap<QString, QString> m_specTexts;
    MappingPolicy m_policy;
    std::unique_ptr<QFutureWatcher<LayerGrouping>> m_groupWatcher;
    std::shared_ptr<const LayerGrouping> m_grouping;
    std::vector<std::shared_ptr<const Model>> m_groupedModels;
    int m_bytesPerElement = 1;
    int m_nextId = 1;
    bool m_busy = false;
};

} // namespace mensa
