#pragma once

#include "util/Error.h"

#include <cmath>
#include <concepts>
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

inline bool isFiniteNonNegative(double value)
{
    return std::isfinite(value) && value >= 0;
}

inline bool isExactCount(double value)
{
    return isFiniteNonNegative(value) && value <= kMaxExactCount;
}

// value when it is finite and >= 0, else MensaError(where, "<what> is not a finite ...").
inline double checkedNonNegative(double value, const std::string& where, const std::string& what)
{
    if (!isFiniteNonNegative(value))
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

// The same two checks with the location made by `where()` only when the check fails, for
// checks run on every layer a sweep evaluates.
template <std::invocable Where>
double checkedNonNegative(double value, const Where& where, const char* what)
{
    return isFiniteNonNegative(value) ? value : checkedNonNegative(value, where(), what);
}
template <std::invocable Where>
double checkedCount(double value, const Where& where, const char* what)
{
    return isExactCount(value) ? value : checkedCount(value, where(), what);
}

} // namespace mensa
