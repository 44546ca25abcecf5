#include "onnx/EinsumEquation.h"

#include "util/CheckedMath.h"
#include "util/Error.h"

#include <algorithm>
#include <cctype>

namespace mensa {
namespace {

constexpr char kEllipsisLabel = '0'; // ellipsis dims become '0', '1', ... (never letters)
constexpr size_t kMaxEllipsisDims = 10;

[[noreturn]] void fail(const std::string& equation, const std::string& problem)
{
    throw MensaError("", "Einsum equation '" + equation + "' " + problem);
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == separator)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

size_t letterCount(const std::string& term)
{
    return static_cast<size_t>(
        std::count_if(term.begin(), term.end(), [](char c) { return std::isalpha(c); }));
}

} // namespace

EinsumEquation::EinsumEquation(
    const std::string& equation, const std::vector<std::vector<int64_t>>& shapes)
{
    std::string text;
    for (char c : equation)
        if (!std::isspace(static_cast<unsigned char>(c)))
            text += c;
    size_t arrow = text.find("->");
    std::vector<std::string> terms = split(text.substr(0, arrow), ',');
    if (terms.size() != shapes.size())
        fail(equation,
            "names " + std::to_string(terms.size()) + " operands but the node has "
                + std::to_string(shapes.size()));
    for (size_t i = 0; i < terms.size(); ++i) {
        bool ellipsis = terms[i].find("...") != std::string::npos;
        size_t letters = letterCount(terms[i]);
        if (shapes[i].size() < letters || (!ellipsis && shapes[i].size() != letters))
            fail(equation, "does not match the rank of operand " + std::to_string(i));
        m_ellipsisRank = std::max(m_ellipsisRank, shapes[i].size() - letters);
    }
    if (m_ellipsisRank > kMaxEllipsisDims)
        fail(equation,
            "has an ellipsis over more than " + std::to_string(kMaxEllipsisDims) + " dims");
    for (size_t i = 0; i < terms.size(); ++i) {
        m_operands.push_back(expand(terms[i], shapes[i].size(), false));
        bind(m_operands.back(), shapes[i]);
    }
    if (arrow != std::string::npos) {
        m_output = expand(text.substr(arrow + 2), 0, true);
        for (char label : m_output)
            if (!m_extents.count(label))
                fail(equation, std::string("has output label '") + label + "' that no operand has");
        return;
    }
    std::map<char, int> uses;
    for (const auto& op : m_operands)
        for (char label : op)
            ++uses[label];
    for (size_t d = 0; d < m_ellipsisRank; ++d)
        m_output += static_cast<char>(kEllipsisLabel + d);
    for (const auto& [label, count] : uses) // std::map: alphabetical
        if (std::isalpha(static_cast<unsigned char>(label)) && count == 1)
            m_output += label;
}

// Letters stay; "..." becomes the labels of the last (rank - letters) ellipsis dims
// (all of them in the output).
std::string EinsumEquation::expand(const std::string& term, size_t rank, bool isOutput) const
{
    size_t dims = isOutput ? m_ellipsisRank : rank - letterCount(term);
    std::string labels;
    for (size_t i = 0; i < term.size(); ++i) {
        if (term.compare(i, 3, "...") == 0) {
            for (size_t d = m_ellipsisRank - dims; d < m_ellipsisRank; ++d)
                labels += static_cast<char>(kEllipsisLabel + d);
            i += 2;
        }
        else if (std::isalpha(static_cast<unsigned char>(term[i]))) {
            labels += term[i];
        }
        else {
            throw MensaError(
                "", std::string("Einsum equation has the invalid character '") + term[i] + "'");
        }
    }
    return labels;
}

// Equal labels must have equal extents, except that 1 broadcasts.
void EinsumEquation::bind(const std::string& labels, const std::vector<int64_t>& shape)
{
    for (size_t i = 0; i < labels.size(); ++i) {
        auto [it, fresh] = m_extents.emplace(labels[i], shape[i]);
        if (fresh || it->second == shape[i] || shape[i] == 1)
            continue;
        if (it->second != 1)
            throw MensaError("",
                std::string("Einsum label '") + labels[i] + "' has extents "
                    + std::to_string(it->second) + " and " + std::to_string(shape[i]));
        it->second = shape[i];
    }
}

std::string EinsumEquation::contracted() const
{
    std::string labels;
    for (const auto& [label, extent] : m_extents)
        if (m_output.find(label) == std::string::npos)
            labels += label;
    return labels;
}

int64_t EinsumEquation::product(const std::string& labels) const
{
    int64_t n = 1;
    std::string seen;
    for (char label : labels) {
        if (seen.find(label) != std::string::npos)
            continue;
        seen += label;
        n = checkedMul(n, m_extents.at(label), "Einsum extent product");
    }
    return n;
}

int64_t EinsumEquation::terms() const
{
    std::string all;
    for (const auto& [label, extent] : m_extents)
        all += label;
    return product(all);
}

} // namespace mensa
