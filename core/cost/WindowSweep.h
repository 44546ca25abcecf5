#pragma once

#include "cost/SpecCostModel.h"

#include <string_view>

namespace mensa {

// How a systolic array cuts one sweep over a convolution's im2col inputs into tiles: the
// output pixels of an Sr tile (the whole Sr when Sr is streamed), the T elements of a T tile
// (the whole T when T is streamed or groups are packed), and what stays in flight.
struct WindowTiling {
    double srTile = 1;
    double tTile = 1;
    bool slidingBand = false; // Sr streamed (weight stationary): a band of kernel rows slides down
    bool oneChannelInFlight = false; // T streamed channel by channel (output stationary)
    double groupsInFlight = 1; // groups packed side by side on the array's T (rows)
};

// One sweep (one fetch of the whole input operand, per group and step) through a window buffer.
struct WindowSweep {
    std::string_view reuse; // "rows and columns", "columns only" or "bypassed"
    double storeBytes = 0; // real input bytes the activation store gives the window buffer
    double im2colBytes = 0; // bytes the array reads (Sr x T elements)
    double bandBytes = 0; // what the window buffer must hold for that reuse (0: bypassed)
    bool bypassed() const { return bandBytes == 0; }
};

// The window buffer's reuse of a layer's inputs: each input row of a channel is read from the
// activation store once per (Sr tile, T tile) it feeds ("rows and columns": the band of rows the
// tiles in flight span fits), else once per output row it feeds ("columns only": one input row
// of each channel in flight fits), else the layer bypasses the window buffer, as does a layer
// whose real inputs are no fewer than its im2col inputs (1x1 convolutions, matrix products).
WindowSweep windowSweep(const GemmShape& shape, const WindowTiling& tiling, double capacityBytes);

} // namespace mensa
