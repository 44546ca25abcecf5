#pragma once

#include "cluster/LayerFeatures.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mensa {

struct FeatureRange {
    std::optional<double> min, max;
    bool contains(double v) const { return (!min || v >= *min) && (!max || v <= *max); }
};

struct FamilyRuleSpec {
    std::string name;
    std::string description;
    std::string accelerator;
    std::array<FeatureRange, kLayerFeatureCount> ranges {};
    std::vector<LayerKind> kinds; // empty: any kind
};

// Families and the Mensa accelerator meant for each, from a rules file.
class FamilyClassifier {
public:
    // Parses protobuf text (core/proto/families.proto); MensaError "file:line:col: problem".
    static FamilyClassifier fromText(const std::string& text, const std::string& fileName);
    // Reads a rules file; an empty path (no default rules found) throws naming the folders
    // searched.
    static FamilyClassifier fromFile(const std::string& path);
    // The shipped families.textproto found by ResourceLocator (see util/ResourceLocator.h), or "".
    static std::string defaultRulesPath();

    // Family index of a layer: the first matching rule, or fallbackIndex().
    int classify(const Layer& layer) const;
    int classifyFeatures(const FeatureVector& features, LayerKind kind) const;

    int familyCount() const { return int(m_rules.size()) + 1; } // rules + fallback
    int fallbackIndex() const { return int(m_rules.size()); }
    const std::string& familyName(int family) const;
    const std::string& accelerator(int family) const;
    const std::vector<FamilyRuleSpec>& rules() const { return m_rules; }

private:
    std::vector<FamilyRuleSpec> m_rules;
    std::string m_fallbackName = "Unclassified";
    std::string m_fallbackAccelerator;
};

} // namespace mensa
