#include "ExploreUsage.h"

namespace mensa::cli {

const char* exploreSummary()
{
    return "design-space exploration: Pareto front and best specs over a search space";
}

const char* exploreUsage()
{
    return "Usage: mensa explore SPACE.textproto [MODEL.onnx]... --out DIR\n"
           "                     [--search auto|exhaustive|blackbox|random] [--exhaustive]\n"
           "                     [--budget N] [--seed S] [--shard K/N] [--jobs N] [--no-figures]\n"
           "                     [--objective latency|energy|edp|weighted:W]\n"
           "                     [--input-shape NAME=1x3x224x224]... [--precision int8|fp16|fp32]\n"
           "       mensa explore merge OUTDIR SHARDDIR...\n\n"
           "Explores the design space of SPACE (a search-space file: a base spec, axes over its\n"
           "fields, constraints and objectives; docs/design-space-exploration.md) over the models\n"
           "of the file and the MODEL arguments. Every point is the base spec with the axis "
           "values\n"
           "applied; points the spec validator refuses are counted and never simulated; every\n"
           "model runs on each point under the mapping policy (--objective, default edp).\n"
           "Spaces of at most 20000 points are enumerated (or with --exhaustive); larger ones are\n"
           "searched by dlib's global optimiser, refined by NLopt's Subplex, for --budget points\n"
           "(default 500), minimising the space's first objective; --search random samples\n"
           "uniformly instead. --seed (default 1)\n"
           "makes a search repeatable. --jobs (default: the CPU count) evaluates an exhaustive\n"
           "search on that many threads; the output is the same for any number.\n"
           "Writes into DIR: points.csv (every simulated point, streamed), pareto.csv and\n"
           "pareto.json (the front over latency, energy and area of the points that meet the\n"
           "constraints), best_OBJECTIVE.textproto per objective (a spec for simulate --accel),\n"
           "sensitivity.csv (per axis value, the best first objective) and summary.json, and\n"
           "figures/pareto and figures/sensitivity as PDF, SVG, PNG and CSV (drawn by the figure\n"
           "renderer mensa-figures when it is built; --no-figures skips them).\n"
           "Area comes from the area model (docs/area-model.md).\n"
           "--shard K/N (1 <= K <= N) enumerates the points whose index is K-1 modulo N and "
           "writes\n"
           "points.csv and, last, shard.complete; `mensa explore merge OUTDIR SHARDDIR...` "
           "combines\n"
           "the N finished shards into exactly the files of the unsharded run.\n"
           "Exit codes: 0 ok, 1 cannot write, 2 bad arguments, space, model, or constraints that\n"
           "no point meets (then nothing is written).";
}

std::vector<std::string> exploreFlags()
{
    return { "exhaustive", "no-figures" };
}

} // namespace mensa::cli
