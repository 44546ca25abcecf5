#include "FiguresUsage.h"

namespace mensa::cli {

const char* figuresUsage()
{
    return R"(Usage: mensa figures MODEL.onnx... --out DIR [--accel NAME|SPEC]... [--format pdf,svg,png,csv]
                     [--figures NAME,...] [--size single|double|slide|WxH[in|cm|mm]] [--dpi N]
                     [--font-size PT] [--input-shape NAME=1x3x224x224]...
                     [--precision int8|fp16|fp32] [--objective latency|energy|edp|weighted:W]

Writes publication figures and the data behind them into DIR, one file per figure and format:
  energy_<model>          energy breakdown by component (MAC, register file, buffers, NoC,
                          off-chip + DRAM, static) of each design
  gantt_<model>_<design>  per-layer schedule on the first multi-accelerator design (Mensa):
                          the same run as every other figure, table and view shows
  gantt_pipeit_<model>_<design>  Pipe-it pipeline in steady state on a design of CPU clusters
                          (hikey970): stages, core groups, several inferences overlapping
  roofline_<accelerator>  roofline of each accelerator with the layers it runs
  comparison              throughput, energy efficiency and utilization normalised to the first
                          design, per model plus geomean, with the paper-reported Mensa ratios
  comparison_vs_<design>  the same, normalised to each further single-accelerator design
  scatter_params_flopb    parameter footprint against FLOP/B of every layer, coloured by cluster
  clusters                layer clusters: share per model and silhouette per layer
--accel takes built-in designs (edge_tpu, eyeriss_v2, mensa) or spec files, repeated or comma
separated (default: edge_tpu,eyeriss_v2,mensa). --figures keeps the figures whose names start
with one of the given prefixes (e.g. energy,gantt). --size is the figure size: single (one
column, 3.33x2.5 in), double (7x3.5 in), slide (16:9, 10x5.625 in) or WxH (inches unless a unit
is given); default: each figure's own size. Text keeps its point size at any size: --font-size
sets the axis labels (default 9 pt; ticks and legends in proportion). --dpi applies to PNG
(default 300). Every CSV starts with "# " lines: the mapping policy, the tool version and each
design's spec file with the SHA-256 of its text. --objective is what the mapping minimises
(default edp: the one policy of docs/methodology.md). Output bytes depend only on the inputs;
existing files are replaced (one line says how many). Exit codes: 0 ok, 1 a file could not be
written, 2 bad arguments or input.)";
}

} // namespace mensa::cli
