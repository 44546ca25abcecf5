#pragma once

#include "cost/SpecCostModel.h"

namespace mensa {

// Eyeriss v2-style row-stationary array. Each logical PE runs a 1-D convolution of one
// filter row over one input row (kernelW x outW MACs); the logical PEs of a layer
// (kernelH x outH x filters x channels x groups x batch) are folded onto the physical PEs,
// which the hierarchical-mesh NoC makes possible for any layer shape (depthwise and FC
// included). Bandwidth limits come from the NoC (weights bypass the global buffer and go
// from memory to the PE register files) and from memory. With sparsity enabled the PEs
// skip zeros: MACs and cycles scale with weight x activation density, and weights and
// activations move in a compressed format.
class RowStationaryCostModel : public SpecCostModel {
public:
    explicit RowStationaryCostModel(AcceleratorSpecPtr spec);

protected:
    ArrayMapping mapArray(const GemmShape& shape) const override;

private:
    double filtersPerPass(const GemmShape& g) const;
    double nocBandwidth() const;
};

} // namespace mensa
