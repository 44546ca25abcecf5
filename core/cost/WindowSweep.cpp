#include "cost/WindowSweep.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace mensa {
namespace {

// Input elements of one channel the Sr tiles of a sweep read, summed over the tiles: with
// vertical reuse (each input row a tile spans once) and without (each output row's kernel rows).
struct PlaneReads {
    double vertical = 0, horizontal = 0;
    double widestTile = 0; // the largest vertical read of one tile (its band under OS and IS)
    double widestRow = 0; // the widest input row segment a tile reads
};

// Input positions [first, last] of one extent inside [0, extent): the rest is padding.
double inside(double first, double last, double extent)
{
    return std::max(0.0, std::min(last, extent - 1) - std::max(first, 0.0) + 1);
}

// Distinct input positions {first + r x stride + i x dilation : r < count, i < taps} inside
// [0, extent): the rows (or columns) `count` consecutive output rows (or pixels) read together.
// Adjacent taps of windows that overlap or touch make one run; dilated or gapped windows are
// marked one by one (rare layers, and a sweep's walk is memoised).
double positionsRead(
    double first, double count, double stride, double taps, double dilation, double extent)
{
    const double last = first + (count - 1) * stride + (taps - 1) * dilation;
    if (dilation == 1 && stride <= taps)
        return inside(first, last, extent);
    const double lo = std::max(0.0, first), hi = std::min(extent - 1, last);
    if (hi < lo)
        return 0;
    std::vector<char> seen(size_t(hi - lo + 1), 0);
    double n = 0;
    for (double r = 0; r < count; ++r)
        for (double i = 0; i < taps; ++i) {
            const double at = first + r * stride + i * dilation;
            if (at < lo || at > hi || seen[size_t(at - lo)])
                continue;
            seen[size_t(at - lo)] = 1;
            ++n;
        }
    return n;
}

// Input rows (or columns) one window spans: its taps, spaced by the dilation.
double windowSpan(double taps, double dilation)
{
    return (taps - 1) * dilation + 1;
}

// Padding before the first input row (or column): the overhang of the windows, split evenly
// with any odd one at the end (ONNX's SAME_UPPER).
double leadingPad(double outputs, double stride, double kernel, double extent)
{
    return std::max(0.0, std::floor(((outputs - 1) * stride + kernel - extent) / 2));
}

// The input rows and columns output pixels read, with the padding worked out once per sweep.
struct PlaneWalk {
    const GemmShape& g;
    const InputPlane& p = g.plane;
    const double top
        = leadingPad(g.outH, p.strideRows, windowSpan(p.kernelRows, p.dilationRows), p.rows);
    const double left
        = leadingPad(g.outW, p.strideCols, windowSpan(p.kernelCols, p.dilationCols), p.cols);
    const double image = g.outH * g.outW;

