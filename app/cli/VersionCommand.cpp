#include "CommandRegistry.h"

#include <google/protobuf/stubs/common.h>

#include <iostream>

namespace mensa::cli {
namespace {

int runVersion(const CliArgs&)
{
    std::cout << "mensa " << MENSA_VERSION << "\n"
              << "protobuf " << google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION)
              << "\n";
    return 0;
}

const CommandRegistration kRegistration("version", {"print the version of mensa and its libraries",
                                                    "Usage: mensa version", runVersion});

} // namespace
} // namespace mensa::cli
