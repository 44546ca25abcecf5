#include "cost/SpecTextEdit.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace mensa {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::TextFormat;
using Tree = TextFormat::ParseInfoTree;

// The caller has parsed the text before; a failure here only means "print it afresh".
class SilentErrors : public google::protobuf::io::ErrorCollector {
public:
    void AddError(int, int, const std::string&) override { }
};

std::string printed(const Message& message)
{
    std::string text;
    TextFormat::PrintToString(message, &text);
    return text;
}

// One replacement of text[begin, end); insertions have begin == end. `order` keeps insertions
// at one offset in the order they were made.
struct TextEdit {
    size_t begin = 0;
    size_t end = 0;
    std::string text;
    size_t order = 0;
};

class SpecTextRewriter {
public:
    explicit SpecTextRewriter(const std::string& text)
        : m_text(text)
    {
        m_lineStart.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n')
                m_lineStart.push_back(i + 1);
    }

    // Edits turning the message parsed from the text (with `tree`) into `edited`; `close` is the
    // offset of the message's closing brace (npos at the top level), `indent` its fields' indent.
    void message(const Message& original, const Message& edited, const Tree& tree, size_t close,
        const std::string& indent)
    {
        const auto* d = edited.GetDescriptor();
        for (int i = 0; i < d->field_count() && m_ok; ++i) {
            const FieldDescriptor* f = d->field(i);
            if (f->is_repeated())
                repeated(original, edited, tree, f, close, indent);
            else
                singular(original, edited, tree, f, close, indent);
        }
    }
    bool ok() const { return m_ok; }
    std::string apply() const;

private:
    size_t offset(const TextFormat::ParseLocation& at) const
    {
        return m_lineStart.at(size_t(at.line)) + size_t(at.column);
    }
    void singular(const Message& original, const Message& edited, const Tree& tree,
        const FieldDescriptor* f, size_t close, const std::string& indent);
    void repeated(const Message& original, const Message& edited, const Tree& tree,
        const FieldDescriptor* f, size_t close, const std::string& indent);
    void nested(const Message& original, const Message& edited, const Tree& tree,
        const FieldDescriptor* f, int index);
    void replaceValue(const Message& original, const Message& edited, const FieldDescriptor* f,
        int index, const TextFormat::ParseLocationRange& range);
    size_t aligningSpaces(size_t end, long growth, std::string& value) const;
    void insertLines(size_t close, const std::string& lines);
    void removeLines(const TextFormat::ParseLocationRange& range);
    std::string fieldLines(
        const Message& m, const FieldDescriptor* f, int index, const std::string& indent) const;
    std::string indentOf(const TextFormat::ParseLocationRange& range) const
    {
        return std::string(size_t(range.start.column), ' ');
    }
    void edit(size_t begin, size_t end, std::string text)
    {
        m_edits.push_back({ begin, end, std::move(text), m_edits.size() });
    }

    const std::string& m_text;
    std::vector<size_t> m_lineStart;
    std::vector<TextEdit> m_edits;
    bool m_ok = true;
};

void SpecTextRewriter::singular(const Message& original, const Message& edited, const Tree& tree,
    const FieldDescriptor* f, size_t close, const std::string& indent)
{
    const bool had = original.GetReflection()->HasField(original, f);
    const bool has = edited.GetReflection()->HasField(edited, f);
    if (!had && !has)
        return;
    if (!had) {
        insertLines(close, fieldLines(edited, f, -1, indent));
        return;
    }
    const TextFormat::ParseLocationRange range = tree.GetLocationRange(f, -1);
    if (!has) {
        removeLines(range);
        return;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        replaceValue(original, edited, f, -1, range);
        return;
    }
    nested(original.GetReflection()->GetMessage(original, f),
        edited.GetReflection()->GetMessage(edited, f), tree, f, -1);
}

// Element `index` of message field f (-1: a singular field), whose text is a `{ ... }` block.
void SpecTextRewriter::nested(const Message& original, const Message& edited, const Tree& tree,
    const FieldDescriptor* f, int index)
{
    const TextFormat::ParseLocationRange range = tree.GetLocationRange(f, index);
    const Tree* sub = tree.GetTreeForNested(f, index);
    const size_t end = offset(range.end);
    if (!sub || end == 0 || m_text[end - 1] != '}') {
        m_ok = false;
        return;
    }
    message(original, edited, *sub, end - 1, indentOf(range) + "  ");
}

void SpecTextRewriter::repeated(const Message& original, const Message& edited, const Tree& tree,
    const FieldDescriptor* f, size_t close, const std::string& indent)
{
    const int before = original.GetReflection()->FieldSize(original, f);
    const int after = edited.GetReflection()->FieldSize(edited, f);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (before != after) {
            m_ok = false; // an element added or removed: no place of its own to keep
            return;
        }
        for (int k = 0; k < after && m_ok; ++k)
            nested(original.GetReflection()->GetRepeatedMessage(original, f, k),
                edited.GetReflection()->GetRepeatedMessage(edited, f, k), tree, f, k);
        return;
    }
    // A list of scalars: the elements the lists share are replaced in place, the rest of the
    // old list removed and the rest of the new one added after its last kept element.
    const int kept = std::min(before, after);
    for (int k = 0; k < kept && m_ok; ++k)
        replaceValue(original, edited, f, k, tree.GetLocationRange(f, k));
    for (int k = kept; k < before && m_ok; ++k)
        removeLines(tree.GetLocationRange(f, k));
    std::string added;
    for (int k = kept; k < after; ++k)
        added
            += fieldLines(edited, f, k, kept > 0 ? indentOf(tree.GetLocationRange(f, 0)) : indent);
    if (added.empty() || !m_ok)
        return;
    if (kept == 0) {
        insertLines(close, added);
        return;
    }
    const size_t line = size_t(tree.GetLocationRange(f, kept - 1).end.line) + 1;
    if (line >= m_lineStart.size()) {
        m_ok = false;
        return;
    }
    edit(m_lineStart[line], m_lineStart[line], added);
}

