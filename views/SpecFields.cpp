#include "SpecFields.h"

#include "cost/SpecParser.h"
#include "proto/accelerator.pb.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <QRegularExpression>
#include <QStringList>

#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace mensa::views {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

QString doubleText(double value)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", value);
    return QString::fromLatin1(buf);
}

// A list of strings (host operators) is edited as one comma-separated line.
bool isStringList(const FieldDescriptor* f)
{
    return f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
}

QString stringListText(const Message& m, const FieldDescriptor* f)
{
    QStringList items;
    const Reflection* r = m.GetReflection();
    for (int i = 0; i < r->FieldSize(m, f); ++i)
        items << QString::fromStdString(r->GetRepeatedString(m, f, i));
    return items.join(", ");
}

QString scalarText(const Message& m, const FieldDescriptor* f)
{
    const Reflection* r = m.GetReflection();
    if (isStringList(f))
        return stringListText(m, f);
    if (!r->HasField(m, f))
        return {};
    switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
        return QString::number(r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
        return QString::number(r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
        return QString::number(r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
        return QString::number(r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
        return doubleText(r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
        return doubleText(r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
        return r->GetBool(m, f) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
        return QString::fromStdString(std::string(r->GetEnum(m, f)->name()));
    case FieldDescriptor::CPPTYPE_STRING:
        return QString::fromStdString(r->GetString(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    return {};
}

void collect(const Message& m, const QString& prefix, std::vector<SpecField>& out)
{
    const Descriptor* d = m.GetDescriptor();
    const Reflection* r = m.GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor* f = d->field(i);
        const QString name = QString::fromStdString(std::string(f->name()));
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
            if (f->is_repeated()) {
                for (int k = 0; k < r->FieldSize(m, f); ++k)
                    collect(r->GetRepeatedMessage(m, f, k),
                        prefix + name + "[" + QString::number(k) + "].", out);
            }
            else
                collect(r->GetMessage(m, f), prefix + name + ".", out);
            continue;
        }
        if (f->is_repeated() && !isStringList(f))
            continue; // the spec schema's only repeated scalars are string lists
        SpecField s;
        s.path = prefix + name;
        s.group = prefix.isEmpty() ? QString() : prefix.left(prefix.size() - 1);
        s.label = fieldLabel(std::string(f->name()));
        s.unit = fieldUnit(std::string(f->name()));
        s.value = scalarText(m, f);
        s.field = f;
        out.push_back(std::move(s));
    }
}

struct Step {
    std::string name;
    int index = -1;
};

// "accelerators[1].memory.kind" -> steps; false when malformed.
bool splitPath(const QString& path, std::vector<Step>& steps)
{
    static const QRegularExpression step("^([a-z_0-9]+)(?:\\[(\\d+)\\])?$");
    for (const QString& part : path.split('.')) {
        const auto m = step.match(part);
        if (!m.hasMatch())
            return false;
        steps.push_back(
            { m.captured(1).toStdString(), m.captured(2).isEmpty() ? -1 : m.captured(2).toInt() });
    }
    return !steps.empty();
}

// The message holding the last step of PATH (created as needed) and that step's field.
std::pair<Message*, const FieldDescriptor*> resolve(
    Message& root, const QString& path, QString& problem, int* lastIndex = nullptr)
{
    std::vector<Step> steps;
    if (!splitPath(path, steps)) {
        problem = path + ": not a field path";
        return { nullptr, nullptr };
    }
    Message* m = &root;
    for (size_t s = 0; s < steps.size(); ++s) {
        const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(steps[s].name);
        if (!f) {
            problem = path + ": no such field";
            return { nullptr, nullptr };
        }
        if (s + 1 == steps.size()) {
            if (lastIndex)
                *lastIndex = steps[s].index;
            return { m, f };
        }
        if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
            problem = path + ": not a message";
            return { nullptr, nullptr };
        }
        const Reflection* r = m->GetReflection();
        if (f->is_repeated()) {
            if (steps[s].index < 0 || steps[s].index >= r->FieldSize(*m, f)) {
                problem = path + ": no such element";
                return { nullptr, nullptr };
            }
            m = r->MutableRepeatedMessage(m, f, steps[s].index);
        }
        else
            m = r->MutableMessage(m, f);
    }
    return { nullptr, nullptr };
}

QString setScalar(Message& m, const FieldDescriptor* f, const QString& text)
{
    const Reflection* r = m.GetReflection();
    const QString t = text.trimmed();
    bool ok = true;
    switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
        const int v = t.toInt(&ok);
        if (ok)
            r->SetInt32(&m, f, v);
        break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
        const qlonglong v = t.toLongLong(&ok);
        if (ok)
            r->SetInt64(&m, f, v);
        break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
        const uint v = t.toUInt(&ok);
        if (ok)
            r->SetUInt32(&m, f, v);
        break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
        const qulonglong v = t.toULongLong(&ok);
        if (ok)
            r->SetUInt64(&m, f, v);
        break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
        const double v = t.toDouble(&ok);
        ok = ok && std::isfinite(v);
        if (ok && f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE)
            r->SetDouble(&m, f, v);
        else if (ok)
            r->SetFloat(&m, f, static_cast<float>(v));
        break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
        ok = t == "true" || t == "false";
        if (ok)
            r->SetBool(&m, f, t == "true");
        break;
    case FieldDescriptor::CPPTYPE_ENUM: {
        const auto* value = f->enum_type()->FindValueByName(t.toStdString());
        ok = value != nullptr;
        if (ok)
            r->SetEnum(&m, f, value);
        break;
    }
    case FieldDescriptor::CPPTYPE_STRING:
        r->SetString(&m, f, text.toStdString());
        break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
        ok = false;
        break;
    }
    if (ok)
        return {};
    return "field " + QString::fromStdString(std::string(f->name())) + ": '" + t
        + "' is not a valid " + QString::fromLatin1(f->cpp_type_name());
}

// Syntax errors of a trial parse are expected (the other message type): kept quiet.
class QuietErrors : public google::protobuf::io::ErrorCollector {
public:
    void AddError(
        int line, google::protobuf::io::ColumnNumber column, const std::string& message) override
    {
        if (m_first.empty())
            m_first = std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
    }
    const std::string& first() const { return m_first; }

private:
    std::string m_first;
};

bool parseInto(const std::string& text, Message& m, std::string* error)
{
    QuietErrors errors;
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    if (parser.ParseFromString(text, &m))
        return true;
    if (error)
        *error = errors.first();
    return false;
}

// Field-name endings and their units; the first that matches wins.
const std::pair<const char*, const char*> kUnitSuffixes[] = {
    { "_macs_per_cycle_per_core", "MAC/cycle per core" },
    { "_ops_per_cycle_per_core", "ops/cycle per core" },
    { "_us_per_core", "µs per core" },
    { "_power_w_per_core", "W per core" },
    { "_bytes_per_core", "B per core" },
    { "_macs_per_cycle", "MAC/cycle" },
    { "_ops_per_cycle", "ops/cycle" },
    { "_ops_per_second", "ops/s" },
    { "_us", "µs" },
    { "efficiency", "fraction" },
    { "_loss", "fraction" },
    { "_bytes_per_cycle", "B/cycle" },
    { "_pj_per_byte", "pJ/B" },
    { "_pj_per_op", "pJ/op" },
    { "_gb_per_s", "GB/s" },
    { "_bytes_per_pe", "B per PE" },
    { "_bytes", "B" },
    { "_mhz", "MHz" },
    { "_ns", "ns" },
    { "_power_w", "W" },
    { "_energy_pj", "pJ" },
    { "macs_per_pe_per_cycle", "MAC/cycle" },
    { "_density", "fraction" },
    { "_bits_per_nonzero", "bits" },
    { "bytes_per_partial_sum", "B per sum" },
    { "stationary_registers_per_pe", "per MAC lane" },
    { "lanes", "ops/cycle" },
};

} // namespace

std::vector<SpecField> specFields(const Message& message)
{
    std::vector<SpecField> out;
    collect(message, {}, out);
    return out;
}

QString fieldUnit(const std::string& fieldName)
{
    for (const auto& [suffix, unit] : kUnitSuffixes)
        if (std::string_view(fieldName).ends_with(suffix))
            return QString::fromUtf8(unit);
    return {};
}

QStringList fieldUnits()
{
    QStringList units;
    for (const auto& entry : kUnitSuffixes)
        units << QString::fromUtf8(entry.second);
    return units;
}

QString fieldLabel(const std::string& fieldName)
{
    // The unit goes beside the field: "read_energy_pj_per_byte" -> "Read energy" [pJ/B].
    static const char* const kUnitSuffixes[] = { "_bytes_per_cycle", "_pj_per_byte", "_pj_per_op",
        "_gb_per_s", "_bytes_per_pe", "_bytes_per_core", "_bytes", "_mhz", "_ns", "_us_per_core",
        "_us", "_w_per_core", "_w", "_pj" };
    std::string_view stem = fieldName;
    for (const std::string_view suffix : kUnitSuffixes)
        if (stem.size() > suffix.size() && stem.ends_with(suffix)) {
            stem.remove_suffix(suffix.size()); // a name that is only a suffix stays
            break;
        }
    QStringList words = QString::fromUtf8(stem.data(), qsizetype(stem.size())).split('_');
    for (QString& w : words) {
        if (w == "pe" || w == "noc" || w == "mac")
            w = w.toUpper();
        else if (w == "pes" || w == "macs")
            w = w.left(w.size() - 1).toUpper() + "s";
    }
    QString label = words.join(' ');
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label;
}

QString specFieldText(const Message& message, const QString& path)
{
    auto copy = std::unique_ptr<Message>(message.New());
    copy->CopyFrom(message);
    QString problem;
    auto [m, f] = resolve(*copy, path, problem);
    return m && f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ? scalarText(*m, f) : QString();
}

QString setSpecField(Message& message, const QString& path, const QString& text)
{
    QString problem;
    auto [m, f] = resolve(message, path, problem);
    if (!m)
        return problem;
    if (isStringList(f)) {
        m->GetReflection()->ClearField(m, f);
        for (const QString& item : text.split(',', Qt::SkipEmptyParts))
            if (!item.trimmed().isEmpty())
                m->GetReflection()->AddString(m, f, item.trimmed().toStdString());
        return {};
    }
    if (f->is_repeated() || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)
        return path + ": not a single value";
    if (text.trimmed().isEmpty() && f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
        m->GetReflection()->ClearField(m, f);
        return {};
    }
    return setScalar(*m, f, text);
}

QString addSpecElement(Message& message, const QString& path)
{
    QString problem;
    auto [m, f] = resolve(message, path, problem);
    if (!m)
        return problem;
    if (!f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE)
        return path + ": not a list";
    const Reflection* r = m->GetReflection();
    const int size = r->FieldSize(*m, f);
    Message* added = r->AddMessage(m, f);
    if (size == 0)
        return {};
    added->CopyFrom(r->GetRepeatedMessage(*m, f, size - 1));
    const FieldDescriptor* name = added->GetDescriptor()->FindFieldByName("name");
    const Reflection* ar = added->GetReflection();
    if (name && name->cpp_type() == FieldDescriptor::CPPTYPE_STRING && ar->HasField(*added, name))
        ar->SetString(added, name, ar->GetString(*added, name) + "_" + std::to_string(size + 1));
    return {};
}

QString removeSpecElement(Message& message, const QString& path, int index)
{
    QString problem;
    auto [m, f] = resolve(message, path, problem);
    if (!m)
        return problem;
    const Reflection* r = m->GetReflection();
    if (!f->is_repeated() || index < 0 || index >= r->FieldSize(*m, f))
        return path + ": no element " + QString::number(index);
    for (int k = index; k + 1 < r->FieldSize(*m, f); ++k)
        r->SwapElements(m, f, k, k + 1);
    r->RemoveLast(m, f);
    return {};
}

std::unique_ptr<Message> parseSpecMessage(const std::string& text, std::string* error)
{
    auto accelerator = std::make_unique<spec::AcceleratorSpec>();
    if (parseInto(text, *accelerator, nullptr))
        return accelerator;
    auto system = std::make_unique<spec::SystemSpec>();
    if (parseInto(text, *system, error))
        return system;
    return nullptr;
}

QString validateSpecText(const std::string& text, const std::string& displayName)
{
    try {
        parseSystemSpecText(text, displayName);
    }
    catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString problemFieldPath(const QString& message)
{
    static const QRegularExpression field("(?:^|: )field ([A-Za-z_0-9.\\[\\]]+):");
    const auto m = field.match(message);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace mensa::views
