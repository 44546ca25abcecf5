#include "analysis/RepeatedBlocks.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_map>

namespace mensa {

namespace {

constexpr int kMaxUnitBlocks = 8; // longest repeating unit, in blocks
constexpr int kMinGroupLayers = 4; // shorter runs stay ungrouped
constexpr size_t kSideInputConsumers = 8; // a tensor read this often is a side input (a mask)

// A stretch of layers between two cut points.
struct Block {
    int first = 0;
    int last = 0;
    int signature = 0; // equal signatures: equal structure
    std::vector<int> ops; // one operator token per layer
};

// A run of `count` equal units of `unit` blocks, starting at block `start`.
struct Run {
    int start = 0;
    int unit = 0;
    int count = 0;
};

class Interner {
public:
    int id(const std::string& key)
    {
        return m_ids.emplace(key, static_cast<int>(m_ids.size())).first->second;
    }

private:
    std::unordered_map<std::string, int> m_ids;
};

std::string opToken(const Layer& l)
{
    std::string token = l.opType + "/" + std::string(toString(l.kind));
    for (const auto& f : l.fusedOps)
        token += "+" + f;
    return token;
}

std::vector<std::vector<int>> earlierPredecessors(const Model& model)
{
    const int n = static_cast<int>(model.layers.size());
    std::vector<std::vector<int>> preds(n);
    for (int i = 0; i < n; ++i)
        for (int p : model.predecessors(i))
            if (p >= 0 && p < i)
                preds[i].push_back(p);
    return preds;
}

// Bit k set: the layer descends from the k-th outside input (the first 64 only).
std::vector<uint64_t> inputAncestry(const Model& model, const std::vector<std::vector<int>>& preds)
{
    std::unordered_map<std::string, int> inputBit;
    std::vector<uint64_t> ancestry(model.layers.size(), 0);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        for (const auto& name : model.layers[i].inputs) {
            const TensorInfo* t = model.tensor(name);
            if (model.producerOf(name) >= 0 || (t && t->isParameter))
                continue;
            const int bit = inputBit.emplace(name, static_cast<int>(inputBit.size())).first->second;
            if (bit < 64)
                ancestry[i] |= uint64_t(1) << bit;
        }
        for (int p : preds[i])
            ancestry[i] |= ancestry[p];
    }
    return ancestry;
}

// Layers that only prepare a side input (an attention mask from its own model input): they do
// not descend from the main input, the one most layers descend from.
std::vector<bool> sideLayers(const Model& model, const std::vector<std::vector<int>>& preds)
{
    const std::vector<uint64_t> ancestry = inputAncestry(model, preds);
    std::array<int, 64> descendants {};
    for (uint64_t bits : ancestry)
        for (int k = 0; k < 64; ++k)
            descendants[k] += (bits >> k) & 1;
    const uint64_t main = uint64_t(1)
        << (std::max_element(descendants.begin(), descendants.end()) - descendants.begin());
    std::vector<bool> side(ancestry.size());
    for (size_t i = 0; i < ancestry.size(); ++i)
        side[i] = ancestry[i] != 0 && !(ancestry[i] & main);
    return side;
}

// Block ranges: a cut follows layer i when no earlier layer (side inputs aside) is read
// after i, so that only layer i's output flows on.
std::vector<std::pair<int, int>> cutRanges(
    const std::vector<std::vector<int>>& preds, const std::vector<bool>& side)
{
    const int n = static_cast<int>(preds.size());
    std::vector<int> lastUse(n);
    std::iota(lastUse.begin(), lastUse.end(), 0);
    std::vector<size_t> consumers(n, 0);
    for (int i = 0; i < n; ++i)
        for (int p : preds[i])
            ++consumers[p];
    for (int i = 0; i < n; ++i)
        for (int p : preds[i])
            if (consumers[p] < kSideInputConsumers && !side[p])
                lastUse[p] = std::max(lastUse[p], i);
    std::vector<std::pair<int, int>> ranges;
    int start = 0, reach = -1;
    for (int i = 0; i < n; ++i) {
        if (reach <= i) {
            ranges.emplace_back(start, i);
            start = i + 1;
        }
        reach = std::max(reach, lastUse[i]);
    }
    return ranges;
}

// Operators, fused ops, output shapes and internal edges of layers first..last.
std::string blockKey(const Model& model, const std::vector<std::vector<int>>& preds, int first,
    int last, const std::vector<int>& ops)
{
    std::string key;
    for (int i = first; i <= last; ++i) {
        const LoopNest& n = model.layers[i].nest;
        key += std::to_string(ops[i - first]);
        for (int64_t v : { n.outChannels, n.groups, n.kernelH, n.kernelW, n.strideH, n.strideW,
                 n.dilationH, n.dilationW, n.outH, n.outW, n.steps })
            key += "," + std::to_string(v);
        key += "|";
        for (int p : preds[i])
            key += p >= first ? std::to_string(i - p) + "," : std::string("o,");
        key += ";";
    }
    return key;
}

std::vector<Block> makeBlocks(const Model& model, const std::vector<std::vector<int>>& preds)
{
    Interner keys, tokens;
    std::vector<Block> blocks;
    for (auto [first, last] : cutRanges(preds, sideLayers(model, preds))) {
        Block b;
        b.first = first;
        b.last = last;
        for (int i = first; i <= last; ++i)
            b.ops.push_back(tokens.id(opToken(model.layers[i])));
        b.signature = keys.id(blockKey(model, preds, first, last, b.ops));
        blocks.push_back(std::move(b));
    }
    return blocks;
}

bool sameUnit(const std::vector<Block>& blocks, int a, int b, int unit)
{
    for (int k = 0; k < unit; ++k)
        if (blocks[a + k].signature != blocks[b + k].signature)
            return false;
    return true;
}

int repeatsAt(const std::vector<Block>& blocks, int start, int unit)
{
    const int m = static_cast<int>(blocks.size());
    int count = 1;
    while (start + (count + 1) * unit <= m && sameUnit(blocks, start, start + count * unit, unit))
        ++count;
    return count;
}

// The longest run (in layers) starting at block `start`, shifted right as far as its unit
// still repeats, so that a run ends on a whole unit; count 0 when there is none.
Run bestRunAt(const std::vector<Block>& blocks, int start)
{
    const int m = static_cast<int>(blocks.size());
    Run best;
    int bestLayers = 0;
    for (int unit = 1; unit <= kMaxUnitBlocks && start + 2 * unit <= m; ++unit) {
        const int count = repeatsAt(blocks, start, unit);
        if (count < 2)
            continue;
        const int layers = blocks[start + count * unit - 1].last - blocks[start].first + 1;
        if (layers > bestLayers) {
            best = { start, unit, count };
            bestLayers = layers;
        }
    }
    if (best.count < 2 || bestLayers < kMinGroupLayers)
        return {};
    const int end = best.start + best.count * best.unit;
    int shift = 0;
    while (shift + 1 < best.unit && end + shift < m
        && blocks[end + shift].signature == blocks[best.start + shift].signature)
        ++shift;
    best.start += shift;
    return best;
}

int editDistance(const std::vector<int>& a, const std::vector<int>& b)
{
    std::vector<int> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (size_t j = 1; j <= b.size(); ++j) {
            const int up = row[j];
            row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1]) });
            diagonal = up;
        }
    }
    return row[b.size()];
}

