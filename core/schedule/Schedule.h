#pragma once

#include "cost/CostTypes.h"

#include <string>
#include <vector>

namespace mensa {

// A timed event on one resource: a layer running on an accelerator (or on the host CPU behind
// it, for layers its compiler leaves to the host), or a tensor crossing a link. Resources are
// the system's accelerators first, then its links, then any host CPU or shared memory path
// the schedule used.
struct ScheduleEvent {
    int layer = -1; // layer index in the model
    int resource = -1; // index into Schedule::resources
    bool transfer = false;
    int inference = 0; // which inference of a stream (pipelined schedules)
    double start = 0; // seconds
    double end = 0;
    double joules = 0;
    bool critical = false; // on the critical path
    int fromAccelerator = -1; // transfers: sending and receiving accelerators
    int toAccelerator = -1;
};

struct ScheduleResource {
    std::string name; // "edge_tpu", "coral_usb host CPU", a link's name
    bool isLink = false;
    int accelerator = -1; // accelerator index (its host's too), or link index when isLink
};

// A contiguous range of layers run by one accelerator in a pipelined schedule.
struct PipelineStage {
    int accelerator = -1;
    int firstLayer = 0; // layers [firstLayer, endLayer) in model order
    int endLayer = 0;
    double computeSeconds = 0; // layers of the stage
    double transferSeconds = 0; // tensors the stage receives from earlier stages
    double seconds() const { return computeSeconds + transferSeconds; }
};

struct Schedule {
    std::string strategy; // e.g. "single:edge_tpu", "mensa:latency", "pipeline:3"
    std::vector<ScheduleResource> resources;
    std::vector<ScheduleEvent> events;
    std::vector<int> assignment; // accelerator per layer
    std::vector<EnergyBreakdown> energyPerAccelerator;
    double transferJoules = 0;
    double latency = 0; // seconds per inference
    double energy = 0; // joules per inference
    double throughput = 0; // inferences per second (1/latency unless pipelined)
    // Added by the scheduling work:
    std::string systemName;
    int inferences = 1; // inferences laid out in `events`
    double serialLatency = 0; // sum of layer and transfer times (what assignment search minimises)
    bool optimal = true; // false when the search fell back to its documented approximation
    std::vector<PipelineStage> stages; // pipelined schedules only
    // false when residency planning stopped without a fixed point (scheduleWithResidency)
    bool residencyConverged = true;
    std::vector<std::string> notes; // one line each, shown with the schedule
};

} // namespace mensa
