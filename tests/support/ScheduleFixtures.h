#pragma once
// Small models and cost tables for scheduler tests: fake costs drawn from a fixed seed,
// plus exhaustive search as the reference the schedulers are checked against.

#include "cost/Objective.h"
#include "model/Model.h"
#include "schedule/AssignmentSearch.h"
#include "schedule/CostTable.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace mensa::test {

// A model whose layer i reads the outputs of edges[i] (producer indices < i; empty: graph input).
inline Model makeGraph(const std::vector<std::vector<int>>& edges, uint64_t seed = 1)
{
    std::mt19937_64 rng(seed);
    Model model;
    model.name = "graph";
    for (int i = 0; i < int(edges.size()); ++i) {
        Layer layer;
        layer.name = "layer" + std::to_string(i);
        layer.kind = LayerKind::Conv;
        for (int p : edges[i])
            layer.inputs.push_back("t" + std::to_string(p));
        if (edges[i].empty())
            layer.inputs.push_back("input");
        layer.outputs = { "t" + std::to_string(i) };
        layer.metrics.outputActBytes = 1000 + int64_t(rng() % 200000);
        layer.metrics.macs = 1000 + int64_t(rng() % 1000000);
        model.layers.push_back(layer);
    }
    model.graphInputs = { "input" };
    model.graphOutputs = { "t" + std::to_string(edges.size() - 1) };
    model.rebuildIndex();
    return model;
}

inline Model makeChain(int n, uint64_t seed = 1)
{
    std::vector<std::vector<int>> edges(n);
    for (int i = 1; i < n; ++i)
        edges[i] = { i - 1 };
    return makeGraph(edges, seed);
}

// Branches and skip connections: a residual block, a two-way split that joins, a long skip.
inline Model makeDag(uint64_t seed = 1)
{
    return makeGraph(
        { {}, { 0 }, { 1 }, { 1, 2 }, { 3 }, { 3 }, { 4, 5 }, { 6 }, { 0, 7 }, { 8 } }, seed);
}

// A random DAG of n layers: each reads one to three distinct earlier layers.
inline Model makeRandomDag(int n, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> edges(n);
    for (int i = 1; i < n; ++i) {
        int fanIn = 1 + int(rng() % 3);
        for (int k = 0; k < fanIn; ++k) {
            int p = int(rng() % i);
            if (std::find(edges[i].begin(), edges[i].end(), p) == edges[i].end())
                edges[i].push_back(p);
        }
    }
    return makeGraph(edges, seed);
}

// Random per-layer costs on `accs` accelerators (each favours some layers), and links whose
// price differs per pair unless uniformLinks.
inline CostTable randomTable(const Model& model, int accs, uint64_t seed, bool uniformLinks = false)
{
    std::mt19937_64 rng(seed);
    auto uniform
        = [&](double lo, double hi) { return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53; };
    CostTable t;
    t.systemName = "fake";
    for (int a = 0; a < accs; ++a)
        t.acceleratorNames.push_back("acc" + std::to_string(a));
    for (size_t i = 0; i < model.layers.size(); ++i) {
        std::vector<LayerCost> row(accs);
        for (auto& c : row) {
            c.seconds = uniform(1e-4, 1e-3);
            c.energy[EnergyComponent::Mac] = uniform(1e-4, 1e-3);
            c.energy[EnergyComponent::Static] = uniform(0, 2e-4);
        }
        t.addRow(row);
    }
    std::vector<double> bw(accs * accs), lat(accs * accs), jpb(accs * accs);
    for (int k = 0; k < accs * accs; ++k) {
        bw[k] = uniformLinks ? 1e9 : uniform(2e8, 4e9);
        lat[k] = uniformLinks ? 2e-5 : uniform(0, 1e-4);
        jpb[k] = uniformLinks ? 1e-9 : uniform(1e-10, 4e-9);
    }
    t.transfer = [=](int from, int to, double bytes) {
        int k = from * accs + to;
        return TransferCost { lat[k] + bytes / bw[k], bytes * jpb[k] };
    };
    for (int a = 0; a < accs; ++a)
        for (int b = 0; b < accs; ++b)
            if (a != b)
                t.linkNames.push_back("acc" + std::to_string(a) + "->acc" + std::to_string(b));
    t.linkIndex = [accs](int from, int to) { // all ordered pairs but 0->last: shared path
        if (from == 0 && to == accs - 1)
            return -1;
        int k = from * (accs - 1) + (to > from ? to - 1 : to);
        return k;
    };
    return t;
}

// Calls f for every assignment of layers to accelerators.
inline void forEachAssignment(
    int layers, int accs, const std::function<void(const std::vector<int>&)>& f)
{
    std::vector<int> a(layers, 0);
    while (true) {
        f(a);
        int i = 0;
        while (i < layers && ++a[i] == accs)
            a[i++] = 0;
        if (i == layers)
            return;
    }
}

// Objective value the way the schedulers define it (EDP: product; others: weighted sum).
inline double objectiveValue(
    const Objective& o, double latency, double energy, std::pair<double, double> scales)
{
    if (o.kind == Objective::Kind::Edp)
        return latency * energy;
    double w = o.latencyWeight();
    return w * latency / scales.first + (1 - w) * energy / scales.second;
}

inline double exhaustiveBest(const Model& model, const CostTable& table, const Objective& o)
{
    auto scales = singleAcceleratorScales(model, table);
    double best = std::numeric_limits<double>::infinity();
    forEachAssignment(table.layerCount(), table.acceleratorCount(), [&](const std::vector<int>& a) {
        AssignmentCost c = evaluateAssignment(model, table, a);
        if (c.feasible)
            best = std::min(best, objectiveValue(o, c.latency, c.energy, scales));
    });
    return best;
}

} // namespace mensa::test
