#pragma once

#include "calibrate/FittableField.h"
#include "calibrate/Measurements.h"
#include "model/Model.h"
#include "proto/accelerator.pb.h"

#include <memory>
#include <string>
#include <vector>

namespace mensa {

// One measured figure with what the spec predicts for it before and after calibration, and
// when its model was left out of the fit (leave-one-out cross-validation).
struct CalibrationPoint {
    std::string label; // "ResNet-50 V1 (299x299)"
    FitQuantity quantity = FitQuantity::Latency; // latency in seconds, energy in joules
    double measured = 0;
    double before = 0; // the spec as given
    double after = 0; // the calibrated spec (fitted on every point)
    double heldOut = 0; // fitted without this point's model; 0 when there is one model only
};

// A field the fit adjusted, or one it left alone and why.
struct CalibratedField {
    std::string path; // "host_link.bandwidth_gb_per_s"
    double before = 0;
    double after = 0;
};
struct KeptField {
    std::string path;
    std::string reason; // "published source [vendor]", "energy: no energy measured", ...
};

// Spread of predicted / measured over a set of points: geometric mean of |log ratio| (as a
// factor, 1 = exact), the largest factor either way, and the RMS of log ratio (the error band).
struct CalibrationError {
    int points = 0;
    double geomeanFactor = 1; // exp(mean |ln(predicted / measured)|)
    double maxFactor = 1; // exp(max |ln(predicted / measured)|)
    double rmsLog = 0; // sqrt(mean ln(predicted / measured)^2)
};

enum class CalibrationStage { Before, After, HeldOut };

// What `mensa calibrate` reports and writes: every point, the fields, the fit's figures.
struct CalibrationReport {
    std::string specName; // the spec's name, as given
    std::string solver; // "NLopt LN_BOBYQA on log-parameters"
    std::vector<CalibrationPoint> points;
    std::vector<CalibratedField> fitted;
    std::vector<KeptField> kept;
    int heldOutModels = 0; // leave-one-out folds run, one per architecture (0: fewer than two)
    int evaluations = 0; // whole-measurement-set predictions the fits ran
    spec::AcceleratorSpec calibrated; // the spec with the fitted values

    // The error of the points of one quantity at one stage.
    CalibrationError error(CalibrationStage stage, FitQuantity quantity) const;
    bool hasEnergy() const;
};

// Fits the spec's modelling assumptions (fittableFields(), minus fields tagged with a
// published source in the spec text) to measured latencies and energies: NLopt's bounded
// derivative-free LN_BOBYQA on the fields' logarithms, minimising the sum of squared
// ln(predicted / measured). Predictions are the whole-model simulation (cost/Simulation.h
// simulate(), the numbers `mensa simulate` and `mensa validate` print).
class Calibrator {
public:
    // `specText` is one AcceleratorSpec in protobuf text (its comments carry the source tags);
    // `onlyFields` restricts the fit to those paths. MensaError "name: problem" for a spec
    // that does not parse or validate, names an unknown field, or leaves nothing to fit.
    Calibrator(const std::string& specText, const std::string& specDisplayName,
        const MeasurementSet& measurements, const std::vector<std::string>& onlyFields = {});
    ~Calibrator();
    Calibrator(const Calibrator&) = delete;
    Calibrator& operator=(const Calibrator&) = delete;

    // Fits on every point, and once per architecture with its measurements (every input size
    // and layer) left out unless `leaveOneOut` is false.
    CalibrationReport run(bool leaveOneOut = true) const;

    // The fields the fit adjusts, in fittableFields() order.
    const std::vector<FittableField>& fields() const { return m_fields; }

private:
    struct Target;
    std::vector<double> fit(const std::vector<bool>& useModel, int& evaluations) const;
    std::vector<double> predict(const std::vector<double>& logValues,
        const std::vector<bool>& useModel) const; // one value per target, 0 for unused models
    spec::AcceleratorSpec withValues(const std::vector<double>& logValues) const;

    spec::AcceleratorSpec m_spec;
    std::string m_name;
    std::vector<FittableField> m_fields;
    std::vector<KeptField> m_kept;
    std::vector<std::shared_ptr<const Model>> m_models; // distinct model and input
    std::vector<size_t> m_group; // per model: its architecture, the unit leave-one-out holds out
    std::vector<Target> m_targets;
};

// ln(predicted / measured) statistics of paired values (both > 0 or the pair counts as a
// factor of infinity).
CalibrationError calibrationError(
    const std::vector<double>& predicted, const std::vector<double>& measured);

} // namespace mensa
