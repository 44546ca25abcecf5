#include "schedule/Timeline.h"

#include "util/Error.h"

#include <algorithm>
#include <array>

namespace mensa {
namespace {

class TimelineBuilder {
public:
    TimelineBuilder(const Model& model, const CostTable& table, const std::vector<int>& assignment,
        Schedule& out)
        : m_model(model)
        , m_table(table)
        , m_assignment(assignment)
        , m_out(out)
    {
        for (int a = 0; a < table.acceleratorCount(); ++a)
            out.resources.push_back({ table.acceleratorNames[a], false, a });
        for (int l = 0; l < int(table.linkNames.size()); ++l)
            out.resources.push_back({ table.linkNames[l], true, l });
        m_free.assign(out.resources.size(), 0.0);
        m_last.assign(out.resources.size(), -1);
        out.events.reserve(size_t(table.layerCount()) * size_t(std::max(1, out.inferences)));
        m_reason.reserve(out.events.capacity());
    }

    void runInference(int inference);
    void markCriticalPath();

private:
    struct Start {
        double time = 0;
        int reason = -1; // event whose end fixed the start
        void atLeast(double t, int event)
        {
            if (t > time) {
                time = t;
                reason = event;
            }
        }
    };
    int linkResource(int from, int to);
    int hostResource(int accelerator);
    int hostRowOf(int accelerator) const // -1 while its host runs nothing
    {
        return m_hostResource.empty() ? -1 : m_hostResource[size_t(accelerator)];
    }
    int transferEvent(int producer, int to, int inference);
    int addEvent(ScheduleEvent event, const Start& start);

