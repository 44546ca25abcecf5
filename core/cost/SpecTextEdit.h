#pragma once

#include <google/protobuf/message.h>

#include <string>

namespace mensa {

// The text of `edited` written over `original`, a text of the same message type: changed values
// are replaced where they stand and fields set or cleared since are added or removed line by
// line, so the comments (the source of every constant), order and layout of the original
// survive an edit. Falls back to protobuf's printer, which drops comments, when the original
// does not parse or a change cannot be made in place (a repeated message that gained or lost an
// element, two fields on one line); the result always parses back to exactly `edited`.
std::string rewriteSpecText(const std::string& original, const google::protobuf::Message& edited);

} // namespace mensa
