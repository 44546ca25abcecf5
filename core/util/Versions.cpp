#include "util/Versions.h"

#include <google/protobuf/stubs/common.h>

namespace mensa {

VersionList coreLibraryVersions()
{
    return { { "Mensa Studio", MENSA_VERSION },
        { "Protocol Buffers", google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION) },
        { "ONNX", MENSA_ONNX_VERSION } };
}

} // namespace mensa
