#pragma once

#include "session/AnalysisEngine.h"
#include "session/AnalysisResults.h"

#include <QFutureWatcher>
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

using InputShapes = std::map<std::string, std::vector<int64_t>>;

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
    explicit AnalysisSession(std::shared_ptr<const AnalysisEngine> engine, QObject* parent = nullptr);
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
    uint64_t generation(int modelId) const;

    QStringList designs() const { return m_designs; }
    void setDesigns(const QStringList& designs);
    int bytesPerElement() const { return m_bytesPerElement; }
    void setBytesPerElement(int bytes);
    InputShapes inputShapes(int modelId) const;
    void setInputShapes(int modelId, const InputShapes& shapes);

    bool isBusy() const;
    void cancel();     // cancels every job in flight
    void reanalyze();  // re-runs every model with the current parameters

signals:
    void modelOpened(int modelId);
    void modelClosed(int modelId);
    void analysisReady(int modelId);
    void jobFailed(int modelId, const QString& message);
    void progressChanged(int permille, const QString& text);
    void busyChanged(bool busy);

private:
    struct Entry;
    Entry* entry(int modelId) const;
    void startJob(Entry& e, bool reimport);
    void onJobFinished(int modelId, uint64_t generation);
    void restartAll(bool reimport);
    void updateBusy();

    std::shared_ptr<const AnalysisEngine> m_engine;
    std::map<int, std::unique_ptr<Entry>> m_entries;
    QStringList m_designs;
    int m_bytesPerElement = 1;
    int m_nextId = 1;
    bool m_busy = false;
};

} // namespace mensa