// The value's text when the value changed ("1e9" stays as written while it is 10^9).
void SpecTextRewriter::replaceValue(const Message& original, const Message& edited,
    const FieldDescriptor* f, int index, const TextFormat::ParseLocationRange& range)
{
    std::string before, text;
    TextFormat::Printer().PrintFieldValueToString(original, f, index, &before);
    TextFormat::Printer().PrintFieldValueToString(edited, f, index, &text);
    if (before == text)
        return;
    const size_t begin = offset(range.start), end = offset(range.end);
    const size_t colon = m_text.find(':', begin);
    if (colon == std::string::npos || colon >= end) {
        m_ok = false;
        return;
    }
    const size_t value = m_text.find_first_not_of(" \t", colon + 1);
    const size_t spaces = aligningSpaces(end, long(text.size()) - long(end - value), text);
    edit(value, end + spaces, text);
}

// Keeps a trailing comment in its column: a longer value takes spaces from the gap before it
// (leaving one) and a shorter one pads it. Returns how many spaces after `end` to replace.
size_t SpecTextRewriter::aligningSpaces(size_t end, long growth, std::string& value) const
{
    const size_t comment = m_text.find_first_not_of(' ', end);
    if (comment == std::string::npos || m_text[comment] != '#' || comment == end)
        return 0;
    const long gap = long(comment - end);
    if (growth < 0)
        value.append(size_t(-growth), ' ');
    return size_t(growth > 0 ? std::min(growth, gap - 1) : 0);
}

// Before the line of the message's closing brace, or at the end of the text at the top level.
void SpecTextRewriter::insertLines(size_t close, const std::string& lines)
{
    if (close == std::string::npos) {
        const bool newline = !m_text.empty() && m_text.back() != '\n';
        edit(m_text.size(), m_text.size(), (newline ? "\n" : "") + lines);
        return;
    }
    const size_t lineStart = m_text.rfind('\n', close) + 1; // npos + 1 == 0
    if (m_text.find_first_not_of(" \t", lineStart) != close) {
        m_ok = false; // the brace shares its line with fields
        return;
    }
    edit(lineStart, lineStart, lines);
}

// The whole lines of a field that stands alone on them (a trailing comment goes with it).
void SpecTextRewriter::removeLines(const TextFormat::ParseLocationRange& range)
{
    const size_t begin = offset(range.start), end = offset(range.end);
    const size_t lineStart = m_lineStart.at(size_t(range.start.line));
    const size_t next = m_text.find('\n', end);
    const size_t lineEnd = next == std::string::npos ? m_text.size() : next + 1;
    const size_t rest = m_text.find_first_not_of(" \t", end);
    const bool aloneBefore = m_text.find_first_not_of(" \t", lineStart) == begin;
    const bool aloneAfter = rest == std::string::npos || rest == next || m_text[rest] == '#';
    if (!aloneBefore || !aloneAfter) {
        m_ok = false;
        return;
    }
    edit(lineStart, lineEnd, {});
}

std::string SpecTextRewriter::fieldLines(
    const Message& m, const FieldDescriptor* f, int index, const std::string& indent) const
{
    std::string name = f->name();
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        std::string value;
        TextFormat::Printer().PrintFieldValueToString(m, f, index, &value);
        return indent + name + ": " + value + "\n";
    }
    const Message& sub = index < 0 ? m.GetReflection()->GetMessage(m, f)
                                   : m.GetReflection()->GetRepeatedMessage(m, f, index);
    TextFormat::Printer printer;
    printer.SetInitialIndentLevel(int(indent.size() / 2) + 1);
    std::string body;
    printer.PrintToString(sub, &body);
    return indent + name + " {\n" + body + indent + "}\n";
}

std::string SpecTextRewriter::apply() const
{
    std::vector<TextEdit> edits = m_edits;
    std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
        return a.begin != b.begin ? a.begin > b.begin : a.order > b.order;
    });
    std::string text = m_text;
    for (const TextEdit& e : edits)
        text.replace(e.begin, e.end - e.begin, e.text);
    return text;
}

} // namespace

std::string rewriteSpecText(const std::string& original, const Message& edited)
{
    std::unique_ptr<Message> parsed(edited.New());
    Tree tree;
    TextFormat::Parser parser;
    parser.WriteLocationsTo(&tree);
    SilentErrors errors;
    parser.RecordErrorsTo(&errors);
    // Columns count a tab as one character only when there is none.
    if (original.find('\t') != std::string::npos || !parser.ParseFromString(original, parsed.get()))
        return printed(edited);
    SpecTextRewriter rewriter(original);
    rewriter.message(*parsed, edited, tree, std::string::npos, "");
    if (!rewriter.ok())
        return printed(edited);
    std::string text = rewriter.apply();
    std::unique_ptr<Message> check(edited.New());
    TextFormat::Parser checker;
    checker.RecordErrorsTo(&errors);
    if (!checker.ParseFromString(text, check.get())
        || !google::protobuf::util::MessageDifferencer::Equals(*check, edited))
        return printed(edited);
    return text;
}

} // namespace mensa
