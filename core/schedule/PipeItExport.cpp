#include "schedule/PipeItExport.h"

#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <sstream>

namespace mensa {
namespace {

std::string number(double v, const char* format = "%.6g")
{
    return formatNumber(v, format);
}

std::string clusterName(const PipeItTable& t, int cluster)
{
    return cluster < 0 ? "all" : t.clusterNames[size_t(cluster)];
}

std::string coreType(const PipeItTable& t, int cluster)
{
    return cluster < 0 ? "mixed" : t.coreTypes[size_t(cluster)];
}

struct Named {
    const char* key;
    const PipeItConfig* config;
};

std::vector<Named> configs(const PipeItReport& r)
{
    return { { "pipe-it", &r.pipeline }, { "best_single_cluster", &r.bestSingleCluster },
        { "data_parallel", &r.dataParallel } };
}

std::string percent(double gain)
{
    return (gain >= 0 ? "+" : "") + number(gain * 100, "%.1f") + "%";
}

} // namespace

std::string pipeItToTable(const PipeItReport& r, const PipeItTable& t, const Model& model)
{
    std::ostringstream o;
    o << "Pipe-it on " << t.systemName << ": " << model.name << " (" << t.layerCount()
      << " layers)\n";
    o << "Pipeline " << r.pipeline.label << ":\n";
    for (size_t k = 0; k < r.pipeline.stages.size(); ++k) {
        const PipeItStage& s = r.pipeline.stages[k];
        o << "  stage " << k + 1 << ": " << clusterName(t, s.cluster) << " x" << s.cores << " ("
          << coreType(t, s.cluster) << "), layers " << s.firstLayer << "-" << s.endLayer - 1 << " ["
          << model.layers[size_t(s.firstLayer)].name << " .. "
          << model.layers[size_t(s.endLayer - 1)].name << "]: " << number(s.seconds * 1e3)
          << " ms\n";
    }
    o << "Steady-state throughput: " << number(r.pipeline.throughput)
      << " inferences/s (slowest stage " << number(r.pipeline.bottleneck * 1e3) << " ms), latency "
      << number(r.pipeline.latency * 1e3) << " ms\n";
    o << "Compared with:\n";
    o << "  best single cluster (" << r.bestSingleCluster.label
      << "): " << number(r.bestSingleCluster.throughput) << " inferences/s, Pipe-it "
      << percent(r.gainOverSingleCluster) << "\n";
    o << "  data parallel (" << r.dataParallel.label << ", equal share per core)"
      << ": " << number(r.dataParallel.throughput) << " inferences/s, Pipe-it "
      << percent(r.gainOverDataParallel) << "\n";
    o << "Throughput gain over the better reference: " << percent(r.gainOverBest)
      << " (Wang et al. 2019 report +39% on average)\n";
    o << "Search: " << r.statesExplored << " stage choices over "
      << "contiguous layer ranges and core allocations (exact)\n";
    return o.str();
}

std::string pipeItToCsv(const PipeItReport& r, const PipeItTable& t, const Model& model)
{
    std::ostringstream o;
    o << "configuration,stage,cluster,core_type,cores,first_layer,last_layer,first_layer_name,"
         "last_layer_name,stage_seconds,throughput_per_s,gain_vs_configuration\n";
    for (const auto& [key, c] : configs(r))
        for (size_t k = 0; k < c->stages.size(); ++k) {
            const PipeItStage& s = c->stages[k];
            double gain = c->throughput > 0 ? r.pipeline.throughput / c->throughput - 1 : 0;
            o << key << "," << k + 1 << "," << clusterName(t, s.cluster) << ","
              << coreType(t, s.cluster) << "," << s.cores << "," << s.firstLayer << ","
              << s.endLayer - 1 << "," << csvField(model.layers[size_t(s.firstLayer)].name) << ","
              << csvField(model.layers[size_t(s.endLayer - 1)].name) << ","
              << number(s.seconds, "%.9g") << "," << number(c->throughput, "%.9g") << ","
              << number(gain, "%.9g") << "\n";
        }
    return o.str();
}

std::string pipeItToJson(const PipeItReport& r, const PipeItTable& t, const Model& model)
{
    auto configJson = [&](const PipeItConfig& c) {
        std::string out = "{\"label\":" + jsonQuote(c.label) + ",\"throughput_per_s\":"
            + jsonNumber(c.throughput) + ",\"bottleneck_s\":" + jsonNumber(c.bottleneck)
            + ",\"latency_s\":" + jsonNumber(c.latency) + ",\"stages\":[";
        for (size_t k = 0; k < c.stages.size(); ++k) {
            const PipeItStage& s = c.stages[k];
            out += std::string(k ? "," : "")
                + "{\"cluster\":" + jsonQuote(clusterName(t, s.cluster)) + ",\"core_type\":"
                + jsonQuote(coreType(t, s.cluster)) + ",\"cores\":" + std::to_string(s.cores)
                + ",\"first_layer\":" + std::to_string(s.firstLayer) + ",\"last_layer\":"
                + std::to_string(s.endLayer - 1) + ",\"seconds\":" + jsonNumber(s.seconds) + "}";
        }
        return out + "]}";
    };
    std::string out = "{\"model\":" + jsonQuote(model.name) + ",\"system\":"
        + jsonQuote(t.systemName) + ",\"layers\":" + std::to_string(t.layerCount());
    for (const auto& [key, c] : configs(r))
        out += std::string(",") + jsonQuote(key) + ":" + configJson(*c);
    out += ",\"gain_over_single_cluster\":" + jsonNumber(r.gainOverSingleCluster)
        + ",\"gain_over_data_parallel\":" + jsonNumber(r.gainOverDataParallel)
        + ",\"gain_over_best\":" + jsonNumber(r.gainOverBest)
        + ",\"paper_gain\":0.39,\"search_steps\":" + std::to_string(r.statesExplored) + "}\n";
    return out;
}

} // namespace mensa
