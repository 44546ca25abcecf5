#include "session/AnalysisSession.h"

#include "analysis/Analysis.h"

#include "session/AnalysisJob.h"

#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrent>
#include <functional>

#include <algorithm>

namespace mensa {

namespace {

std::atomic<uint64_t> g_generation { 0 };

// Bridges a QPromise (cancel from the GUI, progress to the watcher) and the stale-job flag.
class PromiseControl : public JobControl {
public:
    using ImportedHandler = std::function<void(const std::shared_ptr<const Model>&)>;
    PromiseControl(QPromise<JobOutcome>& promise, std::shared_ptr<std::atomic<bool>> flag,
        ImportedHandler onImported)
        : m_promise(promise)
        , m_flag(std::move(flag))
        , m_onImported(std::move(onImported))
    {
    }
    void imported(const std::shared_ptr<const Model>& model) override
    {
        if (m_onImported && !cancelled())
            m_onImported(model);
    }
    bool cancelled() const override { return m_flag->load() || m_promise.isCanceled(); }
    void report(int done, int total, const std::string& stage) override
    {
        (void)total; // the staged wrapper always reports on 0..1000
        m_promise.setProgressValueAndText(done, QString::fromStdString(stage));
    }

private:
    QPromise<JobOutcome>& m_promise;
    std::shared_ptr<std::atomic<bool>> m_flag;
    ImportedHandler m_onImported;
};

void runJob(QPromise<JobOutcome>& promise, const AnalysisJobInput& input,
    const std::shared_ptr<std::atomic<bool>>& flag,
    const PromiseControl::ImportedHandler& onImported)
{
    promise.setProgressRange(0, 1000);
    PromiseControl control(promise, flag, onImported);
    JobOutcome outcome;
    try {
        outcome.analysis = runAnalysisJob(input, control);
        outcome.cancelled = !outcome.analysis;
    }
    catch (const std::exception& e) {
        outcome.error = e.what();
    }
    promise.addResult(outcome);
}

} // namespace

struct AnalysisSession::Entry {
    int id = -1;
    QString path;
    InputShapes shapes;
    std::shared_ptr<const Model> imported; // last import, reused while import options are unchanged
    std::shared_ptr<const Model> early; // the running job's import, before its costs
    ModelAnalysisPtr latest;
    QString latestPolicy; // the policy `latest` was computed under
    QString jobPolicy; // the policy of the job in flight
    uint64_t generation = 0;
    std::unique_ptr<QFutureWatcher<JobOutcome>> watcher;
    std::shared_ptr<std::atomic<bool>> cancelFlag;
};

AnalysisSession::AnalysisSession(std::shared_ptr<const AnalysisEngine> engine, QObject* parent)
    : QObject(parent)
    , m_engine(std::move(engine))
    , m_designs(defaultDesigns())
{
}

AnalysisSession::~AnalysisSession()
{
    for (auto& [id, e] : m_entries)
        if (e->cancelFlag)
            e->cancelFlag->store(true);
}

QStringList AnalysisSession::defaultDesigns()
{
    QStringList names;
    for (const std::string& name : defaultDesignNames())
        names << QString::fromStdString(name);
    return names;
}

int AnalysisSession::openModel(const QString& path, const InputShapes& inputShapes)
{
    auto e = std::make_unique<Entry>();
    e->id = m_nextId++;
    e->path = path;
    e->shapes = inputShapes;
    Entry& ref = *e;
    m_entries[ref.id] = std::move(e);
    emit modelOpened(ref.id);
    startJob(ref, true);
    return ref.id;
}

int AnalysisSession::addModel(std::shared_ptr<const Model> model)
{
    auto e = std::make_unique<Entry>();
    e->id = m_nextId++;
    e->imported = std::move(model);
    Entry& ref = *e;
    m_entries[ref.id] = std::move(e);
    emit modelOpened(ref.id);
    startJob(ref, false);
    return ref.id;
}

void AnalysisSession::closeModel(int modelId)
{
    auto it = m_entries.find(modelId);
    if (it == m_entries.end())
        return;
    if (it->second->cancelFlag)
        it->second->cancelFlag->store(true);
    m_entries.erase(it);
    emit modelClosed(modelId);
    regroup();
    updateBusy();
}

void AnalysisSession::closeAll()
{
    for (int id : modelIds())
        closeModel(id);
}

std::vector<int> AnalysisSession::modelIds() const
{
    std::vector<int> ids;
    for (const auto& [id, e] : m_entries)
        ids.push_back(id);
    return ids;
}

AnalysisSession::Entry* AnalysisSession::entry(int modelId) const
{
    auto it = m_entries.find(modelId);
    return it == m_entries.end() ? nullptr : it->second.get();
}

bool AnalysisSession::hasModel(int modelId) const
{
    return entry(modelId) != nullptr;
}

QString AnalysisSession::modelPath(int modelId) const
{
    const Entry* e = entry(modelId);
    return e ? e->path : QString();
}

QString AnalysisSession::modelName(int modelId) const
{
    const Entry* e = entry(modelId);
    if (!e)
        return {};
    if (e->imported && !e->imported->name.empty())
        return QString::fromStdString(e->imported->name);
    return QFileInfo(e->path).completeBaseName();
}

ModelAnalysisPtr AnalysisSession::analysis(int modelId) const
{
    const Entry* e = entry(modelId);
    return e ? e->latest : nullptr;
}

uint64_t AnalysisSession::generation(int modelId) const
{
    const Entry* e = entry(modelId);
    return e ? e->generation : 0;
}

void AnalysisSession::setDesigns(const QStringList& designs)
{
    if (designs == m_designs)
        return;
    m_designs = designs;
    emit designsChanged();
    restartAll(false);
}

void AnalysisSession::setDesignSpec(
    const QString& oldName, const QString& name, const QString& text)
{
    const qsizetype at = m_designs.indexOf(oldName);
    if (at >= 0)
        m_designs[at] = name;
    else if (!m_designs.contains(name))
        m_designs.append(name);
    if (oldName != name)
        m_specTexts.remove(oldName);
    m_specTexts[name] = text;
    emit designSpecsChanged();
    emit designsChanged();
    for (auto& [id, e] : m_entries)
        startJob(*e, false, name);
}

void AnalysisSession::removeDesign(const QString& name)
{
    const bool hadSpec = m_specTexts.remove(name) > 0;
    if (hadSpec)
        emit designSpecsChanged();
    QStringList designs = m_designs;
    designs.removeAll(name);
    setDesigns(designs);
}

void AnalysisSession::setDesignSpecs(const QMap<QString, QString>& specs)
{
    m_specTexts = specs;
    emit designSpecsChanged();
}

void AnalysisSession::setPolicy(const MappingPolicy& policy)
{
    if (policy.name() == m_policy.name())
        return;
    m_policy = policy;
    restartAll(false);
}

void AnalysisSession::setBytesPerElement(int bytes)
{
    if (bytes == m_bytesPerElement)
        return;
    m_bytesPerElement = bytes;
    restartAll(true);
}

InputShapes AnalysisSession::inputShapes(int modelId) const
{
    const Entry* e = entry(modelId);
    return e ? e->shapes : InputShapes {};
}

void AnalysisSession::setInputShapes(int modelId, const InputShapes& shapes)
{
    Entry* e = entry(modelId);
    if (!e || e->shapes == shapes)
        return;
    e->shapes = shapes;
    startJob(*e, true);
}

bool AnalysisSession::isBusy() const
{
    for (const auto& [id, e] : m_entries)
        if (e->watcher)
            return true;
    return false;
}

QString AnalysisSession::analysedNotice() const
{
    const auto analysed = std::count_if(
        m_entries.begin(), m_entries.end(), [](const auto& e) { return e.second->latest; });
    if (static_cast<size_t>(analysed) == m_entries.size())
        return {};
    return tr("%1 of %2 models analysed").arg(analysed).arg(m_entries.size());
}

bool AnalysisSession::isGrouping() const
{
    return m_groupWatcher != nullptr;
}

Analysis AnalysisSession::snapshot() const
{
    Analysis a;
    a.policy = m_policy;
    std::vector<ModelAnalysisPtr> analysed;
    for (const auto& [id, e] : m_entries)
        if (e->latest) {
            analysed.push_back(e->latest);
            a.modelIds.push_back(id);
        }
    if (analysed.empty())
        return a;
    for (const DesignResult& d : analysed.front()->designs)
        a.designs.push_back(
            { d.design, d.system.name.empty() ? d.design : d.system.name, d.system, d.error });
    for (const ModelAnalysisPtr& m : analysed) {
        a.models.push_back(m->model);
        std::vector<AnalysisCell> row;
        for (const AnalysisDesign& design : a.designs) {
            const DesignResult* d = m->design(design.request);
            row.push_back(d ? AnalysisCell { d->run, d->error }
                            : AnalysisCell { nullptr, "not analysed for this design" });
        }
        a.cells.push_back(std::move(row));
    }
    if (m_grouping && m_groupedModels == a.models)
        a.grouping = *m_grouping;
    else { // the joint grouping is still running: each model's own groups, no cluster figures
        std::vector<LayerGroups> groups;
        for (const ModelAnalysisPtr& m : analysed)
            groups.push_back(m->groups);
        a.grouping = LayerGroups::toGrouping(groups);
    }
    return a;
}

// Clusters every analysed model jointly once no analysis job is in flight.
void AnalysisSession::regroup()
{
    for (const auto& [id, e] : m_entries)
        if (e->watcher)
            return; // the last job to finish regroups
    if (m_groupWatcher) {
        m_groupWatcher->disconnect(this);
        m_groupWatcher.release()->deleteLater();
    }
    std::vector<std::pair<int, std::shared_ptr<const Model>>> grouped;
    std::vector<std::shared_ptr<const Model>> models;
    for (const auto& [id, e] : m_entries)
        if (e->latest) {
            grouped.emplace_back(id, e->latest->model);
            models.push_back(e->latest->model);
        }
    if (models.empty()) {
        m_grouping.reset();
        m_groupedModels.clear();
        return;
    }
    m_groupWatcher = std::make_unique<QFutureWatcher<LayerGrouping>>();
    connect(m_groupWatcher.get(), &QFutureWatcherBase::finished, this,
        [this, grouped] { onGroupingFinished(grouped); });
    m_groupWatcher->setFuture(
        QtConcurrent::run([engine = m_engine, models] { return engine->groupJointly(models); }));
}

void AnalysisSession::onGroupingFinished(
    const std::vector<std::pair<int, std::shared_ptr<const Model>>>& grouped)
{
    QFuture<LayerGrouping> future = m_groupWatcher->future();
    m_groupWatcher.release()->deleteLater();
    for (const auto& [id, model] : grouped) {
        const Entry* e = entry(id);
        if (!e || !e->latest || e->latest->model != model || e->watcher)
            return; // stale: a newer analysis will regroup
    }
    auto grouping = std::make_shared<const LayerGrouping>(future.result());
    m_grouping = grouping;
    m_groupedModels.clear();
    for (size_t m = 0; m < grouped.size(); ++m) {
        Entry* e = entry(grouped[m].first);
        auto copy = std::make_shared<ModelAnalysis>(*e->latest);
        copy->groups = LayerGroups::fromGrouping(*grouping, m);
        e->latest = copy;
        m_groupedModels.push_back(grouped[m].second);
    }
    emit groupingReady();
}

void AnalysisSession::cancel()
{
    for (auto& [id, e] : m_entries) {
        if (!e->watcher)
            continue;
        e->cancelFlag->store(true);
        e->watcher->cancel();
    }
}

void AnalysisSession::reanalyze()
{
    restartAll(false);
}

void AnalysisSession::restartAll(bool reimport)
{
    for (auto& [id, e] : m_entries)
        startJob(*e, reimport);
}

void AnalysisSession::startJob(Entry& e, bool reimport, const QString& changedDesign)
{
    if (e.watcher) { // supersede the job in flight: its result will be ignored
        e.cancelFlag->store(true);
        e.watcher->disconnect(this);
        e.watcher->cancel();
        e.watcher.reset();
    }
    AnalysisJobInput input;
    input.engine = m_engine;
    input.modelId = e.id;
    input.generation = e.generation = ++g_generation;
    input.path = e.path.toStdString();
    input.importOptions.inputShapes = e.shapes;
    input.importOptions.bytesPerElement = m_bytesPerElement;
    input.cachedModel = reimport && !e.path.isEmpty() ? nullptr : e.imported;
    for (const QString& d : m_designs)
        input.designs.push_back(d.toStdString());
    input.policy = m_policy;
    for (auto it = m_specTexts.begin(); it != m_specTexts.end(); ++it)
        input.specTexts[it.key().toStdString()] = it.value().toStdString();
    e.jobPolicy = QString::fromStdString(m_policy.name());
    // Only CHANGED_DESIGN is new: the other designs' results on the same model stay valid.
    if (!changedDesign.isEmpty() && e.latest && e.latest->model == input.cachedModel
        && e.latestPolicy == e.jobPolicy) {
        for (const DesignResult& d : e.latest->designs)
            if (d.design != changedDesign.toStdString() && d.ok())
                input.reusable.emplace(d.design, d);
        input.reusableGroups = std::make_shared<const LayerGroups>(e.latest->groups);
    }
    auto flag = std::make_shared<std::atomic<bool>>(false);
    e.cancelFlag = flag;
    e.watcher = std::make_unique<QFutureWatcher<JobOutcome>>();
    const int id = e.id;
    const uint64_t generation = e.generation;
    auto* watcher = e.watcher.get();
    connect(watcher, &QFutureWatcherBase::finished, this,
        [this, id, generation] { onJobFinished(id, generation); });
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
        [this, watcher](int value) { emit progressChanged(value, watcher->progressText()); });
    // Delivered on the GUI thread; a session gone by then drops the call (context object).
    auto onImported = [this, id, generation](const std::shared_ptr<const Model>& model) {
        QMetaObject::invokeMethod(
            this, [this, id, generation, model] { onModelImported(id, generation, model); },
            Qt::QueuedConnection);
    };
    watcher->setFuture(QtConcurrent::run([input, flag, onImported](QPromise<JobOutcome>& promise) {
        runJob(promise, input, flag, onImported);
    }));
    updateBusy();
}

