#include "calibrate/FittableField.h"

#include "cost/SpecParser.h"
#include "util/Error.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <sstream>
#include <type_traits>

namespace mensa {
namespace {

namespace pb = google::protobuf;
using Tree = pb::TextFormat::ParseInfoTree;

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> parts;
    std::istringstream in(path);
    for (std::string part; std::getline(in, part, '.');)
        parts.push_back(part);
    return parts;
}

const pb::FieldDescriptor* fieldOf(const pb::Message& message, const std::string& name)
{
    const pb::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
    if (!field || field->is_repeated())
        throw MensaError(name, "not a singular field of " + message.GetDescriptor()->name());
    return field;
}

// The message holding the last field of `path` (null when a message on the way is unset and
// `create` is false) and that field.
template <typename Message>
std::pair<Message*, const pb::FieldDescriptor*> walk(
    Message& root, const std::string& path, bool create)
{
    std::vector<std::string> parts = splitPath(path);
    Message* message = &root;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const pb::FieldDescriptor* field = fieldOf(*message, parts[i]);
        if constexpr (std::is_const_v<Message>) {
            if (!message->GetReflection()->HasField(*message, field))
                return { nullptr, field };
            message = &message->GetReflection()->GetMessage(*message, field);
        }
        else {
            if (!create && !message->GetReflection()->HasField(*message, field))
                return { nullptr, field };
            message = message->GetReflection()->MutableMessage(message, field);
        }
    }
    return { message, fieldOf(*message, parts.back()) };
}

// The text after the first '#' outside a string literal at or after `column`, trimmed.
std::string trailingComment(const std::string& line, size_t column)
{
    char quote = 0;
    for (size_t i = column; i < line.size(); ++i) {
        const char c = line[i];
        if (quote) {
            if (c == '\\')
                ++i;
            else if (c == quote)
                quote = 0;
        }
        else if (c == '"' || c == '\'')
            quote = c;
        else if (c == '#') {
            std::string text = line.substr(i + 1);
            const size_t first = text.find_first_not_of(' ');
            return first == std::string::npos ? "" : text.substr(first);
        }
    }
    return "";
}

FieldSource sourceOf(const std::string& comment)
{
    FieldSource source;
    source.comment = comment;
    if (!comment.empty() && comment[0] == '[') {
        const size_t close = comment.find(']');
        if (close != std::string::npos)
            source.tag = comment.substr(0, close + 1);
    }
    return source;
}

void collectLines(const pb::Message& message, const Tree& tree, const std::string& prefix,
    const std::vector<std::string>& lines, std::vector<SpecFieldLine>& out)
{
    const pb::Descriptor* descriptor = message.GetDescriptor();
    const pb::Reflection* reflection = message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
        const pb::FieldDescriptor* field = descriptor->field(i);
        if (field->is_repeated() || !reflection->HasField(message, field))
            continue;
        const std::string path = prefix + field->name();
        if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
            if (const Tree* nested = tree.GetTreeForNested(field, -1))
                collectLines(
                    reflection->GetMessage(message, field), *nested, path + ".", lines, out);
            continue;
        }
        const pb::TextFormat::ParseLocation where = tree.GetLocation(field, -1);
        if (where.line < 0 || size_t(where.line) >= lines.size())
            continue;
        SpecFieldLine line;
        line.path = path;
        line.line = where.line;
        line.column = where.column;
        line.source = sourceOf(trailingComment(lines[size_t(where.line)], size_t(where.column)));
        out.push_back(line);
    }
}

} // namespace

const std::vector<FittableField>& fittableFields()
{
    using Q = FitQuantity;
    static const std::vector<FittableField> fields = {
        { "host_link.bandwidth_gb_per_s", Q::Latency, 0.01, 1000 },
        { "host_link.per_layer_overhead_us", Q::Latency, 0.001, 10000 },
        { "static_power_w", Q::Energy, 1e-4, 1000 },
        { "memory.energy_pj_per_byte", Q::Energy, 0.01, 10000 },
        { "host_link.energy_pj_per_byte", Q::Energy, 0.01, 10000 },
        { "parameter_buffer.read_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "parameter_buffer.write_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "activation_buffer.read_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "activation_buffer.write_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "global_buffer.read_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "global_buffer.write_energy_pj_per_byte", Q::Energy, 0.001, 1000 },
        { "noc.energy_pj_per_byte", Q::Energy, 0.001, 1000 },
    };
    return fields;
}

bool hasSpecField(const spec::AcceleratorSpec& spec, const std::string& path)
{
    auto [message, field] = walk<const pb::Message>(spec, path, false);
    return message && message->GetReflection()->HasField(*message, field);
}

double specFieldValue(const spec::AcceleratorSpec& spec, const std::string& path)
{
    auto [message, field] = walk<const pb::Message>(spec, path, false);
    if (!message || !message->GetReflection()->HasField(*message, field))
        return 0;
    return message->GetReflection()->GetDouble(*message, field);
}

void setSpecFieldValue(spec::AcceleratorSpec& spec, const std::string& path, double value)
{
    auto [message, field] = walk<pb::Message>(spec, path, true);
    message->GetReflection()->SetDouble(message, field, value);
}

std::vector<SpecFieldLine> specFieldLines(
    const std::string& text, const std::string& displayName, spec::AcceleratorSpec* parsed)
{
    spec::AcceleratorSpec spec;
    Tree tree;
    parseProtoText(text, displayName, spec, tree);
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::vector<SpecFieldLine> out;
    collectLines(spec, tree, "", lines, out);
    if (parsed)
        *parsed = std::move(spec);
    return out;
}

} // namespace mensa
