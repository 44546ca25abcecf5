#include "schedule/AssignmentSearch.h"

#include "util/Error.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <string_view>

namespace mensa {
namespace {

struct Label {
    double t = 0, e = 0;
    int prevState = -1, prevLabel = -1;
    int acc = -1;
};
using LabelSet = std::vector<Label>;

// What backtracking needs of a label, compact: histories of long models stay small.
struct Back {
    int32_t prevState = -1;
    uint16_t prevLabel = 0;
    uint8_t acc = 0;
};

// The labels of one step, flattened: state s owns backs[offset[s] .. offset[s+1]).
struct StepHistory {
    std::vector<uint32_t> offset;
    std::vector<Back> backs;
    std::vector<double> finalT, finalE; // kept for the last step only
};

// Transfer seconds and joules of every producer's output between every accelerator pair.
struct TransferTable {
    int accs = 0;
    std::vector<TransferCost> cost; // [layer][from * accs + to]
    const TransferCost& at(int layer, int from, int to) const
    {
        return cost[(size_t(layer) * accs + from) * accs + to];
    }
};

// Evenly spaced labels of a front sorted by latency (extremes kept) plus its lowest-EDP one.
LabelSet thinFront(const LabelSet& front, size_t maxLabels)
{
    const size_t k = maxLabels - 1;
    std::vector<size_t> keep;
    for (size_t j = 0; j < k; ++j)
        keep.push_back(k == 1 ? 0 : j * (front.size() - 1) / (k - 1));
    auto edp = [](const Label& l) { return l.t * l.e; };
    keep.push_back(
        size_t(std::min_element(front.begin(), front.end(), [&](const Label& a, const Label& b) {
            return edp(a) < edp(b);
        }) - front.begin()));
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    LabelSet thinned;
    for (size_t idx : keep)
        thinned.push_back(front[idx]);
    return thinned;
}

// The states of one step, flat: every state of a step has the same live tensors, so all keys
// have one length (2 bytes, producer accelerator and sent-to mask, per live tensor) and sit in
// one buffer. Label sets are reused across steps so their storage is not reallocated.
struct StateSet {
    size_t stride = 0;
    size_t count = 0;
    std::vector<char> keys; // count * stride
    std::vector<LabelSet> labels; // the first `count` are in use

    std::string_view key(size_t s) const { return { keys.data() + s * stride, stride }; }
    void reset(size_t newStride)
    {
        stride = newStride;
        count = 0;
        keys.clear();
    }
    // Appends a state with no labels and returns its index.
    int append(std::string_view k)
    {
        keys.insert(keys.end(), k.begin(), k.end());
        if (labels.size() <= count)
            labels.emplace_back();
        labels[count].clear();
        return int(count++);
    }
};

// A multiply-xor hash over 8-byte words: keys are a few dozen bytes, and the search hashes
// one per transition (std::hash's byte loop showed in profiles).
size_t hashKey(std::string_view k)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ k.size();
    size_t i = 0;
    for (; i + 8 <= k.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, k.data() + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (i < k.size()) // an empty key may have no storage at all
        std::memcpy(&tail, k.data() + i, k.size() - i);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    return size_t(h ^ (h >> 29));
}

// Open-addressing map from a key to its state index in a StateSet (insertion order is kept
// by the StateSet, so results do not depend on hashing).
class KeyIndex {
public:
    void reset(size_t expected)
    {
        size_t capacity = std::bit_ceil(std::max<size_t>(16, 2 * expected));
        m_slots.assign(capacity, -1);
        m_mask = capacity - 1;
    }
    // Index of `k` in `set`, appending it when new; `added` tells which.
    int findOrAppend(StateSet& set, std::string_view k, bool& added)
    {
        size_t slot = hashKey(k) & m_mask;
        for (;; slot = (slot + 1) & m_mask) {
            int s = m_slots[slot];
            if (s < 0)
                break;
            if (set.key(size_t(s)) == k) {
                added = false;
                return s;
            }
        }
        added = true;
        m_slots[slot] = set.append(k);
        if (set.count * 2 > m_slots.size())
            grow(set);
        return int(set.count - 1);
    }

private:
    void grow(const StateSet& set)
    {
        reset(set.count * 2);
        for (size_t s = 0; s < set.count; ++s) {
            size_t slot = hashKey(set.key(s)) & m_mask;
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & m_mask;
            m_slots[slot] = int(s);
        }
    }

