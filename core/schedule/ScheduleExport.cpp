#include "schedule/ScheduleExport.h"

#include "schedule/AssignmentSearch.h"
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace mensa {
namespace {

std::string number(double v, const char* format = "%.9g")
{
    return formatNumber(v, format);
}

const std::string& layerName(const Model& model, int layer)
{
    static const std::string none;
    return layer >= 0 && layer < int(model.layers.size()) ? model.layers[layer].name : none;
}

std::string acceleratorName(const Schedule& s, int accelerator)
{
    return accelerator >= 0 && accelerator < int(s.resources.size()) ? s.resources[accelerator].name
                                                                     : "?";
}

std::string energyJson(const EnergyBreakdown& energy)
{
    std::string out = "{";
    for (int c = 0; c < kEnergyComponentCount; ++c)
        out += (c ? "," : "") + jsonQuote(toString(EnergyComponent(c))) + ":"
            + jsonNumber(energy.joules[c]);
    return out + ",\"total\":" + jsonNumber(energy.total()) + "}";
}

std::string eventJson(const ScheduleEvent& e)
{
    return "{\"layer\":" + std::to_string(e.layer) + ",\"resource\":" + std::to_string(e.resource)
        + ",\"transfer\":" + (e.transfer ? "true" : "false")
        + ",\"inference\":" + std::to_string(e.inference) + ",\"start_s\":" + jsonNumber(e.start)
        + ",\"end_s\":" + jsonNumber(e.end) + ",\"joules\":" + jsonNumber(e.joules)
        + ",\"critical\":" + (e.critical ? "true" : "false")
        + (e.transfer ? ",\"from\":" + std::to_string(e.fromAccelerator)
                    + ",\"to\":" + std::to_string(e.toAccelerator)
                      : "")
        + "}";
}

template <typename T, typename F> std::string jsonArray(const std::vector<T>& items, F&& toJson)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? "," : "") + toJson(items[i]);
    return out + "]";
}

std::string traceEvent(const std::string& name, const std::string& category, int pid, int tid,
    double start, double end, const std::string& args)
{
    return "{\"name\":" + jsonQuote(name) + ",\"cat\":" + jsonQuote(category)
        + ",\"ph\":\"X\",\"ts\":" + number(start * 1e6, "%.3f")
        + ",\"dur\":" + number((end - start) * 1e6, "%.3f") + ",\"pid\":" + std::to_string(pid)
        + ",\"tid\":" + std::to_string(tid) + ",\"args\":" + args + "}";
}

std::string metadataEvent(const char* kind, int pid, int tid, const std::string& name)
{
    return std::string("{\"name\":\"") + kind + "\",\"ph\":\"M\",\"pid\":" + std::to_string(pid)
        + ",\"tid\":" + std::to_string(tid) + ",\"args\":{\"name\":" + jsonQuote(name) + "}}";
}

void appendTrace(const Schedule& s, const Model& model, int pid, std::vector<std::string>& out)
{
    std::string process
        = (s.systemName.empty() ? std::string("system") : s.systemName) + " (" + s.strategy + ")";
    out.push_back(metadataEvent("process_name", pid, 0, process));
    for (int r = 0; r < int(s.resources.size()); ++r) {
        out.push_back(metadataEvent("thread_name", pid, r + 1, s.resources[r].name));
        out.push_back("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":" + std::to_string(pid)
            + ",\"tid\":" + std::to_string(r + 1) + ",\"args\":{\"sort_index\":" + std::to_string(r)
            + "}}");
    }
    for (const auto& e : s.events) {
        std::string args = "{\"inference\":" + std::to_string(e.inference) + ",\"joules\":"
            + jsonNumber(e.joules) + ",\"critical\":" + (e.critical ? "true" : "false") + "}";
        std::string name = e.transfer
            ? layerName(model, e.layer) + " -> " + acceleratorName(s, e.toAccelerator)
            : layerName(model, e.layer);
        out.push_back(traceEvent(
            name, e.transfer ? "transfer" : "layer", pid, e.resource + 1, e.start, e.end, args));
    }
}

} // namespace

std::string scheduleToCsv(const Schedule& s, const Model& model)
{
    std::string out = "inference,resource,kind,layer_index,layer,start_s,end_s,duration_s,joules,"
                      "critical,from,to\n";
    for (const auto& e : s.events) {
        out += std::to_string(e.inference) + "," + csvField(s.resources.at(e.resource).name) + ","
            + (e.transfer ? "transfer," : "layer,") + std::to_string(e.layer) + ","
            + csvField(layerName(model, e.layer)) + "," + number(e.start) + "," + number(e.end)
            + "," + number(e.end - e.start) + "," + number(e.joules) + ","
            + (e.critical ? "1" : "0") + ","
            + (e.transfer ? csvField(acceleratorName(s, e.fromAccelerator)) + ","
                        + csvField(acceleratorName(s, e.toAccelerator))
                          : std::string(","))
            + "\n";
    }
    return out;
}

