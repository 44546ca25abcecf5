# Compiler warnings for the project's own targets, in one place.
# Every target calls mensa_target_warnings(target); MENSA_WERROR turns the warnings into errors
# (the presets, and so CI, turn it on). Third-party headers (Qt, QCustomPlot, protobuf, ONNX,
# gtest) come through imported targets, whose include directories CMake marks SYSTEM.
option(MENSA_WERROR "Treat compiler warnings as errors" OFF)

set(MENSA_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wnon-virtual-dtor)
if(MENSA_WERROR)
  list(APPEND MENSA_WARNING_FLAGS -Werror)
endif()

function(mensa_target_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${MENSA_WARNING_FLAGS}>)
endfunction()
