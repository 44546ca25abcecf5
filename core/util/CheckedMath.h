#pragma once

#include "util/Error.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace mensa {

// a * b, or MensaError("", "<what> overflows int64") when it does not fit.
inline int64_t checkedMul(int64_t a, int64_t b, const std::string& what)
{
    int64_t result = 0;
    if (__builtin_mul_overflow(a, b, &result))
        throw MensaError("", what + " overflows a 64-bit count");
    return result;
}

// a + b, or MensaError on overflow.
inline int64_t checkedAdd(int64_t a, int64_t b, const std::string& what)
{
    int64_t result = 0;
    if (__builtin_add_overflow(a, b, &result))
        throw MensaError("", what + " overflows a 64-bit count");
    return result;
}

// Largest whole number a double holds exactly (2^53); cycle and byte counts stay below it,
// so they print and convert to int64 without loss.
inline constexpr double kMaxExactCount = 9007199254740992.0;

// value when it is finite and >= 0, else MensaError(where, "<what> is not a finite ...").
inline double checkedNonNegative(double value, const std::string& where, const std::string& what)
{
    if (!std::isfinite(value) || value < 0)
        throw MensaError(where, what + " is not a finite non-negative number");
    return value;
}

// value when it is a count in [0, 2^53], else MensaError(where, "<what> overflows ...").
inline double checkedCount(double value, const std::string& where, const std::string& what)
{
    checkedNonNegative(value, where, what);
    if (value > kMaxExactCount)
        throw MensaError(where, what + " overflows (more than 2^53)");
    return value;
}

} // namespace mensa
