#pragma once

// GCC vectorises tight distance loops (sqrt included) only at O3 without errno; the
// clustering hot spots get that locally instead of changing the project's global flags.
#if defined(__GNUC__) && !defined(__clang__)
#define MENSA_VECTORIZE __attribute__((optimize("O3", "no-math-errno")))
#else
#define MENSA_VECTORIZE
#endif