std::string scheduleToJson(const Schedule& s, const Model& model)
{
    std::ostringstream o;
    o << "{\"model\":" << jsonQuote(model.name) << ",\"system\":" << jsonQuote(s.systemName)
      << ",\"strategy\":" << jsonQuote(s.strategy) << ",\"latency_s\":" << jsonNumber(s.latency)
      << ",\"serial_latency_s\":" << jsonNumber(s.serialLatency)
      << ",\"energy_j\":" << jsonNumber(s.energy)
      << ",\"throughput_per_s\":" << jsonNumber(s.throughput)
      << ",\"transfer_j\":" << jsonNumber(s.transferJoules)
      << ",\"optimal\":" << (s.optimal ? "true" : "false") << ",\"inferences\":" << s.inferences;
    o << ",\"resources\":" << jsonArray(s.resources, [](const ScheduleResource& r) {
        return "{\"name\":" + jsonQuote(r.name) + ",\"link\":" + (r.isLink ? "true" : "false")
            + ",\"index\":" + std::to_string(r.accelerator) + "}";
    });
    std::vector<int> layers(s.assignment.size());
    for (size_t i = 0; i < layers.size(); ++i)
        layers[i] = int(i);
    o << ",\"assignment\":" << jsonArray(layers, [&](int i) {
        return "{\"layer\":" + jsonQuote(layerName(model, i))
            + ",\"accelerator\":" + std::to_string(s.assignment[i])
            + ",\"accelerator_name\":" + jsonQuote(s.resources.at(s.assignment[i]).name) + "}";
    });
    o << ",\"energy_per_accelerator\":" << jsonArray(s.energyPerAccelerator, energyJson);
    o << ",\"stages\":" << jsonArray(s.stages, [](const PipelineStage& st) {
        return "{\"accelerator\":" + std::to_string(st.accelerator) + ",\"first_layer\":"
            + std::to_string(st.firstLayer) + ",\"end_layer\":" + std::to_string(st.endLayer)
            + ",\"compute_s\":" + jsonNumber(st.computeSeconds)
            + ",\"transfer_s\":" + jsonNumber(st.transferSeconds) + "}";
    });
    o << ",\"notes\":" << jsonArray(s.notes, [](const std::string& n) { return jsonQuote(n); });
    o << ",\"events\":" << jsonArray(s.events, eventJson) << "}\n";
    return o.str();
}

std::string scheduleToChromeTrace(const std::vector<const Schedule*>& schedules, const Model& model)
{
    std::vector<std::string> events;
    for (int i = 0; i < int(schedules.size()); ++i)
        appendTrace(*schedules[i], model, i + 1, events);
    std::string out = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
    for (size_t i = 0; i < events.size(); ++i)
        out += events[i] + (i + 1 < events.size() ? ",\n" : "\n");
    return out + "]}\n";
}

std::string scheduleToChromeTrace(const Schedule& schedule, const Model& model)
{
    return scheduleToChromeTrace(std::vector<const Schedule*> { &schedule }, model);
}

std::string scheduleToTable(const Schedule& s, const Model& model)
{
    std::ostringstream o;
    o << "Schedule " << s.strategy << " of " << model.name << " on " << s.systemName << "\n"
      << "  latency      " << number(s.latency * 1e3, "%.6g") << " ms (serial sum "
      << number(s.serialLatency * 1e3, "%.6g") << " ms)\n  energy       "
      << number(s.energy * 1e3, "%.6g") << " mJ per inference (transfers "
      << number(s.transferJoules * 1e3, "%.6g") << " mJ)\n  throughput   "
      << number(s.throughput, "%.6g") << " inferences/s\n";
    for (size_t a = 0; a < s.energyPerAccelerator.size(); ++a)
        o << "  " << s.resources[a].name << ": "
          << number(s.energyPerAccelerator[a].total() * 1e3, "%.6g") << " mJ\n";
    for (const auto& st : s.stages)
        o << "  stage layers [" << st.firstLayer << ", " << st.endLayer << ") on "
          << s.resources[st.accelerator].name << ": " << number(st.seconds() * 1e3, "%.6g")
          << " ms (transfers " << number(st.transferSeconds * 1e3, "%.6g") << " ms)\n";
    for (const auto& note : s.notes)
        o << "  note: " << note << "\n";
    o << "\n  layer                                    accelerator\n";
    for (size_t i = 0; i < s.assignment.size(); ++i) {
        std::string name = layerName(model, int(i));
        o << "  " << name << std::string(name.size() < 40 ? 41 - name.size() : 1, ' ')
          << s.resources[s.assignment[i]].name << "\n";
    }
    return o.str();
}

