#pragma once

#include "cost/Objective.h"
#include "schedule/AssignmentSearch.h"

#include <string>

namespace mensa {

// How the layers of a model are mapped onto a design: the one policy object that the GUI,
// every CLI command and every figure use (docs/methodology.md, "The mapping policy").
//   - objective: what the assignment of layers to accelerators minimises;
//   - parameter residency: planned over the whole model, per accelerator, in layer order
//     (a layer's parameters stay on chip when they fit what earlier layers left free);
//   - transfers: a tensor crosses to another accelerator once, over the link between the two.
// A single-accelerator design has only one mapping; the objective matters for systems.
struct MappingPolicy {
    Objective objective = Objective::defaults();
    int pipelineStages = 0; // > 0: Pipe-it style stages balanced for throughput
    SearchOptions limits; // assignment-search state and label limits
    int residencyRounds = 4; // mapping <-> residency fixed-point rounds

    // The default policy ("edp"): the Mensa study's runtime policy, used wherever no
    // objective is asked for.
    static MappingPolicy defaults() { return {}; }
    // "latency", "energy", "edp", "weighted:W", optionally with "+pipeline:N";
    // MensaError naming the option otherwise.
    static MappingPolicy parse(const std::string& objective, int pipelineStages = 0);
    // Short name for titles and file headers: "edp", "latency", "pipeline:3 (latency)".
    std::string name() const;
    // One line: the objective, the residency plan and the transfer rule.
    std::string describe() const;
};

} // namespace mensa
