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

# Test code parses the same heavy headers (GoogleTest, Qt, QCustomPlot, the generated
# protobuf specs) in every file, so each test target precompiles them once; and it is
# compiled for debugging (-Og), since the time goes into the optimised library it calls.
function(mensa_test_target target)
  target_precompile_headers(${target} PRIVATE <gtest/gtest.h> <gmock/gmock.h> <algorithm>
    <filesystem> <fstream> <map> <memory> <regex> <set> <sstream> <string> <vector>
    "${PROJECT_SOURCE_DIR}/core/cost/SpecParser.h" ${ARGN})
  target_compile_options(${target} PRIVATE $<$<CONFIG:RelWithDebInfo,Release>:-Og>)
endfunction()
