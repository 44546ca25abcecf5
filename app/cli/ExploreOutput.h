#pragma once

#include "StreamingFile.h"
#include "dse/ExploreCollector.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace mensa::cli {

// What `mensa explore` writes, shared by a run and by `mensa explore merge` so that merged
// shards give byte for byte the files of the unsharded run.

// Writes pareto.csv, pareto.json, best_<objective>.textproto (one per objective),
// sensitivity.csv and summary.json atomically into `folder`, then publishes `points` (points.csv)
// last.
void writeExploreResults(const std::string& folder, const SearchSpace& space,
    const std::vector<std::string>& modelNames, const std::string& mode,
    const ExploreCollector& collector, StreamingFile& points);

// Co-design spaces (a model axis): writes codesign.csv into `folder` and prints the joint /
// hardware-only / model-only comparison on `out`.
void writeCodesign(const std::string& folder, const Explorer& explorer,
    const ExploreCollector& collector, std::ostream& out);
// Draws FOLDER/figures/{pareto,sensitivity}.{pdf,svg,png,csv} from the written points.csv
// through the figure renderer (mensa-figures explore-figures; mensa-explore never loads Qt).
// Without a renderer (a build without the GUI libraries) says so on stderr and returns 0;
// otherwise returns the renderer's exit code. `mode` names the search for the figures' header.
int drawExploreFigures(
    const std::string& spaceFile, const std::string& folder, const std::string& mode);

// The file a shard writes last: without it a shard folder is never merged as complete.
inline const char* const kShardMarkerName = "shard.complete";

// What a finished shard records about itself.
struct ShardMarker {
    std::string spaceFile; // absolute path of the search-space file
    std::string spaceHash; // of the space file's text
    std::string runHash; // of the space text, the models and the mapping policy
    uint64_t index = 0; // 0-based
    uint64_t count = 1;
    uint64_t rows = 0; // points.csv rows
    uint64_t invalid = 0;
    uint64_t overArea = 0;
    std::vector<std::string> models;
};

std::string shardMarkerText(const ShardMarker& marker);
// MensaError naming `where` when the text is not a complete marker.
ShardMarker parseShardMarker(const std::string& text, const std::string& where);
// FNV-1a 64-bit hash as 16 hex digits.
std::string textHash(const std::string& text);
// What identifies a run (shards of one run share it): the space text, the mapping policy's
// name and the model paths.
std::string exploreRunHash(const SearchSpace& space, const std::string& policyName,
    const std::vector<std::string>& modelPaths);

} // namespace mensa::cli
