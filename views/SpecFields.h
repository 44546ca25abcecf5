#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace mensa::views {

// One leaf field of a spec message as the accelerator editor shows it.
struct SpecField {
    QString path; // "accelerators[1].memory.bandwidth_gb_per_s"
    QString group; // path of the message holding it ("" at the top level)
    QString label; // "bandwidth (GB/s)" style label without the unit: "Bandwidth"
    QString unit; // from the field name: "GB/s", "pJ/B", "" when none
    QString value; // text form, "" when unset
    const google::protobuf::FieldDescriptor* field = nullptr;
};

// Every leaf field of MESSAGE from its descriptor (set or not), nested messages flattened in
// declaration order, repeated messages once per element.
std::vector<SpecField> specFields(const google::protobuf::Message& message);
// The unit a field's name spells ("size_bytes" -> "B", "clock_mhz" -> "MHz"), or "".
QString fieldUnit(const std::string& fieldName);
// Every unit fieldUnit can give, so a form can make room for the widest.
QStringList fieldUnits();
// "pe_rows" -> "PE rows".
QString fieldLabel(const std::string& fieldName);
// The text of the field at PATH ("" when unset or no such field).
QString specFieldText(const google::protobuf::Message& message, const QString& path);
// Sets the field at PATH from TEXT ("" clears it); returns "" or a one-line problem.
QString setSpecField(google::protobuf::Message& message, const QString& path, const QString& text);
// The repeated message field at PATH ("accelerators"): appends a copy of its last element (or
// an empty one), or removes element INDEX. Return "" or a one-line problem.
QString addSpecElement(google::protobuf::Message& message, const QString& path);
QString removeSpecElement(google::protobuf::Message& message, const QString& path, int index);

// Parses spec text as an AcceleratorSpec or else a SystemSpec (syntax only); null with ERROR
// set when it is neither.
std::unique_ptr<google::protobuf::Message> parseSpecMessage(
    const std::string& text, std::string* error);
// Core's parse and validation of spec text: "" when valid, else the one-line message.
QString validateSpecText(const std::string& text, const std::string& displayName);
// The field path a validator message names ("x:3:1: field noc.clusters: ..." -> "noc.clusters").
QString problemFieldPath(const QString& message);

} // namespace mensa::views
