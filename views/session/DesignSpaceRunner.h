#pragma once

#include "dse/Codesign.h"
#include "dse/ExploreCollector.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace mensa {

// What a design-space search run from the GUI gives back: core's points, front, tallies and,
// for a co-design space, the joint / hardware-only / model-only comparison.
struct DesignSpaceResult {
    std::shared_ptr<const SearchSpace> space;
    std::vector<PointResult> points; // every simulated point, in the order the search saw them
    std::vector<PointResult> front; // feasible Pareto front, by index
    std::optional<PointResult> best; // best feasible point on the primary objective
    std::vector<CodesignRow> codesign; // co-design spaces only
    ExploreTally tally;
    std::string mode; // "exhaustive", "blackbox"
    std::string error; // one line when the search could not run
    bool cancelled = false;
};

// Runs `mensa explore`'s search off the GUI thread (QtConcurrent) and reports progress; a new
// start or cancel() stops the run in flight at its next point.
class DesignSpaceRunner : public QObject {
    Q_OBJECT
public:
    explicit DesignSpaceRunner(QObject* parent = nullptr);
    ~DesignSpaceRunner() override;

    // Searches the space file over `models` (none for a co-design space): exhaustive up to
    // core's limit, else the black-box search with `budget` points.
    void start(const QString& spacePath, std::vector<std::shared_ptr<const Model>> models,
        uint64_t budget);
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }
    const DesignSpaceResult& result() const { return m_result; }

signals:
    void progress(qulonglong done, qulonglong total);
    void finished();

private:
    QFutureWatcher<DesignSpaceResult> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    DesignSpaceResult m_result;
};

} // namespace mensa