// First block of a head (blocks floor..run.start-1, ungrouped) whose operators differ from
// one unit by at most one layer: a stage's first, downsampling block. run.start when none.
int headStart(const std::vector<Block>& blocks, const Run& run, int floor)
{
    std::vector<int> unitOps;
    for (int k = run.start; k < run.start + run.unit; ++k)
        unitOps.insert(unitOps.end(), blocks[k].ops.begin(), blocks[k].ops.end());
    if (unitOps.size() < 3)
        return run.start; // one or two layers: any neighbour would be "one layer off"
    std::vector<int> head;
    for (int j = run.start - 1; j >= floor; --j) {
        head.insert(head.begin(), blocks[j].ops.begin(), blocks[j].ops.end());
        if (head.size() > unitOps.size() + 1)
            break;
        if (head.size() + 1 >= unitOps.size() && editDistance(head, unitOps) <= 1)
            return j;
    }
    return run.start;
}

std::string blockName(
    const Model& model, const std::vector<std::vector<int>>& preds, int first, int last)
{
    int convs = 0, depthwise = 0, matmuls = 0, softmaxes = 0;
    bool merges = false;
    std::string recurrent;
    std::vector<std::string> opTypes;
    for (int i = first; i <= last; ++i) {
        const Layer& l = model.layers[i];
        convs += l.kind == LayerKind::Conv;
        depthwise += l.kind == LayerKind::DepthwiseConv;
        matmuls += l.kind == LayerKind::MatMul;
        softmaxes += l.kind == LayerKind::Softmax;
        merges = merges || (preds[i].size() >= 2 && l.kind == LayerKind::Elementwise);
        if (isRecurrent(l.kind) && recurrent.empty())
            recurrent = l.opType;
        if (std::find(opTypes.begin(), opTypes.end(), l.opType) == opTypes.end())
            opTypes.push_back(l.opType);
    }
    if (matmuls > 0 && softmaxes > 0)
        return merges ? "transformer layer" : "attention block";
    if (!recurrent.empty() && convs == 0 && depthwise == 0)
        return recurrent + " layer";
    if (merges && depthwise > 0)
        return "inverted-residual block";
    if (merges && convs == 3)
        return "bottleneck block";
    if (merges && convs > 0)
        return "residual block";
    if (depthwise > 0 && convs > 0)
        return "depthwise-separable block";
    std::string name;
    for (size_t k = 0; k < opTypes.size() && k < 3; ++k)
        name += (k ? "+" : "") + opTypes[k];
    return name + (opTypes.size() > 3 ? "+… block" : " block");
}

