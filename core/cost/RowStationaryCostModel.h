#pragma once

#include "cost/SpecCostModel.h"

namespace mensa {

// Eyeriss v2-style row-stationary array. Each logical PE runs a 1-D convolution of one
// filter row over one input row (kernelW x outW MACs). A PE set holds a tile of the kernel
// rows x output rows; as many sets as fit the physical PEs run side by side, each on one
// (filter, channel, group, image) item, which the hierarchical-mesh NoC allows for any layer
// shape (depthwise and FC included). A layer's legal mappings are its set shapes (the last
// tile of a dimension may be partial, which is where integral folding loses PEs); those no
// other beats on passes, sets per pass and kernel-row splits are costed, each with its best
// sharing, and the objective picks one (fewest passes is the latency choice).
// Around the sets, the sets of a pass and the filter rows of a PE split between filters (sharing
// an input fetch) and channels (adding partial sums in the array); partial sums of further channel
// blocks and of kernel rows split over passes round-trip through the global buffer
// (chooseSharing). Bandwidth limits come from the NoC (weights bypass the global buffer and go
// from memory to the PE register files) and from memory. With sparsity enabled the PEs skip zeros:
// MACs and cycles scale with weight x activation density, and weights and activations move in a
// compressed format.
class RowStationaryCostModel : public SpecCostModel {
public:
    explicit RowStationaryCostModel(AcceleratorSpecPtr spec);

protected:
    // One mapping per candidate PE-set shape, fewest passes first.
    void mapArray(const GemmShape& shape, std::vector<ArrayMapping>& mappings) const override;

private:
    // One legal PE-set shape and the passes it needs over the layer's items.
    struct PeSets {
        double kernelRows = 1, outputRows = 1, sets = 1, passes = 0;
        double rowSplits = 1; // ceil(kernel height / kernelRows)
    };
    // The set shapes no other beats on passes, sets per pass and kernel-row splits (the
    // three things a mapping's cycles and buffer bytes depend on), in preference order, into
    // `kept` (cleared first).
    void peSetCandidates(const GemmShape& g, double items, std::vector<PeSets>& kept) const;
    ArrayMapping mapSets(const GemmShape& g, const PeSets& sets) const;
    // How the sets of a pass and the filter rows a PE holds share data: filterSets x filtersPerPe
    // filters reuse one fetch of an input row; channelSets x channelsPerPe channels of an output
    // add up before its partial sums go back to the buffer.
    struct Sharing {
        double filterSets = 1, channelSets = 1, filtersPerPe = 1, channelsPerPe = 1;
        double inputFetches = 1, psumSpills = 0, bufferBytes = 0;
    };
    struct SharingSearch; // the exact, pruned search behind chooseSharing
    Sharing chooseSharing(
        const GemmShape& g, const PeSets& sets, double inputs, double outputs) const;
    // Activation bytes read from and written to the global buffer.
    struct BufferBytes {
        double reads = 0, writes = 0;
    };
    BufferBytes leastBufferTraffic(const GemmShape& g, const PeSets& sets, double perPe) const;
    double rowsPerPe(const GemmShape& g) const;
    double weightBytes(const GemmShape& g) const;
    double weightDeliveries(const GemmShape& g) const;
    double nocBandwidth() const;
};

} // namespace mensa
