#include "ExploreOutput.h"

#include "AtomicFile.h"
#include "FigureRenderer.h"
#include "dse/Codesign.h"
#include "dse/PointTable.h"
#include "util/Error.h"

#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

namespace mensa::cli {
namespace {

const char* const kMarkerHeader = "mensa explore shard 1";

uint64_t wholeNumber(const std::map<std::string, std::string>& fields, const std::string& key,
    const std::string& where)
{
    auto it = fields.find(key);
    if (it == fields.end())
        throw MensaError(where, "shard marker has no " + key);
    try {
        size_t used = 0;
        const uint64_t v = std::stoull(it->second, &used);
        if (used == it->second.size())
            return v;
    }
    catch (const std::exception&) {
    }
    throw MensaError(where, "shard marker: bad " + key + " \"" + it->second + "\"");
}

} // namespace

void writeExploreResults(const std::string& folder, const SearchSpace& space,
    const std::vector<std::string>& modelNames, const std::string& mode,
    const ExploreCollector& collector, StreamingFile& points)
{
    const std::string dir = folder + "/";
    const std::vector<PointResult> front = collector.front();
    std::string pareto = pointCsvHeader(space, modelNames);
    for (const PointResult& p : front)
        pareto += pointCsvRow(space, p);
    writeFileAtomically(dir + "pareto.csv", pareto);
    writeFileAtomically(dir + "pareto.json", paretoJson(space, modelNames, front));
    for (size_t k = 0; k < space.objectives.size(); ++k)
        if (const auto& best = collector.best(k))
            writeFileAtomically(dir + "best_" + space.objectives[k].name + ".textproto",
                bestSpecText(space, space.objectives[k], *best));
    writeFileAtomically(dir + "sensitivity.csv", sensitivityCsv(space, collector));
    writeFileAtomically(
        dir + "summary.json", exploreSummaryJson(space, mode, modelNames, collector));
    points.commit();
}

void writeCodesign(const std::string& folder, const Explorer& explorer,
    const ExploreCollector& collector, std::ostream& out)
{
    const std::vector<CodesignRow> rows = compareCodesign(explorer, collector);
    writeFileAtomically(folder + "/codesign.csv", codesignCsv(explorer.space(), rows));
    out << codesignText(explorer.space(), rows);
}

std::string exploreRunHash(const SearchSpace& space, const std::string& policyName,
    const std::vector<std::string>& modelPaths)
{
    std::string text = space.text + "\npolicy=" + policyName;
    for (const std::string& path : modelPaths)
        text += "\nmodel=" + path;
    return textHash(text);
}

int drawExploreFigures(
    const std::string& spaceFile, const std::string& folder, const std::string& mode)
{
    if (figureRendererPath().empty()) {
        std::cerr << "mensa explore: no figures: " << figureRendererMissing() << "\n";
        return 0;
    }
    return runFigureRenderer("explore-figures", { spaceFile, folder, "--search", mode });
}

std::string shardMarkerText(const ShardMarker& m)
{
    std::string out = std::string(kMarkerHeader) + "\nspace=" + m.spaceFile + "\nspace_hash="
        + m.spaceHash + "\nrun_hash=" + m.runHash + "\nshard=" + std::to_string(m.index)
        + "\ncount=" + std::to_string(m.count) + "\nrows=" + std::to_string(m.rows) + "\ninvalid="
        + std::to_string(m.invalid) + "\nover_area=" + std::to_string(m.overArea) + "\n";
    for (const std::string& model : m.models)
        out += "model=" + model + "\n";
    return out + "end\n";
}

ShardMarker parseShardMarker(const std::string& text, const std::string& where)
{
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kMarkerHeader)
        throw MensaError(where, "not a mensa explore shard marker");
    std::map<std::string, std::string> fields;
    ShardMarker m;
    bool ended = false;
    while (std::getline(in, line)) {
        if (line == "end") {
            ended = true;
            break;
        }
        const size_t eq = line.find('=');
        if (eq == std::string::npos)
            throw MensaError(where, "shard marker: bad line \"" + line + "\"");
        if (line.substr(0, eq) == "model")
            m.models.push_back(line.substr(eq + 1));
        else
            fields[line.substr(0, eq)] = line.substr(eq + 1);
    }
    if (!ended)
        throw MensaError(where, "shard marker is truncated");
    m.spaceFile = fields["space"];
    m.spaceHash = fields["space_hash"];
    m.runHash = fields["run_hash"];
    m.index = wholeNumber(fields, "shard", where);
    m.count = wholeNumber(fields, "count", where);
    m.rows = wholeNumber(fields, "rows", where);
    m.invalid = wholeNumber(fields, "invalid", where);
    m.overArea = wholeNumber(fields, "over_area", where);
    return m;
}

std::string textHash(const std::string& text)
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace mensa::cli
