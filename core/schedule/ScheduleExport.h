#pragma once

#include "model/Model.h"
#include "schedule/Schedule.h"
#include "schedule/TradeoffExplorer.h"

#include <string>
#include <vector>

namespace mensa {

// One row per event: inference, resource, kind, layer, times (s), joules, critical.
std::string scheduleToCsv(const Schedule& schedule, const Model& model);
// Summary, resources, assignment, per-accelerator energy, stages, events, notes.
std::string scheduleToJson(const Schedule& schedule, const Model& model);
// Chrome / Perfetto trace (JSON object format): one process per schedule (pid 1, 2, ...),
// one thread per resource named by thread_name metadata, "X" events with ts/dur in us.
std::string scheduleToChromeTrace(
    const std::vector<const Schedule*>& schedules, const Model& model);
std::string scheduleToChromeTrace(const Schedule& schedule, const Model& model);
// Human-readable summary and per-layer assignment for a terminal.
std::string scheduleToTable(const Schedule& schedule, const Model& model);

// The latency/energy trade-off: the Pareto front, the weight sweep with the MSWG gain,
// and the single-accelerator references. CSV has one row per front point and sweep point.
std::string tradeoffToTable(
    const TradeoffReport& report, const std::vector<std::string>& acceleratorNames);
std::string tradeoffToCsv(
    const TradeoffReport& report, const std::vector<std::string>& acceleratorNames);
std::string tradeoffToJson(
    const TradeoffReport& report, const std::vector<std::string>& acceleratorNames);

} // namespace mensa
