#pragma once

#include "CliArgs.h"

namespace mensa::cli {

// `mensa explore merge OUTDIR SHARDDIR...`: checks that the shard folders hold every shard of
// one run, each finished (shard.complete), and writes into OUTDIR exactly the files the
// unsharded run writes. Returns the exit code (2 on an incomplete or mismatched set).
int runExploreMerge(const CliArgs& args);

} // namespace mensa::cli