    // Real input rows output rows r0..r1 read together.
    double rowsOf(double r0, double r1) const
    {
        return positionsRead(r0 * p.strideRows - top, r1 - r0 + 1, p.strideRows, p.kernelRows,
            p.dilationRows, p.rows);
    }
    // Real input rows output rows r0..r1 read one by one: their kernel rows, less those in the
    // padding (only the first and last few output rows reach it).
    double rowsOneByOne(double r0, double r1) const
    {
        if (p.dilationRows > 1)
            return dilatedRowsOneByOne(r0, r1);
        double rows = (r1 - r0 + 1) * p.kernelRows;
        for (double r = r0; r <= r1 && r * p.strideRows < top; ++r)
            rows -= top - r * p.strideRows;
        const double last = p.rows - 1 + top - p.kernelRows + 1; // lowest window start inside
        for (double r = r1; r >= r0 && r * p.strideRows > last; --r)
            rows -= std::min(p.kernelRows, r * p.strideRows - last);
        return std::max(0.0, rows);
    }
    // The same with dilated taps: per output row, the taps whose input row is inside.
    double dilatedRowsOneByOne(double r0, double r1) const
    {
        const double d = p.dilationRows;
        double rows = 0;
        for (double r = r0; r <= r1; ++r) {
            const double start = r * p.strideRows - top; // the first tap's input row
            const double lo = std::max(0.0, std::ceil(-start / d));
            const double hi = std::min(p.kernelRows - 1, std::floor((p.rows - 1 - start) / d));
            rows += std::max(0.0, hi - lo + 1);
        }
        return rows;
    }
    // The output pixels [begin, end) of one image (row-major): a run inside one output row
    // reads only the columns its windows cover.
    void addSegment(double begin, double end, PlaneReads& reads, double& tile) const
    {
        const double r0 = std::floor(begin / g.outW), r1 = std::floor((end - 1) / g.outW);
        double width = p.cols;
        if (r0 == r1)
            width = positionsRead((begin - r0 * g.outW) * p.strideCols - left, end - begin,
                p.strideCols, p.kernelCols, p.dilationCols, p.cols);
        const double span = rowsOf(r0, r1);
        reads.vertical += span * width;
        reads.horizontal += rowsOneByOne(r0, r1) * width;
        reads.widestRow = std::max(reads.widestRow, width);
        tile += span * width;
    }
    // One Sr tile [begin, end) of the batch's output pixels, split at image boundaries.
    void addTile(double begin, double end, PlaneReads& reads) const
    {
        double tile = 0;
        for (double at = begin; at < end;) {
            const double imageStart = std::floor(at / image) * image;
            const double stop = std::min(end, imageStart + image);
            addSegment(at - imageStart, stop - imageStart, reads, tile);
            at = stop;
        }
        reads.widestTile = std::max(reads.widestTile, tile);
    }
};

// Every Sr tile of the sweep. The tiles repeat every lcm(image, tile) pixels, so a batch sums
// one period and scales it (exact: each period starts at an image and a tile boundary).
PlaneReads planeReads(const GemmShape& g, double srTile)
{
    const PlaneWalk walk { g };
    const auto period = double(std::lcm(int64_t(walk.image), int64_t(srTile)));
    const double periods = period < g.sr ? std::floor(g.sr / period) : 0;
    PlaneReads reads;
    for (double at = 0; periods > 0 && at < period; at += srTile)
        walk.addTile(at, at + srTile, reads);
    reads.vertical *= periods, reads.horizontal *= periods;
    for (double at = periods * period; at < g.sr; at += srTile)
        walk.addTile(at, std::min(g.sr, at + srTile), reads);
    return reads;
}

// planeReads of the last sweep walked on this thread: a layer's mappings (packed or not, each
// DRAM loop order) cut its Sr alike, and walking the tiles is most of a window sweep's cost.
PlaneReads lastPlaneReads(const GemmShape& g, double srTile)
{
    using Key = std::array<double, 12>;
    const InputPlane& p = g.plane;
    const Key key { g.sr, g.outH, g.outW, p.rows, p.cols, p.kernelRows, p.kernelCols, p.strideRows,
        p.strideCols, p.dilationRows, p.dilationCols, srTile };
    thread_local Key lastKey {}; // all zeros: no sweep (a real one has sr >= 1)
    thread_local PlaneReads last;
    if (key != lastKey) {
        last = planeReads(g, srTile);
        lastKey = key;
    }
    return last;
}

// Channels the T tiles of a sweep touch (T is channel-major, `taps` elements per channel),
// summed over the tiles, and the most one tile touches.
struct ChannelTouches {
    double total = 0, most = 0;
};

ChannelTouches channelTouches(double t, double taps, double tTile)
{
    ChannelTouches c;
    for (double a = 0; a < t; a += tTile) {
        const double b = std::min(t, a + tTile);
        const double touched = std::floor((b - 1) / taps) - std::floor(a / taps) + 1;
        c.total += touched;
        c.most = std::max(c.most, touched);
    }
    return c;
}

} // namespace

WindowSweep windowSweep(const GemmShape& g, const WindowTiling& tiling, double capacityBytes)
{
    const double b = g.bytesPerElement;
    WindowSweep w { "bypassed", g.sr * g.t * b, g.sr * g.t * b, 0 };
    const double taps = g.kernelH * g.kernelW;
    const InputPlane& p = g.plane;
    if (p.rows <= 0 || (taps == 1 && p.kernelRows == 1 && p.kernelCols == 1))
        return w; // a matrix product or a 1x1 convolution: every im2col element is one input
    const PlaneReads plane = lastPlaneReads(g, tiling.srTile);
    const ChannelTouches ch = channelTouches(g.t, taps, tiling.tTile);
    const double inFlight = tiling.oneChannelInFlight ? 1 : ch.most * tiling.groupsInFlight;
    // Weight stationary slides a band of the window's rows (all it spans, when dilated).
    const double band = tiling.slidingBand
        ? std::min(p.rows, windowSpan(p.kernelRows, p.dilationRows)) * p.cols
        : plane.widestTile;
    const double vertical = plane.vertical * ch.total * b;
    const double horizontal = plane.horizontal * ch.total * b;
    if (band * inFlight * b <= capacityBytes && vertical < w.im2colBytes)
        return { "rows and columns", vertical, w.im2colBytes, band * inFlight * b };
    if (plane.widestRow * inFlight * b <= capacityBytes && horizontal < w.im2colBytes)
        return { "columns only", horizontal, w.im2colBytes, plane.widestRow * inFlight * b };
    return w;
}

} // namespace mensa