    std::vector<int> m_slots;
    size_t m_mask = 0;
};

class Search {
public:
    Search(const Model& model, const CostTable& table, const SearchOptions& options)
        : m_model(model)
        , m_table(table)
        , m_options(options)
        , m_n(table.layerCount())
        , m_accs(table.acceleratorCount())
    {
        std::tie(m_latencyScale, m_energyScale) = singleAcceleratorScales(model, table);
        m_w = options.objective.latencyWeight();
        prepareGraph();
    }

    SearchResult run();

private:
    void prepareGraph();
    double score(const Label& l) const
    {
        return m_w * l.t / m_latencyScale + (1 - m_w) * l.e / m_energyScale;
    }
    bool better(const Label& a, const Label& b) const;
    void prepareStep(int i);
    void step(int i);
    TransferCost transition(int i, std::string_view state, int a);
    void extend(LabelSet& into, bool added, const LabelSet& from, int s, TransferCost cost, int a);
    bool beyondBound(const Label& l) const;
    void mergeFront(LabelSet& into, const LabelSet& from, int s, TransferCost cost, int a);
    void pruneLabels(LabelSet& labels, size_t cap);
    void record(bool last);
    double rank(const Label& l) const;
    size_t leadingState() const;
    void prepareSendBounds(size_t lead);
    TransferCost sendBound(std::string_view lead, std::string_view other) const;
    void dropBeaten(LabelSet& labels, const LabelSet& lead, TransferCost slack) const;
    void dropDominated();
    void pruneStates();
    void compactStates(const std::vector<size_t>& kept);
    Mapping backtrack(int labelIndex) const;