void AnalysisSession::onModelImported(
    int modelId, uint64_t generation, const std::shared_ptr<const Model>& model)
{
    Entry* e = entry(modelId);
    if (!e || !e->watcher || e->generation != generation)
        return; // stale or already finished
    e->early = model;
    emit modelImported(modelId);
}

std::shared_ptr<const Model> AnalysisSession::importedModel(int modelId) const
{
    const Entry* e = entry(modelId);
    if (!e)
        return nullptr;
    return e->latest ? e->latest->model : e->early;
}

void AnalysisSession::onJobFinished(int modelId, uint64_t generation)
{
    Entry* e = entry(modelId);
    if (!e || !e->watcher || e->generation != generation)
        return; // stale: a newer job replaced this one
    QFuture<JobOutcome> future = e->watcher->future();
    e->watcher.release()->deleteLater();
    JobOutcome outcome;
    if (future.resultCount() > 0)
        outcome = future.result();
    else
        outcome.cancelled = true;
    if (outcome.analysis) {
        e->latest = outcome.analysis;
        e->latestPolicy = e->jobPolicy;
        e->imported = outcome.analysis->model;
        regroup();
        updateBusy();
        emit analysisReady(modelId);
        return;
    }
    if (!outcome.error.empty())
        emit jobFailed(modelId, QString::fromStdString(outcome.error));
    if (!e->latest) // never analysed: nothing to keep
        closeModel(modelId);
    else
        regroup();
    updateBusy();
}

void AnalysisSession::updateBusy()
{
    bool busy = isBusy();
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace mensa