namespace {

std::string padRight(std::string text, size_t width)
{
    if (text.size() < width)
        text.append(width - text.size(), ' ');
    return text;
}

std::string mappingJson(const Mapping& m, const std::vector<std::string>& names)
{
    return "{\"latency_s\":" + jsonNumber(m.latency) + ",\"energy_j\":" + jsonNumber(m.energy)
        + ",\"edp\":" + jsonNumber(m.latency * m.energy)
        + ",\"layers\":" + jsonQuote(layerCounts(m, names)) + ",\"assignment\":"
        + jsonArray(m.assignment, [](int a) { return std::to_string(a); }) + "}";
}

} // namespace

std::string tradeoffToTable(const TradeoffReport& r, const std::vector<std::string>& names)
{
    std::ostringstream o;
    o << "Latency/energy Pareto front (" << r.front.size() << " mappings"
      << (r.exact ? "" : ", approximate")
      << "; serial latency):\n  latency ms   energy mJ    layers per accelerator\n";
    for (const auto& m : r.front)
        o << "  " << number(m.latency * 1e3, "%-12.6g") << " " << number(m.energy * 1e3, "%-12.6g")
          << " " << layerCounts(m, names) << "\n";
    o << "\nSingle accelerators:\n";
    for (size_t s = 0; s < r.singles.size(); ++s)
        o << "  " << names[r.singleAccelerator[s]] << ": "
          << number(r.singles[s].latency * 1e3, "%.6g") << " ms, "
          << number(r.singles[s].energy * 1e3, "%.6g") << " mJ\n";
    o << "\nWeight sweep (w = latency weight; gain = Mensa Studio weighted gain vs the single "
         "accelerators):\n"
      << "  w      latency ms   energy mJ    gain     best gain on the front\n";
    for (const auto& p : r.sweep) {
        const Mapping& m = r.front[p.frontIndex];
        o << "  " << number(p.weight, "%-6.2f") << " " << number(m.latency * 1e3, "%-12.6g") << " "
          << number(m.energy * 1e3, "%-12.6g") << " "
          << padRight(number(100 * p.gain, "%+.1f%%"), 9) << number(100 * p.bestGain, "%+.1f%%")
          << " (" << number(r.front[p.bestGainIndex].latency * 1e3, "%.4g") << " ms, "
          << number(r.front[p.bestGainIndex].energy * 1e3, "%.4g") << " mJ)\n";
    }
    return o.str();
}

std::string tradeoffToCsv(const TradeoffReport& r, const std::vector<std::string>& names)
{
    std::string out = "kind,weight,latency_s,energy_j,edp,gain,layers_per_accelerator\n";
    for (const auto& m : r.front)
        out += "front,," + number(m.latency) + "," + number(m.energy) + ","
            + number(m.latency * m.energy) + ",," + csvField(layerCounts(m, names)) + "\n";
    for (const auto& p : r.sweep) {
        const Mapping& m = r.front[p.frontIndex];
        out += "sweep," + number(p.weight) + "," + number(m.latency) + "," + number(m.energy) + ","
            + number(m.latency * m.energy) + "," + number(p.gain) + ","
            + csvField(layerCounts(m, names)) + "\n";
    }
    for (size_t s = 0; s < r.singles.size(); ++s) {
        const Mapping& m = r.singles[s];
        out += "single,," + number(m.latency) + "," + number(m.energy) + ","
            + number(m.latency * m.energy) + ",," + csvField(names[r.singleAccelerator[s]]) + "\n";
    }
    return out;
}

std::string tradeoffToJson(const TradeoffReport& r, const std::vector<std::string>& names)
{
    auto toJson = [&](const Mapping& m) { return mappingJson(m, names); };
    std::ostringstream o;
    o << "{\"exact\":" << (r.exact ? "true" : "false")
      << ",\"latency_scale_s\":" << jsonNumber(r.latencyScale)
      << ",\"energy_scale_j\":" << jsonNumber(r.energyScale)
      << ",\"front\":" << jsonArray(r.front, toJson);
    o << ",\"singles\":[";
    for (size_t s = 0; s < r.singles.size(); ++s)
        o << (s ? "," : "") << "{\"accelerator\":" << jsonQuote(names[r.singleAccelerator[s]])
          << ",\"latency_s\":" << jsonNumber(r.singles[s].latency)
          << ",\"energy_j\":" << jsonNumber(r.singles[s].energy) << "}";
    o << "],\"sweep\":" << jsonArray(r.sweep, [](const TradeoffPoint& p) {
        return "{\"weight\":" + jsonNumber(p.weight)
            + ",\"front_index\":" + std::to_string(p.frontIndex) + ",\"gain\":" + jsonNumber(p.gain)
            + ",\"best_gain_front_index\":" + std::to_string(p.bestGainIndex)
            + ",\"best_gain\":" + jsonNumber(p.bestGain) + "}";
    });
    o << ",\"best_sweep_point\":" << r.bestSweepPoint << "}\n";
    return o.str();
}

} // namespace mensa
