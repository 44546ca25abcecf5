#include "ExploreMerge.h"

#include "CommandRegistry.h"
#include "ExploreOutput.h"
#include "OutputFolder.h"

#include "dse/PointTable.h"
#include "mapping/MappingPolicy.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace mensa::cli {
namespace {

namespace fs = std::filesystem;

// One shard's points.csv, read row by row.
struct ShardRows {
    std::string path;
    std::unique_ptr<std::ifstream> in;
    std::string row;
    PointResult point;
    bool done = false;
    uint64_t read = 0;
};

std::vector<ShardMarker> readMarkers(const std::vector<std::string>& dirs)
{
    std::vector<ShardMarker> markers;
    for (const std::string& dir : dirs) {
        const std::string path = (fs::path(dir) / kShardMarkerName).string();
        std::error_code ec;
        if (!fs::exists(path, ec))
            throw MensaError(dir,
                std::string("no ") + kShardMarkerName
                    + ": the shard did not finish (run it again)");
        markers.push_back(parseShardMarker(readRegularFile(path, 1u << 20), path));
    }
    const ShardMarker& first = markers.front();
    std::vector<bool> present(first.count, false);
    for (size_t i = 0; i < markers.size(); ++i) {
        const ShardMarker& m = markers[i];
        if (m.runHash != first.runHash || m.count != first.count)
            throw MensaError(dirs[i],
                "a shard of another run (space, models or policy differ from " + dirs.front()
                    + ")");
        if (m.index >= m.count || present[m.index])
            throw MensaError(dirs[i],
                "shard " + std::to_string(m.index + 1) + "/" + std::to_string(m.count)
                    + " is given twice");
        present[m.index] = true;
    }
    if (markers.size() != first.count)
        throw MensaError(dirs.front(),
            "the run has " + std::to_string(first.count) + " shards, "
                + std::to_string(markers.size()) + " given");
    return markers;
}

bool advance(ShardRows& s, const SearchSpace& space, size_t models)
{
    if (!std::getline(*s.in, s.row)) {
        s.done = true;
        return false;
    }
    ++s.read;
    s.point = parsePointCsvRow(space, s.row, models, s.path + ":" + std::to_string(s.read + 1));
    return true;
}

// The model-only row of a co-design comparison simulates the base spec again, which needs the
// run's mapping policy: the marker records only its hash, so the default policy is checked.
void writeMergedCodesign(const std::string& outDir, const SearchSpace& space,
    const ShardMarker& marker, const ExploreCollector& collector)
{
    const MappingPolicy policy = MappingPolicy::defaults();
    if (exploreRunHash(space, policy.name(), {}) != marker.runHash) {
        std::cerr << "mensa explore merge: codesign.csv not written: the shards ran with a "
                     "mapping policy other than the default (run the space unsharded)\n";
        return;
    }
    writeCodesign(outDir, Explorer(space, {}, policy), collector, std::cout);
}

int merge(const std::string& outDir, const std::vector<std::string>& dirs)
{
    const std::vector<ShardMarker> markers = readMarkers(dirs);
    const ShardMarker& first = markers.front();
    const SearchSpace space = loadSearchSpace(first.spaceFile);
    if (textHash(space.text) != first.spaceHash)
        throw MensaError(first.spaceFile, "changed since the shards ran");
    const std::string header = pointCsvHeader(space, first.models);
    std::vector<ShardRows> shards(dirs.size());
    for (size_t i = 0; i < dirs.size(); ++i) {
        shards[i].path = (fs::path(dirs[i]) / "points.csv").string();
        requireRegularFile(shards[i].path);
        shards[i].in = std::make_unique<std::ifstream>(shards[i].path, std::ios::binary);
        std::string line;
        if (!std::getline(*shards[i].in, line) || line + "\n" != header)
            throw MensaError(shards[i].path, "header differs from the run's");
        advance(shards[i], space, first.models.size());
    }
    OutputFolder folder(outDir);
    StreamingFile points(folder.file("points.csv"));
    points.write(header);
    ExploreCollector collector(space);
    while (true) {
        ShardRows* next = nullptr;
        for (ShardRows& s : shards)
            if (!s.done && (!next || s.point.index < next->point.index))
                next = &s;
        if (!next)
            break;
        collector.add(next->point);
        points.write(next->row + "\n");
        advance(*next, space, first.models.size());
    }
    for (size_t i = 0; i < shards.size(); ++i) {
        if (shards[i].read != markers[i].rows)
            throw MensaError(shards[i].path,
                "holds " + std::to_string(shards[i].read) + " rows, the marker says "
                    + std::to_string(markers[i].rows));
        collector.addUnsimulated(markers[i].invalid, markers[i].overArea);
    }
    if (const std::string problem = collector.infeasibleProblem(); !problem.empty()) {
        std::cerr << "mensa explore merge: " << problem << "\n";
        return 2;
    }
    if (space.hasModelAxis())
        writeMergedCodesign(outDir, space, first, collector);
    writeExploreResults(outDir, space, first.models, "exhaustive", collector, points);
    folder.keep();
    std::cout << "merged " << dirs.size() << " shards of " << space.pointCount() << " points into "
              << outDir << "\n";
    return drawExploreFigures(first.spaceFile, outDir, "exhaustive");
}

} // namespace

int runExploreMerge(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({}); !unknown.empty())
        return usageError("explore", "unknown option --" + unknown.front());
    const auto& p = args.positional();
    if (p.size() < 3)
        return usageError("explore", "merge needs OUTDIR and at least one SHARDDIR");
    try {
        return merge(p[1], { p.begin() + 2, p.end() });
    }
    catch (const MensaError& e) {
        std::cerr << "mensa explore merge: " << e.what() << "\n";
        return 2;
    }
}

} // namespace mensa::cli
