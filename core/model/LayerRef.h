#pragma once

namespace mensa {

// One layer of one model: the product's one layer identity. `model` is the model's index in
// an Analysis (the CLI) or the session's model id (the GUI: Analysis::modelIds maps one to
// the other), never its name, so two open models with the same name stay apart.
struct LayerRef {
    int model = -1;
    int layer = -1;

    bool isValid() const { return model >= 0 && layer >= 0; }
    bool operator==(const LayerRef& other) const = default;
};

} // namespace mensa
