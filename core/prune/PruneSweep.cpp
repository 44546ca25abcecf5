#include "prune/PruneSweep.h"

#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <map>
#include <sstream>

namespace mensa {
namespace {

// Latency and energy of one run, and the MACs it executes (dense MACs x weight density).
struct PrunedRun {
    double latency = 0;
    double energy = 0;
    double macs = 0;
};

struct Pruned {
    Model model;
    double weightsRemoved = 0;
};

PrunedRun runOn(const Model& model, const AcceleratorSystem& system, const MappingPolicy& policy)
{
    const DesignRun run = runOnDesign(model, system, policy);
    return { run.cost.latency, run.cost.energyPerInference, effectiveMacs(model) };
}

// Pruned and imported models, shared by every design that asks for the same pruning.
class PrunedModels {
public:
    PrunedModels(const onnx::ModelProto& model, const std::string& name)
        : m_model(model)
        , m_name(name)
    {
    }

    const Pruned& get(PruneGranularity granularity, double ratio, int width)
    {
        const int key = granularity == PruneGranularity::Array ? width : 0;
        auto id = std::make_tuple(int(granularity), ratio, key);
        auto it = m_cache.find(id);
        if (it != m_cache.end())
            return it->second;
        PruneRequest request;
        request.granularity = granularity;
        request.ratio = ratio;
        request.arrayWidth = width;
        PruneResult result = pruneModel(m_model, request, m_name);
        Pruned pruned { importOnnxBytes(result.model.SerializeAsString(), m_name), 0 };
        const auto& s = result.summary;
        pruned.weightsRemoved
            = s.weightsBefore > 0 ? 1.0 - double(s.weightsAfter) / double(s.weightsBefore) : 0.0;
        return m_cache.emplace(id, std::move(pruned)).first->second;
    }

private:
    const onnx::ModelProto& m_model;
    std::string m_name;
    std::map<std::tuple<int, double, int>, Pruned> m_cache;
};

} // namespace

double effectiveMacs(const Model& model)
{
    double macs = 0;
    for (const Layer& layer : model.layers)
        macs += double(layer.metrics.macs) * layer.metrics.weightDensity;
    return macs;
}

PruneSweep runPruneSweep(
    const onnx::ModelProto& model, const std::string& displayName, const PruneSweepOptions& options)
{
    PruneSweep sweep;
    const Model dense = importOnnxBytes(model.SerializeAsString(), displayName);
    sweep.model = dense.name;
    PrunedModels pruned(model, displayName);
    for (const std::string& design : options.designs) {
        const AcceleratorSystem system = loadSystem(design);
        const int width = arrayWidthOf(system);
        const PrunedRun base = runOn(dense, system, options.policy);
        for (PruneGranularity granularity : options.granularities) {
            PruneSweepPoint zero { design, granularity, width, 0, 0, 0, base.latency, base.energy,
                1, 1 };
            sweep.points.push_back(zero);
            for (double ratio : options.ratios) {
                if (options.stopRequested && options.stopRequested()) {
                    sweep.cancelled = true;
                    return sweep;
                }
                const Pruned& p = pruned.get(granularity, ratio, width);
                const PrunedRun r = runOn(p.model, system, options.policy);
                PruneSweepPoint point { design, granularity, width, ratio, p.weightsRemoved,
                    base.macs > 0 ? 1.0 - r.macs / base.macs : 0.0, r.latency, r.energy,
                    r.latency > 0 ? base.latency / r.latency : 0.0,
                    r.energy > 0 ? base.energy / r.energy : 0.0 };
                sweep.points.push_back(point);
            }
        }
    }
    return sweep;
}

std::string pruneSweepCsv(const PruneSweep& sweep)
{
    std::ostringstream out;
    out << "model,design,granularity,array_width,ratio,weights_removed,macs_removed,latency_s,"
           "energy_j,speedup,energy_saving\n";
    for (const auto& p : sweep.points)
        out << csvField(sweep.model) << ',' << csvField(p.design) << ','
            << granularityName(p.granularity) << ',' << p.arrayWidth << ',' << formatExact(p.ratio)
            << ',' << formatExact(p.weightsRemoved) << ',' << formatExact(p.macsRemoved) << ','
            << formatExact(p.latency) << ',' << formatExact(p.energy) << ','
            << formatExact(p.speedup) << ',' << formatExact(p.energySaving) << '\n';
    return out.str();
}

PruneSweep parsePruneSweepCsv(const std::string& text, const std::string& source)
{
    PruneSweep sweep;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        if (++number == 1 || line.empty())
            continue;
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');)
            f.push_back(field);
        const std::string where = "line " + std::to_string(number) + ": ";
        if (f.size() != 11)
            throw MensaError(source, where + "expected 11 fields");
        PruneSweepPoint p;
        sweep.model = f[0];
        p.design = f[1];
        try {
            p.granularity = parseGranularity(f[2]);
            p.arrayWidth = std::stoi(f[3]);
            double* numbers[] = { &p.ratio, &p.weightsRemoved, &p.macsRemoved, &p.latency,
                &p.energy, &p.speedup, &p.energySaving };
            for (size_t i = 0; i < 7; ++i) {
                const auto value = parseNumber(f[4 + i]);
                if (!value)
                    throw MensaError("", "'" + f[4 + i] + "' is not a number");
                *numbers[i] = *value;
            }
        }
        catch (const MensaError& e) {
            throw MensaError(source, where + e.problem());
        }
        catch (const std::exception&) {
            throw MensaError(source, where + "a number field is not a number");
        }
        sweep.points.push_back(p);
    }
    if (sweep.points.empty())
        throw MensaError(source, "no sweep points");
    return sweep;
}

} // namespace mensa
