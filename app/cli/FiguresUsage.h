#pragma once
// The usage of `mensa figures`: shown by mensa itself (without Qt) and by the renderer.

namespace mensa::cli {

const char* figuresUsage();

} // namespace mensa::cli