std::vector<std::string> nameParts(const std::string& name)
{
    std::vector<std::string> parts;
    std::string part;
    for (char c : name) {
        if (c == '/' || c == '.') {
            parts.push_back(part);
            part.clear();
        }
        else {
            part += c;
        }
    }
    parts.push_back(part); // the last part names the layer itself, never a level
    return parts;
}

// "layer3" for layers named /layer3/layer3.0/conv1/Conv ... /layer3/layer3.5/relu/Relu:
// the whole hierarchy levels all names share, repeated levels once; empty when none.
std::string commonLevels(const Model& model, int first, int last)
{
    std::vector<std::string> common = nameParts(model.layers[first].name);
    common.pop_back();
    for (int i = first + 1; i <= last && !common.empty(); ++i) {
        std::vector<std::string> parts = nameParts(model.layers[i].name);
        parts.pop_back();
        size_t k = 0;
        while (k < common.size() && k < parts.size() && common[k] == parts[k])
            ++k;
        common.resize(k);
    }
    std::string prefix;
    std::string previous;
    for (const auto& part : common) {
        if (part.empty() || part == previous)
            continue;
        prefix += (prefix.empty() ? "" : "/") + part;
        previous = part;
    }
    return prefix;
}

RepeatedGroup makeGroup(const Model& model, const std::vector<std::vector<int>>& preds,
    const std::vector<Block>& blocks, const Run& run, int head, int ordinal)
{
    RepeatedGroup g;
    g.firstLayer = blocks[head].first;
    g.lastLayer = blocks[run.start + run.count * run.unit - 1].last;
    if (head < run.start)
        g.blockStarts.push_back(g.firstLayer);
    for (int k = 0; k < run.count; ++k)
        g.blockStarts.push_back(blocks[run.start + k * run.unit].first);
    g.repeats = static_cast<int>(g.blockStarts.size());
    const int unitLast = blocks[run.start + run.unit - 1].last;
    g.blockName = blockName(model, preds, blocks[run.start].first, unitLast);
    for (int i = g.firstLayer; i <= g.lastLayer; ++i)
        g.macs += model.layers[i].metrics.macs;
    std::string where = commonLevels(model, g.firstLayer, g.lastLayer);
    if (where.empty())
        where = "stage " + std::to_string(ordinal);
    g.name = where + " \u00b7 " + std::to_string(g.repeats) + "x " + g.blockName;
    return g;
}

// Ends of the blocks (last layers) between first and last, ascending.
std::vector<int> blockEnds(const std::vector<std::pair<int, int>>& ranges, int first, int last)
{
    std::vector<int> ends;
    for (auto [begin, end] : ranges)
        if (begin >= first && end <= last)
            ends.push_back(end);
    return ends;
}