    const Model& m_model;
    const CostTable& m_table;
    SearchOptions m_options;
    int m_n, m_accs;
    double m_latencyScale = 1, m_energyScale = 1, m_w = 1;
    std::vector<std::vector<int>> m_preds;
    std::vector<int> m_lastUse;
    TransferTable m_transfer;
    std::vector<TransferCost> m_layerCost; // [layer * accs + acc]: seconds and joules there
    std::vector<int> m_live; // producers whose output is still needed, ascending
    std::vector<int> m_pos; // position of a producer in m_live
    std::vector<size_t> m_kept; // live positions still live after the current layer
    std::vector<int> m_nextLive; // the producer behind each key position of the next states
    std::vector<TransferCost> m_sendBound; // per next key position, of the leading state
    std::vector<size_t> m_survivors; // scratch of dropDominated()
    StateSet m_states, m_next;
    KeyIndex m_index;
    std::string m_cur, m_nextKey; // scratch of transition()
    LabelSet m_merged; // scratch of mergeFront()
    std::vector<double> m_restT, m_restE; // least seconds and joules of layers i.. (no transfers)
    int m_layer = 0; // the layer step() places
    std::vector<StepHistory> m_history; // per step, for backtracking
    bool m_exact = true;
    size_t m_peakStates = 1;
};

void Search::prepareGraph()
{
    m_preds.resize(m_n);
    m_lastUse.assign(m_n, -1);
    m_transfer.accs = m_accs;
    m_transfer.cost.resize(size_t(m_n) * m_accs * m_accs);
    for (int i = 0; i < m_n; ++i) {
        m_preds[i] = m_model.predecessors(i);
        for (int p : m_preds[i])
            m_lastUse[p] = std::max(m_lastUse[p], i);
    }
    for (int p = 0; p < m_n; ++p) {
        if (m_lastUse[p] < 0)
            continue;
        for (int from = 0; from < m_accs; ++from)
            for (int to = 0; to < m_accs; ++to)
                if (from != to)
                    m_transfer.cost[(size_t(p) * m_accs + from) * m_accs + to]
                        = m_table.transfer(from, to, transferBytes(m_model, p));
    }
    // Each placement's seconds and joules, summed once: the search reads them per state.
    m_layerCost.resize(size_t(m_n) * m_accs);
    for (int i = 0; i < m_n; ++i)
        for (int a = 0; a < m_accs; ++a)
            m_layerCost[size_t(i) * m_accs + a]
                = { m_table.at(i, a).seconds, m_table.at(i, a).energy.total() };
    m_pos.assign(m_n, -1);
    m_restT.assign(size_t(m_n) + 1, 0);
    m_restE.assign(size_t(m_n) + 1, 0);
    for (int i = m_n - 1; i >= 0; --i) {
        double t = std::numeric_limits<double>::infinity(), e = t;
        for (int a = 0; a < m_accs; ++a)
            if (m_table.runnable(i, a)) {
                t = std::min(t, m_table.at(i, a).seconds);
                e = std::min(e, m_table.at(i, a).energy.total());
            }
        m_restT[i] = m_restT[i + 1] + (std::isfinite(t) ? t : 0);
        m_restE[i] = m_restE[i + 1] + (std::isfinite(e) ? e : 0);
    }
}

// A label of the current layer whose EDP cannot end under the bound, even if every later layer
// ran at its cheapest with no transfer. The slack covers summation order.
bool Search::beyondBound(const Label& l) const
{
    if (m_options.edpBound <= 0)
        return false;
    const size_t next = size_t(m_layer) + 1;
    return (l.t + m_restT[next]) * (l.e + m_restE[next]) > m_options.edpBound * (1 + 1e-9);
}

bool Search::better(const Label& a, const Label& b) const
{
    double sa = score(a), sb = score(b);
    if (sa != sb)
        return sa < sb;
    return a.t / m_latencyScale + a.e / m_energyScale < b.t / m_latencyScale + b.e / m_energyScale;
}

// Which live tensors survive layer i, and the key length of the states after it.
void Search::prepareStep(int i)
{
    for (size_t q = 0; q < m_live.size(); ++q)
        m_pos[m_live[q]] = int(q);
    m_kept.clear();
    for (size_t q = 0; q < m_live.size(); ++q)
        if (m_lastUse[m_live[q]] > i)
            m_kept.push_back(q);
    m_nextLive.clear();
    for (size_t q : m_kept)
        m_nextLive.push_back(m_live[q]);
    if (m_lastUse[i] > i)
        m_nextLive.push_back(i);
    m_next.reset(2 * m_nextLive.size());
    m_index.reset(m_states.count * size_t(m_accs));
}

// Cost of placing layer i on accelerator a from `state`; the state after it in m_nextKey.
TransferCost Search::transition(int i, std::string_view state, int a)
{
    m_cur.assign(state);
    TransferCost cost = m_layerCost[size_t(i) * m_accs + a];
    for (int p : m_preds[i]) {
        size_t q = 2 * size_t(m_pos[p]);
        int from = m_cur[q];
        unsigned sent = static_cast<unsigned char>(m_cur[q + 1]);
        if (from == a || (sent >> a & 1u))
            continue; // already there
        m_cur[q + 1] = char(sent | (1u << a));
        cost.seconds += m_transfer.at(p, from, a).seconds;
        cost.joules += m_transfer.at(p, from, a).joules;
    }
    m_nextKey.clear();
    for (size_t q : m_kept)
        m_nextKey.append(m_cur, 2 * q, 2);
    if (m_lastUse[i] > i) { // i's output is live: produced on a, sent nowhere yet
        m_nextKey.push_back(char(a));
        m_nextKey.push_back(0);
    }
    return cost;
}

// The labels of state s moved by `cost` into a next state: on a Pareto search merged into its
// front, else only the best one is kept.
void Search::extend(
    LabelSet& into, bool added, const LabelSet& from, int s, TransferCost cost, int a)
{
    if (m_options.paretoFront)
        return mergeFront(into, from, s, cost, a);
    for (int l = 0; l < int(from.size()); ++l) {
        Label label { from[l].t + cost.seconds, from[l].e + cost.joules, s, l, a };
        if (added || better(label, into[0])) {
            into.assign(1, label);
            added = false;
        }
    }
}

// Both fronts are sorted by latency with falling energy (shifting one by a cost keeps it so),
// so one merge pass keeps exactly the undominated labels; of two equal ones, the earlier.
void Search::mergeFront(LabelSet& into, const LabelSet& from, int s, TransferCost cost, int a)
{
    m_merged.clear();
    double bestE = std::numeric_limits<double>::infinity();
    auto keep = [&](const Label& l) {
        if (l.e >= bestE)
            return;
        // Two labels of one front can round to the same latency once shifted by a transition:
        // the later one has less energy and dominates.
        if (!m_merged.empty() && m_merged.back().t == l.t)
            m_merged.back() = l;
        else
            m_merged.push_back(l);
        bestE = l.e;
    };
    size_t i = 0;
    for (int j = 0; j < int(from.size()); ++j) {
        Label b { from[j].t + cost.seconds, from[j].e + cost.joules, s, j, a };
        if (beyondBound(b))
            continue;
        while (i < into.size() && (into[i].t < b.t || (into[i].t == b.t && into[i].e <= b.e)))
            keep(into[i++]);
        keep(b);
    }
    while (i < into.size())
        keep(into[i++]);
    into.swap(m_merged);
}

void Search::step(int i)
{
    prepareStep(i);
    m_layer = i;
    bool runsSomewhere = false;
    for (int a = 0; a < m_accs; ++a)
        runsSomewhere |= m_table.runnable(i, a);
    if (!runsSomewhere)
        throw MensaError("",
            "layer '" + m_model.layers[i].name + "' cannot run on any accelerator of the system");
    for (int s = 0; s < int(m_states.count); ++s) {
        if (m_states.labels[size_t(s)].empty())
            continue; // every label was beyond the EDP bound
        for (int a = 0; a < m_accs; ++a) {
            if (!m_table.runnable(i, a))
                continue;
            TransferCost added = transition(i, m_states.key(size_t(s)), a);
            bool isNew = false;
            int next = m_index.findOrAppend(m_next, m_nextKey, isNew);
            extend(m_next.labels[size_t(next)], isNew, m_states.labels[size_t(s)], s, added, a);
        }
    }
}

// The merged fronts are already sorted and undominated: only their size is capped.
void Search::pruneLabels(LabelSet& labels, size_t cap)
{
    if (labels.size() > cap) {
        m_exact = false;
        labels = thinFront(labels, cap);
    }
}

// The ordering of the beam and of the leading state: the objective's score, or on a Pareto
// search the equal-weight sum of both scaled counts.
double Search::rank(const Label& l) const
{
    return m_options.paretoFront ? l.t / m_latencyScale + l.e / m_energyScale : score(l);
}

// The next state holding the lowest-ranked label.
size_t Search::leadingState() const
{
    size_t lead = 0;
    double best = std::numeric_limits<double>::infinity();
    for (size_t s = 0; s < m_next.count; ++s)
        for (const Label& l : m_next.labels[s])
            if (rank(l) < best)
                best = rank(l), lead = s;
    return lead;
}

// Per live tensor of the leading state, the most it may still pay to send it on: once to
// every accelerator it is not on yet.
void Search::prepareSendBounds(size_t lead)
{
    const std::string_view key = m_next.key(lead);
    m_sendBound.assign(m_nextLive.size(), TransferCost {});
    for (size_t q = 0; q < m_nextLive.size(); ++q) {
        const int from = key[2 * q];
        const unsigned sent = static_cast<unsigned char>(key[2 * q + 1]);
        for (int a = 0; a < m_accs; ++a)
            if (a != from && !(sent >> a & 1u)) {
                m_sendBound[q].seconds += m_transfer.at(m_nextLive[q], from, a).seconds;
                m_sendBound[q].joules += m_transfer.at(m_nextLive[q], from, a).joules;
            }
    }
}

// What the leading state may pay beyond another for the same later choices: the send bounds of
// the tensors the two hold differently (tensors held alike cost both the same).
TransferCost Search::sendBound(std::string_view lead, std::string_view other) const
{
    TransferCost bound;
    for (size_t q = 0; q < m_nextLive.size(); ++q)
        if (lead[2 * q] != other[2 * q] || lead[2 * q + 1] != other[2 * q + 1]) {
            bound.seconds += m_sendBound[q].seconds;
            bound.joules += m_sendBound[q].joules;
        }
    return bound;
}

// Removes the labels a leading label beats even after paying `slack` more: on the objective's
// score, or on a Pareto search on both seconds and joules. Strictly, by a relative margin over
// rounding, so that no tie the search would break otherwise is decided here.
void Search::dropBeaten(LabelSet& labels, const LabelSet& lead, TransferCost slack) const
{
    constexpr double kKeep = 1 - 1e-9;
    if (!m_options.paretoFront) {
        const Label& l = lead.front();
        if (!labels.empty()
            && score({ l.t + slack.seconds, l.e + slack.joules }) < score(labels.front()) * kKeep)
            labels.clear();
        return;
    }
    // Both fronts run by rising latency and falling energy: one pass, with the least energy
    // among the leading labels fast enough so far.
    size_t j = 0, out = 0;
    double leastE = std::numeric_limits<double>::infinity();
    for (const Label& l : labels) {
        while (j < lead.size() && lead[j].t + slack.seconds < l.t * kKeep)
            leastE = std::min(leastE, lead[j++].e);
        if (!(leastE + slack.joules < l.e * kKeep))
            labels[out++] = l;
    }
    labels.resize(out);
}

// Drops what cannot end best, exactly: from the leading state, any choice of the later layers
// costs at most sendBound more than the same choices from another state, so a label of that
// state beaten by a leading label by more than that never leads to the optimum (or onto the
// front). States left without labels go. Long-lived branch outputs (detection heads) would
// otherwise multiply the states by the places each could be.
void Search::dropDominated()
{
    if (m_next.count < 2)
        return;
    const size_t lead = leadingState();
    prepareSendBounds(lead);
    m_survivors.clear();
    for (size_t s = 0; s < m_next.count; ++s) {
        if (s != lead && !m_next.labels[lead].empty())
            dropBeaten(
                m_next.labels[s], m_next.labels[lead], sendBound(m_next.key(lead), m_next.key(s)));
        if (!m_next.labels[s].empty())
            m_survivors.push_back(s);
    }
    compactStates(m_survivors);
}

// Beyond maxStates, keeps the states whose best label ranks lowest, in their original order.
void Search::pruneStates()
{
    if (m_next.count <= m_options.maxStates)
        return;
    m_exact = false;
    std::vector<double> rank(m_next.count);
    for (size_t s = 0; s < rank.size(); ++s) {
        rank[s] = std::numeric_limits<double>::infinity();
        for (const Label& l : m_next.labels[s])
            rank[s] = std::min(rank[s], this->rank(l));
    }
    std::vector<size_t> order(rank.size());
    std::iota(order.begin(), order.end(), 0);
    // The maxStates lowest by rank, ties to the earlier state: a selection, not a full sort.
    const auto keep = order.begin() + std::ptrdiff_t(m_options.maxStates);
    std::nth_element(order.begin(), keep, order.end(),
        [&](size_t a, size_t b) { return rank[a] < rank[b] || (rank[a] == rank[b] && a < b); });
    std::vector<char> kept(rank.size(), 0);
    for (auto it = order.begin(); it != keep; ++it)
        kept[*it] = 1;
    order.clear(); // the kept states, in their original order
    for (size_t st = 0; st < kept.size(); ++st)
        if (kept[st])
            order.push_back(st);
    compactStates(order);
}

// Keeps the next states listed (ascending indices), in their order.
void Search::compactStates(const std::vector<size_t>& kept)
{
    // Ascending source indices: compacting in place never overwrites a state still to move.
    for (size_t k = 0; k < kept.size(); ++k) {
        size_t s = kept[k];
        if (s == k)
            continue;
        std::memcpy(m_next.keys.data() + k * m_next.stride, m_next.keys.data() + s * m_next.stride,
            m_next.stride);
        std::swap(m_next.labels[k], m_next.labels[s]);
    }
    m_next.count = kept.size();
    m_next.keys.resize(m_next.count * m_next.stride);
}

void Search::record(bool last)
{
    StepHistory h;
    h.offset.reserve(m_states.count + 1);
    size_t labels = 0; // sized once: growing it by doubling was 2.5% of a 200-layer run
    for (size_t s = 0; s < m_states.count; ++s)
        labels += m_states.labels[s].size();
    h.backs.reserve(labels);
    for (size_t s = 0; s < m_states.count; ++s) {
        h.offset.push_back(uint32_t(h.backs.size()));
        for (const Label& l : m_states.labels[s])
            h.backs.push_back(Back { l.prevState, uint16_t(l.prevLabel), uint8_t(l.acc) });
    }
    h.offset.push_back(uint32_t(h.backs.size()));
    if (last && m_states.count > 0)
        for (const Label& l : m_states.labels[0]) {
            h.finalT.push_back(l.t);
            h.finalE.push_back(l.e);
        }
    m_history.push_back(std::move(h));
}

Mapping Search::backtrack(int labelIndex) const
{
    Mapping m;
    m.assignment.assign(m_n, 0);
    m.latency = m_history[m_n].finalT[labelIndex];
    m.energy = m_history[m_n].finalE[labelIndex];
    int s = 0, l = labelIndex;
    for (int i = m_n - 1; i >= 0; --i) {
        const StepHistory& h = m_history[i + 1];
        const Back& cur = h.backs[h.offset[s] + l];
        m.assignment[i] = cur.acc;
        s = cur.prevState;
        l = cur.prevLabel;
    }
    return m;
}

SearchResult Search::run()
{
    m_states.reset(0);
    m_states.append({});
    m_states.labels[0].push_back(Label {});
    m_history.reserve(m_n + 1);
    record(m_n == 0);
    for (int i = 0; i < m_n; ++i) {
        step(i);
        dropDominated();
        pruneStates();
        if (m_options.paretoFront) {
            size_t perState = std::max<size_t>(
                2, m_options.maxLabelsPerLayer / std::max<size_t>(1, m_next.count));
            size_t cap = std::clamp<size_t>(std::min(m_options.maxLabels, perState), 2, 65535);
            for (size_t s = 0; s < m_next.count; ++s)
                pruneLabels(m_next.labels[s], cap);
        }
        m_peakStates = std::max(m_peakStates, m_next.count);
        std::erase_if(m_live, [&](int p) { return m_lastUse[p] <= i; });
        if (m_lastUse[i] > i)
            m_live.push_back(i);
        std::swap(m_states, m_next);
        record(i == m_n - 1);
    }
    SearchResult result;
    for (int l = 0; m_states.count > 0 && l < int(m_states.labels[0].size()); ++l)
        result.mappings.push_back(backtrack(l));
    result.exact = m_exact;
    result.peakStates = m_peakStates;
    result.latencyScale = m_latencyScale;
    result.energyScale = m_energyScale;
    return result;
}

} // namespace

std::vector<AssignmentCost> singleAcceleratorCosts(const Model& model, const CostTable& table)
{
    std::vector<AssignmentCost> costs;
    for (int a = 0; a < table.acceleratorCount(); ++a)
        costs.push_back(evaluateAssignment(model, table, std::vector<int>(table.layerCount(), a)));
    return costs;
}

std::pair<double, double> singleAcceleratorScales(const Model& model, const CostTable& table)
{
    const double inf = std::numeric_limits<double>::infinity();
    double latency = inf, energy = inf;
    for (const AssignmentCost& c : singleAcceleratorCosts(model, table))
        if (c.feasible) {
            latency = std::min(latency, c.latency);
            energy = std::min(energy, c.energy);
        }
    if (latency == inf) { // no accelerator runs every layer: per-layer minima instead
        latency = energy = 0;
        for (int i = 0; i < table.layerCount(); ++i) {
            double t = inf, e = inf;
            for (int a = 0; a < table.acceleratorCount(); ++a)
                if (table.runnable(i, a)) {
                    t = std::min(t, table.at(i, a).seconds);
                    e = std::min(e, table.at(i, a).energy.total());
                }
            latency += t == inf ? 0 : t;
            energy += e == inf ? 0 : e;
        }
    }
    auto positive = [](double v) { return v > 0 && std::isfinite(v) ? v : 1.0; };
    return { positive(latency), positive(energy) };
}

SearchResult searchAssignments(
    const Model& model, const CostTable& table, const SearchOptions& options)
{
    table.validate(model);
    if (table.layerCount() == 0)
        return SearchResult { { Mapping {} }, true, 0, 1, 1 };
    return Search(model, table, options).run();
}

std::string layerCounts(const Mapping& m, const std::vector<std::string>& names)
{
    std::vector<int> counts(names.size(), 0);
    for (int a : m.assignment)
        ++counts.at(a);
    std::string out;
    for (size_t a = 0; a < names.size(); ++a)
        if (counts[a])
            out += (out.empty() ? "" : " ") + names[a] + ":" + std::to_string(counts[a]);
    return out;
}

} // namespace mensa
