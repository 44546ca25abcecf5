#pragma once

#include "proto/accelerator.pb.h"

#include <google/protobuf/text_format.h>

#include <memory>
#include <string>
#include <vector>

namespace mensa {

// Specs are immutable once parsed and validated; cost models share them.
using AcceleratorSpecPtr = std::shared_ptr<const spec::AcceleratorSpec>;
using SystemSpecPtr = std::shared_ptr<const spec::SystemSpec>;

// Parses protobuf text holding either an AcceleratorSpec or a SystemSpec (a file whose
// top level declares `accelerators` or `links` is a system); a single accelerator becomes
// a system of one. Syntax errors throw MensaError "name:line:col: message"; semantic errors
// throw "name[:line:col]: field path: problem". Nothing is returned unless fully valid.
SystemSpecPtr parseSystemSpecText(const std::string& text, const std::string& displayName);

// Parses protobuf text into `message`, recording field positions in `tree`; a syntax error or
// an unknown field throws MensaError "name:line:col: message" (the one way every hand-written
// protobuf text file of Mensa Studio reports errors).
void parseProtoText(const std::string& text, const std::string& displayName,
    google::protobuf::Message& message, google::protobuf::TextFormat::ParseInfoTree& tree);

// Reads and parses a spec file; throws MensaError naming the file on any problem.
SystemSpecPtr loadSystemSpecFile(const std::string& path);

// Loads a built-in spec by name (edge_tpu, eyeriss_v2, mensa) or, when the argument names
// an existing file or ends in .textproto / .txtpb / .pbtxt, that file.
SystemSpecPtr loadSystemSpec(const std::string& nameOrPath);
// The file loadSystemSpec reads for NAME_OR_PATH (a built-in name is looked up in the
// folders below); throws MensaError naming what is not found.
std::string resolveSystemSpecPath(const std::string& nameOrPath);
// The text of a spec file (checked to be a regular file); MensaError when it cannot be read.
std::string readSpecFile(const std::string& path);

// Folders searched for the built-in specs, in order (see util/ResourceLocator.h):
// $MENSA_RESOURCES_DIR, $MENSA_DATA_DIR/accelerators, $MENSA_SOURCE_DIR/resources/accelerators,
// <exe>/../share/mensa-studio/accelerators, MENSA_DATA_DIR/accelerators,
// MENSA_SOURCE_DIR/resources/accelerators.
std::vector<std::string> specSearchDirs();
// Path of a built-in spec (NAME.textproto in the first folder that has it), or "".
std::string findBuiltinSpec(const std::string& name);
// Names of the built-in specs found in the search folders, sorted.
std::vector<std::string> builtinSpecNames();

} // namespace mensa
