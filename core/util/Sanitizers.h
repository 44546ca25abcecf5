#pragma once

// MENSA_HAS_ASAN is 1 in an AddressSanitizer build, under GCC (__SANITIZE_ADDRESS__) or clang
// (__has_feature), else 0: one test for every place that must behave differently under it.
#if defined(__SANITIZE_ADDRESS__)
#define MENSA_HAS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MENSA_HAS_ASAN 1
#endif
#endif
#ifndef MENSA_HAS_ASAN
#define MENSA_HAS_ASAN 0
#endif
