#pragma once

#include "util/Error.h"

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

} // namespace mensa
