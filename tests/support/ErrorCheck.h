#pragma once
// The one-line MensaError an action throws (a test failure when it throws none or several lines).
#include "util/Error.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace mensa::test {

inline std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    }
    catch (const MensaError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no MensaError";
    return {};
}

} // namespace mensa::test