// Cuts layers first..last into pieces of about `size` layers, each ending on a block end
// when one lies within half a section of the target, else exactly at the target.
std::vector<std::pair<int, int>> sectionRanges(
    const std::vector<std::pair<int, int>>& ranges, int first, int last, int size)
{
    const std::vector<int> ends = blockEnds(ranges, first, last);
    std::vector<std::pair<int, int>> pieces;
    for (int start = first; start <= last;) {
        const int target = start + size - 1;
        if (last - start + 1 < size + size / 2) {
            pieces.emplace_back(start, last);
            break;
        }
        auto it = std::lower_bound(ends.begin(), ends.end(), target);
        int end = target;
        if (it != ends.end() && *it - target <= size / 2)
            end = *it;
        else if (it != ends.begin() && target - *std::prev(it) <= size / 2
            && *std::prev(it) >= start)
            end = *std::prev(it);
        pieces.emplace_back(start, end);
        start = end + 1;
    }
    return pieces;
}

RepeatedGroup makeSection(const Model& model, int first, int last, int ordinal)
{
    RepeatedGroup g;
    g.firstLayer = first;
    g.lastLayer = last;
    g.repeats = 1;
    g.blockStarts = { first };
    g.section = true;
    g.blockName = "section";
    for (int i = first; i <= last; ++i)
        g.macs += model.layers[i].metrics.macs;
    g.name = "section " + std::to_string(ordinal) + " \u00b7 layers " + std::to_string(first + 1)
        + "\u2013" + std::to_string(last + 1);
    return g;
}

} // namespace

RepeatedBlocks findRepeatedBlocks(const Model& model)
{
    RepeatedBlocks result;
    const int n = static_cast<int>(model.layers.size());
    result.groupOfLayer.assign(n, -1);
    if (n == 0)
        return result;
    const auto preds = earlierPredecessors(model);
    const std::vector<Block> blocks = makeBlocks(model, preds);
    const int m = static_cast<int>(blocks.size());
    int floor = 0; // blocks before this one belong to an earlier group
    for (int i = 0; i < m;) {
        Run run = bestRunAt(blocks, i);
        int head = run.start;
        if (run.count >= 2) {
            head = headStart(blocks, run, floor);
        }
        else { // a stage of two: one block after a head that differs by one layer
            run = { i, 1, 1 };
            head = headStart(blocks, run, floor);
            if (head == i) {
                ++i;
                continue;
            }
        }
        const int index = static_cast<int>(result.groups.size());
        result.groups.push_back(makeGroup(model, preds, blocks, run, head, index + 1));
        const RepeatedGroup& g = result.groups.back();
        std::fill(result.groupOfLayer.begin() + g.firstLayer,
            result.groupOfLayer.begin() + g.lastLayer + 1, index);
        i = floor = run.start + run.count * run.unit;
    }
    return result;
}

RepeatedBlocks findRepeatedBlocksAndSections(const Model& model, int sectionLayers)
{
    RepeatedBlocks found = findRepeatedBlocks(model);
    const int n = static_cast<int>(model.layers.size());
    if (sectionLayers < 2 || n <= sectionLayers)
        return found;
    const auto preds = earlierPredecessors(model);
    const auto ranges = cutRanges(preds, sideLayers(model, preds));
    RepeatedBlocks result;
    result.groupOfLayer.assign(n, -1);
    auto append = [&](RepeatedGroup g) {
        const int index = static_cast<int>(result.groups.size());
        std::fill(result.groupOfLayer.begin() + g.firstLayer,
            result.groupOfLayer.begin() + g.lastLayer + 1, index);
        result.groups.push_back(std::move(g));
    };
    int sections = 0;
    for (int i = 0, g = 0; i < n;) {
        const int next = g < static_cast<int>(found.groups.size()) ? found.groups[g].firstLayer : n;
        if (i < next) { // ungrouped layers i..next-1
            if (next - i > sectionLayers)
                for (auto [first, last] : sectionRanges(ranges, i, next - 1, sectionLayers))
                    append(makeSection(model, first, last, ++sections));
            i = next;
            continue;
        }
        append(found.groups[g]);
        i = found.groups[g++].lastLayer + 1;
    }
    return result;
}

} // namespace mensa
