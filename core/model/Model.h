#pragma once

#include "model/Layer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mensa {

enum class ElementType { Float32, Float16, Int8, Uint8, Int32, Int64, Bool, Double, Other };

struct TensorInfo {
    std::string name;
    std::vector<int64_t> shape; // fully resolved after import
    ElementType type = ElementType::Float32;
    bool isParameter = false; // initializer / constant weight

    int64_t elementCount() const; // throws MensaError on overflow
};

// A model as a DAG of layers in topological order. Layers refer to tensors by name;
// producer/consumer relations are derived from those names.
class Model {
public:
    std::string name; // graph or file stem
    std::string sourcePath; // file it was read from, empty when built in code
    std::vector<Layer> layers;
    std::unordered_map<std::string, TensorInfo> tensors;
    std::vector<std::string> graphInputs; // activations fed from outside
    std::vector<std::string> graphOutputs;
    std::vector<std::string> warnings; // one line each, shown once to the user

    const TensorInfo* tensor(const std::string& name) const;
    // Index of the layer producing a tensor, or -1 for graph inputs and parameters.
    int producerOf(const std::string& tensorName) const;
    // Distinct producer layers of each input of layer i, in input order (kept by rebuildIndex,
    // since schedulers and sweeps ask for them once per layer per evaluated design).
    const std::vector<int>& predecessors(int layerIndex) const;
    std::vector<std::vector<int>> successorLists() const;
    void rebuildIndex(); // call after editing layers

private:
    std::unordered_map<std::string, int> m_producer;
    std::vector<std::vector<int>> m_predecessors;
};

struct ModelTotals {
    int64_t layers = 0;
    int64_t computeLayers = 0;
    int64_t macs = 0;
    int64_t params = 0;
    int64_t paramBytes = 0;
    int64_t activationBytes = 0;
};

ModelTotals totals(const Model& model);

} // namespace mensa
