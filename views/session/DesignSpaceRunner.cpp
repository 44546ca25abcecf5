#include "session/DesignSpaceRunner.h"

#include "dse/Search.h"
#include "util/Error.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace mensa {
namespace {

struct SearchCancelled { };

// Points kept for the scatter: more would only slow the plot down.
constexpr size_t kMaxPlottedPoints = 200000;
constexpr uint64_t kProgressEvery = 64;

struct SearchJob {
    QString spacePath;
    std::vector<std::shared_ptr<const Model>> models;
    uint64_t budget = 500;
    std::shared_ptr<std::atomic<bool>> cancel;
    QObject* receiver = nullptr;
};

void reportProgress(QObject* receiver, uint64_t done, uint64_t total)
{
    QMetaObject::invokeMethod(
        receiver,
        [receiver, done, total] {
            if (auto* runner = qobject_cast<DesignSpaceRunner*>(receiver))
                emit runner->progress(done, total);
        },
        Qt::QueuedConnection);
}

void search(const SearchJob& job, const Explorer& explorer, DesignSpaceResult& out)
{
    ExploreCollector collector(*out.space);
    const uint64_t total = std::min(
        out.space->pointCount(), out.mode == "exhaustive" ? out.space->pointCount() : job.budget);
    uint64_t seen = 0;
    const PointSink sink = [&](const PointResult& p) {
        if (job.cancel->load())
            throw SearchCancelled {};
        collector.add(p);
        if (p.status == PointStatus::Evaluated && out.points.size() < kMaxPlottedPoints)
            out.points.push_back(p);
        if (++seen % kProgressEvery == 0)
            reportProgress(job.receiver, seen, total);
    };
    if (out.mode == "exhaustive")
        exploreExhaustive(
            explorer, ShardSlice {}, sink, unsigned(std::max(1, QThread::idealThreadCount())));
    else
        exploreBlackBox(explorer, job.budget, 1, sink);
    out.front = collector.front();
    out.best = collector.best(0);
    out.tally = collector.tally();
    if (out.space->hasModelAxis())
        out.codesign = compareCodesign(explorer, collector);
}

DesignSpaceResult runSearch(const SearchJob& job)
{
    DesignSpaceResult out;
    try {
        out.space
            = std::make_shared<const SearchSpace>(loadSearchSpace(job.spacePath.toStdString()));
        out.mode = out.space->pointCount() <= kExhaustiveLimit ? "exhaustive" : "blackbox";
        if (job.models.empty() && !out.space->hasModelAxis())
            throw MensaError(job.spacePath.toStdString(), "no model is open to explore over");
        const auto models
            = out.space->hasModelAxis() ? std::vector<std::shared_ptr<const Model>> {} : job.models;
        const Explorer explorer(*out.space, models);
        search(job, explorer, out);
    }
    catch (const SearchCancelled&) {
        out.cancelled = true;
    }
    catch (const MensaError& e) {
        out.error = e.what();
    }
    return out;
}

} // namespace

DesignSpaceRunner::DesignSpaceRunner(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<DesignSpaceResult>::finished, this, [this] {
        m_result = m_watcher.result();
        emit finished();
    });
}

DesignSpaceRunner::~DesignSpaceRunner()
{
    cancel();
    m_watcher.waitForFinished();
}

void DesignSpaceRunner::start(
    const QString& spacePath, std::vector<std::shared_ptr<const Model>> models, uint64_t budget)
{
    cancel(); // the old run stops at its next point; the watcher follows only the new one
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    SearchJob job { spacePath, std::move(models), budget, m_cancel, this };
    m_watcher.setFuture(QtConcurrent::run([job] { return runSearch(job); }));
}

void DesignSpaceRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace mensa
