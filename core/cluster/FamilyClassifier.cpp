#include "cluster/FamilyClassifier.h"

#include "proto/families.pb.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/ResourceLocator.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

namespace mensa {
namespace {

// Keeps the first parse error and where it is, 1-based (protobuf counts from 0).
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
public:
    void AddError(int line, int column, const std::string& message) override
    {
        if (!m_message.empty())
            return;
        m_where = ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
        m_message = message;
    }
    const std::string& where() const { return m_where; }
    const std::string& message() const { return m_message; }

private:
    std::string m_where, m_message;
};

FeatureRange toRange(const proto::Range& r)
{
    FeatureRange out;
    if (r.has_min())
        out.min = r.min();
    if (r.has_max())
        out.max = r.max();
    return out;
}

LayerKind parseKind(const std::string& text, const std::string& fileName, const std::string& family)
{
    for (int k = 0; k <= int(LayerKind::Other); ++k)
        if (toString(LayerKind(k)) == text)
            return LayerKind(k);
    throw MensaError(fileName, "family '" + family + "': unknown layer kind '" + text + "'");
}

FamilyRuleSpec toRule(const proto::FamilyRule& r, const std::string& fileName)
{
    if (r.name().empty())
        throw MensaError(fileName, "a family has no name");
    FamilyRuleSpec rule { r.name(), r.description(), r.accelerator(), {}, {} };
    rule.ranges[int(LayerFeature::ParamBytes)] = toRange(r.param_bytes());
    rule.ranges[int(LayerFeature::FlopPerByte)] = toRange(r.flop_per_byte());
    rule.ranges[int(LayerFeature::Macs)] = toRange(r.macs());
    rule.ranges[int(LayerFeature::ActivationBytes)] = toRange(r.activation_bytes());
    rule.ranges[int(LayerFeature::ParamReuse)] = toRange(r.param_reuse());
    for (int f = 0; f < kLayerFeatureCount; ++f) {
        const auto& range = rule.ranges[f];
        if (range.min && range.max && *range.min > *range.max)
            throw MensaError(fileName,
                "family '" + r.name() + "': " + std::string(columnName(LayerFeature(f)))
                    + " min > max");
    }
    for (const auto& kind : r.kinds())
        rule.kinds.push_back(parseKind(kind, fileName, r.name()));
    return rule;
}

} // namespace

FamilyClassifier FamilyClassifier::fromText(const std::string& text, const std::string& fileName)
{
    proto::FamilyConfig config;
    google::protobuf::TextFormat::Parser parser;
    FirstErrorCollector errors;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(text, &config))
        throw MensaError(fileName + errors.where(), errors.message());
    if (config.family_size() == 0)
        throw MensaError(fileName, "no family defined");
    FamilyClassifier classifier;
    for (const auto& rule : config.family())
        classifier.m_rules.push_back(toRule(rule, fileName));
    if (!config.fallback_family().empty())
        classifier.m_fallbackName = config.fallback_family();
    classifier.m_fallbackAccelerator = config.fallback_accelerator();
    return classifier;
}

FamilyClassifier FamilyClassifier::fromFile(const std::string& path)
{
    if (path.empty()) // defaultRulesPath() found no rules
        throw MensaError("families.textproto",
            "no family rules found (" + ResourceLocator().searchedText(ResourceKind::FamilyRules)
                + ")");
    constexpr std::uintmax_t kMaxRulesBytes = 4u << 20;
    return fromText(readRegularFile(path, kMaxRulesBytes), path);
}

std::string FamilyClassifier::defaultRulesPath()
{
    return ResourceLocator().familyRulesPath();
}

int FamilyClassifier::classify(const Layer& layer) const
{
    return classifyFeatures(layerFeatures(layer), layer.kind);
}

int FamilyClassifier::classifyFeatures(const FeatureVector& features, LayerKind kind) const
{
    for (int r = 0; r < int(m_rules.size()); ++r) {
        const FamilyRuleSpec& rule = m_rules[r];
        if (!rule.kinds.empty()
            && std::find(rule.kinds.begin(), rule.kinds.end(), kind) == rule.kinds.end())
            continue;
        bool match = true;
        for (int f = 0; f < kLayerFeatureCount && match; ++f)
            match = rule.ranges[f].contains(features[f]);
        if (match)
            return r;
    }
    return fallbackIndex();
}

const std::string& FamilyClassifier::familyName(int family) const
{
    return family < int(m_rules.size()) ? m_rules.at(family).name : m_fallbackName;
}

const std::string& FamilyClassifier::accelerator(int family) const
{
    return family < int(m_rules.size()) ? m_rules.at(family).accelerator : m_fallbackAccelerator;
}

} // namespace mensa
