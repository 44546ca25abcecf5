#include "calibrate/Calibrator.h"

#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SpecValidator.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>

namespace mensa {
namespace {

// Squared log error charged for a prediction that is not a positive finite number.
constexpr double kUnusablePrediction = 1e6;
constexpr int kMaxEvaluations = 4000;

// A fitted value as the calibrated spec writes it (6 significant digits), so that the spec
// read back predicts exactly what the report says.
double asWritten(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return std::strtod(text, nullptr);
}

std::string fieldKey(const Measurement& m)
{
    return m.model + "\n" + m.input;
}

int layerIndex(const Model& model, const Measurement& m)
{
    for (size_t i = 0; i < model.layers.size(); ++i)
        if (model.layers[i].name == m.layer)
            return int(i);
    throw MensaError(m.where, "model '" + m.model + "' has no layer '" + m.layer + "'");
}

std::string describeSource(const FieldSource& source)
{
    return "published source " + source.tag;
}

} // namespace

struct Calibrator::Target {
    CalibrationPoint point;
    size_t model = 0;
    int layer = -1; // -1 whole model
};

Calibrator::Calibrator(const std::string& specText, const std::string& specDisplayName,
    const MeasurementSet& measurements, const std::vector<std::string>& onlyFields)
{
    SystemSpecPtr system = parseSystemSpecText(specText, specDisplayName);
    if (system->accelerators_size() != 1 || system->links_size() != 0)
        throw MensaError(specDisplayName, "calibrate takes one accelerator spec, not a system");
    std::vector<SpecFieldLine> lines;
    try {
        lines = specFieldLines(specText, specDisplayName, &m_spec);
    }
    catch (const MensaError&) {
        throw MensaError(specDisplayName, "calibrate takes one accelerator spec, not a system");
    }
    m_name = m_spec.name();
    std::map<std::string, FieldSource> sources;
    for (const auto& line : lines)
        sources[line.path] = line.source;
    for (const auto& only : onlyFields) {
        bool known = false;
        for (const auto& field : fittableFields())
            known = known || field.path == only;
        if (!known)
            throw MensaError(specDisplayName, "'" + only + "' is not a fittable field");
    }
    const bool energy = measurements.hasEnergy();
    for (const auto& field : fittableFields()) {
        if (!hasSpecField(m_spec, field.path))
            continue;
        const FieldSource& source = sources[field.path];
        if (!onlyFields.empty()
            && std::find(onlyFields.begin(), onlyFields.end(), field.path) == onlyFields.end())
            m_kept.push_back({ field.path, "not asked for (--fit)" });
        else if (source.published())
            m_kept.push_back({ field.path, describeSource(source) });
        else if (field.quantity == FitQuantity::Energy && !energy)
            m_kept.push_back({ field.path, "energy field, no energy measured" });
        else
            m_fields.push_back(field);
    }
    if (m_fields.empty())
        throw MensaError(specDisplayName,
            "nothing to fit: no field of the spec is a modelling assumption calibration adjusts"
                + std::string(energy ? "" : " (latency only: no energy measured)"));
    std::map<std::string, size_t> modelOf, groupOf;
    for (const auto& m : measurements.rows) {
        auto [it, added] = modelOf.emplace(fieldKey(m), m_models.size());
        if (added) {
            m_models.push_back(buildMeasuredModel(m.model, m.input, m.where));
            m_group.push_back(groupOf.emplace(m.model, groupOf.size()).first->second);
        }
        Target target;
        target.model = it->second;
        target.layer = m.layer.empty() ? -1 : layerIndex(*m_models[it->second], m);
        target.point.label = m.label;
        target.point.measured = m.latencySeconds;
        m_targets.push_back(target);
        if (m.energyJoules > 0) {
            target.point.quantity = FitQuantity::Energy;
            target.point.measured = m.energyJoules;
            m_targets.push_back(target);
        }
    }
}

Calibrator::~Calibrator() = default;

spec::AcceleratorSpec Calibrator::withValues(const std::vector<double>& logValues) const
{
    spec::AcceleratorSpec spec = m_spec;
    for (size_t i = 0; i < m_fields.size(); ++i)
        setSpecFieldValue(spec, m_fields[i].path, std::exp(logValues[i]));
    return spec;
}

std::vector<double> Calibrator::predict(
    const std::vector<double>& logValues, const std::vector<bool>& useModel) const
{
    const CostModelPtr accelerator
        = makeCostModel(std::make_shared<const spec::AcceleratorSpec>(withValues(logValues)));
    std::vector<ModelCost> costs(m_models.size());
    for (size_t i = 0; i < m_models.size(); ++i)
        if (useModel[i])
            costs[i] = simulate(*m_models[i], *accelerator);
    std::vector<double> out(m_targets.size(), 0.0);
    for (size_t t = 0; t < m_targets.size(); ++t) {
        const Target& target = m_targets[t];
        if (!useModel[target.model])
            continue;
        const ModelCost& cost = costs[target.model];
        const bool latency = target.point.quantity == FitQuantity::Latency;
        if (target.layer < 0)
            out[t] = latency ? cost.latency : cost.energyPerInference;
        else {
            const LayerCost& layer = cost.layers.at(size_t(target.layer));
            out[t] = latency ? layer.seconds : layer.energy.total();
        }
    }
    return out;
}

std::vector<double> Calibrator::fit(const std::vector<bool>& useModel, int& evaluations) const
{
    const size_t n = m_fields.size();
    std::vector<double> x(n), lower(n), upper(n);
    for (size_t i = 0; i < n; ++i) {
        lower[i] = std::log(m_fields[i].lowest);
        upper[i] = std::log(m_fields[i].highest);
        x[i] = std::clamp(std::log(specFieldValue(m_spec, m_fields[i].path)), lower[i], upper[i]);
    }
    auto objective = [&](const std::vector<double>& at) {
        ++evaluations;
        std::vector<double> predicted;
        try {
            predicted = predict(at, useModel);
        }
        catch (const MensaError&) { // a cost overflowed: this point is unusable
            predicted.assign(m_targets.size(), 0.0);
        }
        double sum = 0;
        for (size_t t = 0; t < m_targets.size(); ++t) {
            if (!useModel[m_targets[t].model])
                continue;
            const double p = predicted[t];
            const double r = std::log(p / m_targets[t].point.measured);
            sum += p > 0 && std::isfinite(r) ? r * r : kUnusablePrediction;
        }
        return sum;
    };
    // BOBYQA builds a quadratic model and needs two dimensions; one field uses Subplex.
    nlopt::opt solver(n >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX, unsigned(n));
    solver.set_lower_bounds(lower);
    solver.set_upper_bounds(upper);
    solver.set_initial_step(std::vector<double>(n, 0.5));
    solver.set_xtol_abs(1e-6);
    solver.set_ftol_abs(1e-14);
    solver.set_maxeval(kMaxEvaluations);
    using Objective = decltype(objective);
    solver.set_min_objective([](const std::vector<double>& at, std::vector<double>&,
                                 void* data) { return (*static_cast<Objective*>(data))(at); },
        &objective);
    double best = 0;
    try {
        solver.optimize(x, best);
    }
    catch (const nlopt::roundoff_limited&) {
        // the best point so far is in x
    }
    catch (const std::runtime_error& e) {
        throw MensaError(m_name, std::string("calibration solver failed: ") + e.what());
    }
    for (double& v : x)
        v = std::log(asWritten(std::exp(v)));
    return x;
}

CalibrationReport Calibrator::run(bool leaveOneOut) const
{
    CalibrationReport report;
    report.specName = m_name;
    report.solver = std::string("NLopt ") + (m_fields.size() >= 2 ? "LN_BOBYQA" : "LN_SBPLX")
        + " on log-parameters, least squares of ln(predicted / measured)";
    report.kept = m_kept;
    const std::vector<bool> all(m_models.size(), true);
    std::vector<double> start(m_fields.size());
    for (size_t i = 0; i < m_fields.size(); ++i)
        start[i] = std::log(specFieldValue(m_spec, m_fields[i].path));
    const std::vector<double> before = predict(start, all);
    const std::vector<double> fitted = fit(all, report.evaluations);
    const std::vector<double> after = predict(fitted, all);
    for (size_t t = 0; t < m_targets.size(); ++t) {
        CalibrationPoint point = m_targets[t].point;
        point.before = before[t];
        point.after = after[t];
        report.points.push_back(point);
    }
    for (size_t i = 0; i < m_fields.size(); ++i)
        report.fitted.push_back({ m_fields[i].path, std::exp(start[i]), std::exp(fitted[i]) });
    report.calibrated = withValues(fitted);
    const std::string suffix = "_calibrated";
    if (m_name.size() < suffix.size() || m_name.substr(m_name.size() - suffix.size()) != suffix)
        report.calibrated.set_name(m_name + suffix);
    const size_t groups
        = m_group.empty() ? 0 : *std::max_element(m_group.begin(), m_group.end()) + 1;
    if (leaveOneOut && groups >= 2) {
        for (size_t out = 0; out < groups; ++out) {
            std::vector<bool> heldOut(m_models.size());
            for (size_t i = 0; i < m_models.size(); ++i)
                heldOut[i] = m_group[i] == out;
            std::vector<bool> training(m_models.size());
            for (size_t i = 0; i < m_models.size(); ++i)
                training[i] = !heldOut[i];
            const std::vector<double> predicted
                = predict(fit(training, report.evaluations), heldOut);
            for (size_t t = 0; t < m_targets.size(); ++t)
                if (heldOut[m_targets[t].model])
                    report.points[t].heldOut = predicted[t];
        }
        report.heldOutModels = int(groups);
    }
    return report;
}

CalibrationError calibrationError(
    const std::vector<double>& predicted, const std::vector<double>& measured)
{
    CalibrationError e;
    double sumAbs = 0, sumSquares = 0, worst = 0;
    for (size_t i = 0; i < predicted.size() && i < measured.size(); ++i) {
        const double r = predicted[i] > 0 && measured[i] > 0
            ? std::abs(std::log(predicted[i] / measured[i]))
            : std::numeric_limits<double>::infinity();
        sumAbs += r;
        sumSquares += r * r;
        worst = std::max(worst, r);
        ++e.points;
    }
    if (e.points > 0) {
        e.geomeanFactor = std::exp(sumAbs / e.points);
        e.maxFactor = std::exp(worst);
        e.rmsLog = std::sqrt(sumSquares / e.points);
    }
    return e;
}

CalibrationError CalibrationReport::error(CalibrationStage stage, FitQuantity quantity) const
{
    std::vector<double> predicted, measured;
    for (const auto& p : points) {
        if (p.quantity != quantity || (stage == CalibrationStage::HeldOut && heldOutModels == 0))
            continue;
        predicted.push_back(stage == CalibrationStage::Before ? p.before
                : stage == CalibrationStage::After            ? p.after
                                                              : p.heldOut);
        measured.push_back(p.measured);
    }
    return calibrationError(predicted, measured);
}

bool CalibrationReport::hasEnergy() const
{
    for (const auto& p : points)
        if (p.quantity == FitQuantity::Energy)
            return true;
    return false;
}

} // namespace mensa
