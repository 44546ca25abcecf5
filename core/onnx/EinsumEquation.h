#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

// An Einsum equation bound to its operand shapes. Every label gets an extent; the dims an
// ellipsis covers become labels of their own (broadcast right-aligned across operands), and an
// implicit output ("ij,jk") is the ellipsis followed by the labels used once, alphabetically.
class EinsumEquation {
public:
    // MensaError (empty file part) when the equation does not fit the shapes.
    EinsumEquation(const std::string& equation, const std::vector<std::vector<int64_t>>& shapes);

    const std::vector<std::string>& operands() const { return m_operands; }
    const std::string& output() const { return m_output; }
    int64_t extent(char label) const { return m_extents.at(label); }
    // Labels summed over (in some operand, not in the output).
    std::string contracted() const;
    // Product of the extents of `labels` (each distinct label once).
    int64_t product(const std::string& labels) const;
    // One multiply-accumulate per term of the sum: the product of every label's extent.
    int64_t terms() const;

private:
    std::string expand(const std::string& term, size_t rank, bool isOutput) const;
    void bind(const std::string& labels, const std::vector<int64_t>& shape);

    std::vector<std::string> m_operands;
    std::string m_output;
    std::map<char, int64_t> m_extents;
    size_t m_ellipsisRank = 0;
};

} // namespace mensa
