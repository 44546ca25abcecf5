#pragma once

#include "model/Model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mensa {

// A run of consecutive layers (topological order) made of one block structure repeated,
// e.g. the six bottleneck blocks of ResNet-50's third stage. Drawn as one node when collapsed.
struct RepeatedGroup {
    std::string name; // "stage 3 · 6x bottleneck block" or "layer3 · 6x bottleneck block"
    std::string blockName; // "bottleneck block"
    int firstLayer = 0; // the group holds layers firstLayer..lastLayer, inclusive
    int lastLayer = 0;
    int repeats = 0; // blocks in the group (the first may differ by one layer: a stage head)
    std::vector<int> blockStarts; // first layer of each block, ascending
    int64_t macs = 0; // over all layers of the group
    bool section = false; // a stretch of distinct layers cut to keep a big graph small

    int layerCount() const { return lastLayer - firstLayer + 1; }
    bool contains(int layer) const { return layer >= firstLayer && layer <= lastLayer; }
};

struct RepeatedBlocks {
    std::vector<RepeatedGroup> groups; // disjoint, in layer order
    std::vector<int> groupOfLayer; // group index per layer, -1 when the layer is in no group
};

// Finds repeated blocks in a model's layer graph and groups each run of them.
// Blocks are the stretches between single-tensor cut points (only one layer's output flows
// past the cut); two blocks repeat when their layers have the same operators, fused ops,
// output shapes and internal edges. A run of at least two equal blocks (four layers or more)
// becomes a group; the blocks just before it that differ from one of them by at most one
// layer (a stage's downsampling head) join it, and such a head with one block is a group
// too. Names use a common hierarchical layer-name prefix ("/layer3/...") when the layers
// share one, else "stage N". Deterministic; a chain of distinct layers yields no group.
RepeatedBlocks findRepeatedBlocks(const Model& model);

// findRepeatedBlocks, then every stretch of ungrouped layers longer than `sectionLayers` is cut
// into sections of about that many layers (at block boundaries where the graph has them), so
// that a big model without repeats still collapses to a few hundred nodes. Sections are groups
// with `section` set, one block each, named "section N · layers A–B" (1-based layer numbers).
RepeatedBlocks findRepeatedBlocksAndSections(const Model& model, int sectionLayers);

} // namespace mensa