    const Model& m_model;
    const CostTable& m_table;
    const std::vector<int>& m_assignment;
    Schedule& m_out;
    std::vector<double> m_free; // per resource
    std::vector<int> m_last; // last event per resource
    std::vector<int> m_reason; // per event
    std::vector<int> m_layerEvent;
    std::vector<std::array<int, 8>> m_sent; // transfer event of a producer's output per accelerator
    int m_memoryResource = -1;
    std::vector<int> m_hostResource; // per accelerator: its host CPU's row, -1 until used
};

// The host CPU behind an accelerator (layers its compiler leaves to the host run there, not on
// the accelerator), a resource of its own once a layer uses it.
int TimelineBuilder::hostResource(int accelerator)
{
    if (m_hostResource.empty())
        m_hostResource.assign(size_t(m_table.acceleratorCount()), -1);
    int& row = m_hostResource[size_t(accelerator)];
    if (row < 0) {
        row = int(m_out.resources.size());
        m_out.resources.push_back(
            { m_table.acceleratorNames[accelerator] + " host CPU", false, accelerator });
        m_free.push_back(0.0);
        m_last.push_back(-1);
    }
    return row;
}

int TimelineBuilder::linkResource(int from, int to)
{
    int link = m_table.linkIndex ? m_table.linkIndex(from, to) : -1;
    if (link >= 0 && link < int(m_table.linkNames.size()))
        return m_table.acceleratorCount() + link;
    if (m_memoryResource < 0) {
        m_memoryResource = int(m_out.resources.size());
        m_out.resources.push_back({ "Shared memory path", true, -1 });
        m_free.push_back(0.0);
        m_last.push_back(-1);
    }
    return m_memoryResource;
}

int TimelineBuilder::addEvent(ScheduleEvent event, const Start& start)
{
    Start s = start;
    s.atLeast(m_free[event.resource], m_last[event.resource]);
    const double duration = event.end;
    event.start = s.time;
    event.end = s.time + duration;
    m_free[event.resource] = event.end;
    m_last[event.resource] = int(m_out.events.size());
    m_reason.push_back(s.reason);
    m_out.events.push_back(event);
    return int(m_out.events.size()) - 1;
}

int TimelineBuilder::transferEvent(int producer, int to, int inference)
{
    int& sent = m_sent[producer][to];
    if (sent >= 0)
        return sent;
    const int from = m_assignment[producer];
    TransferCost cost = m_table.transfer(from, to, transferBytes(m_model, producer));
    Start start;
    start.atLeast(m_out.events[m_layerEvent[producer]].end, m_layerEvent[producer]);
    start.atLeast(m_free[to], m_last[to]); // the receiver's input buffer is free
    ScheduleEvent event { producer, linkResource(from, to), true, inference, 0, cost.seconds,
        cost.joules, false, from, to };
    sent = addEvent(event, start);
    if (inference == 0)
        m_out.transferJoules += cost.joules;
    return sent;
}

void TimelineBuilder::runInference(int inference)
{
    const int n = m_table.layerCount();
    m_layerEvent.assign(n, -1);
    m_sent.assign(n, { -1, -1, -1, -1, -1, -1, -1, -1 });
    for (int i = 0; i < n; ++i) {
        const int a = m_assignment[i];
        Start start;
        for (int p : m_model.predecessors(i)) {
            int e = m_assignment[p] == a ? m_layerEvent[p] : transferEvent(p, a, inference);
            start.atLeast(m_out.events[e].end, e);
        }
        const LayerCost& cost = m_table.at(i, a);
        const int resource = cost.onHost ? hostResource(a) : a;
        ScheduleEvent event { i, resource, false, inference, 0, cost.seconds, cost.energy.total(),
            false };
        // The runtime runs one operator at a time: the host and its accelerator take turns.
        const int partner = cost.onHost ? a : hostRowOf(a);
        if (partner >= 0)
            start.atLeast(m_free[size_t(partner)], m_last[size_t(partner)]);
        m_layerEvent[i] = addEvent(event, start);
        if (partner >= 0) {
            m_free[size_t(partner)] = m_out.events.back().end;
            m_last[size_t(partner)] = m_layerEvent[i];
        }
        if (inference == 0)
            m_out.energyPerAccelerator[a] += cost.energy;
    }
}

void TimelineBuilder::markCriticalPath()
{
    if (m_out.events.empty())
        return;
    int e = int(std::max_element(m_out.events.begin(), m_out.events.end(),
                    [](const ScheduleEvent& a, const ScheduleEvent& b) { return a.end < b.end; })
        - m_out.events.begin());
    for (; e >= 0; e = m_reason[e])
        m_out.events[e].critical = true;
}

} // namespace

Schedule buildTimeline(const Model& model, const CostTable& table,
    const std::vector<int>& assignment, const std::string& strategy, int inferences,
    bool requireMapped)
{
    table.validate(model);
    if (int(assignment.size()) != table.layerCount())
        throw MensaError("", "assignment does not cover every layer of '" + model.name + "'");
    for (int i = 0; i < table.layerCount(); ++i)
        if (assignment[i] < 0 || assignment[i] >= table.acceleratorCount()
            || (requireMapped && !table.runnable(i, assignment[i])))
            throw MensaError("",
                "layer '" + model.layers[i].name + "' cannot run on the accelerator chosen for it");
    Schedule s;
    s.strategy = strategy;
    s.systemName = table.systemName;
    s.assignment = assignment;
    s.inferences = std::max(1, inferences);
    s.energyPerAccelerator.assign(table.acceleratorCount(), {});
    TimelineBuilder builder(model, table, assignment, s);
    for (int m = 0; m < s.inferences; ++m)
        builder.runInference(m);
    builder.markCriticalPath();
    for (const auto& e : s.events)
        if (e.inference == 0)
            s.latency = std::max(s.latency, e.end);
    for (const auto& energy : s.energyPerAccelerator)
        s.energy += energy.total();
    s.energy += s.transferJoules;
    s.serialLatency = evaluateAssignment(model, table, assignment).latency;
    s.throughput = s.latency > 0 ? 1.0 / s.latency : 0.0;
    return s;
}

} // namespace mensa
