#include "schedule/ScheduleExport.h"
#include "JsonCheck.h"
#include "ScheduleFixtures.h"
#include "schedule/MensaScheduler.h"
#include "schedule/PipelineScheduler.h"
#include "schedule/SingleAcceleratorScheduler.h"
#include "util/JsonString.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using namespace mensa;
using namespace mensa::test;

namespace {

struct Fixture {
    Model model = makeDag(3);
    CostTable table = randomTable(model, 3, 8);
    Schedule schedule;
    Fixture()
    {
        model.layers[2].name = "conv \"2\", odd\\name\n"; // names that need escaping
        schedule = MensaScheduler(Objective::energy()).schedule(model, table);
    }
};

} // namespace

TEST(JsonString, EscapesAndRejectsNonFiniteNumbers)
{
    EXPECT_EQ(jsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
    EXPECT_EQ(jsonNumber(1.5), "1.5");
    EXPECT_EQ(jsonNumber(1.0 / 0.0), "null");
    EXPECT_THROW(
        JsonReader::parse("{\"a\":1,}"), std::runtime_error); // the checker itself is strict
    EXPECT_THROW(JsonReader::parse("[01]"), std::runtime_error);
}

TEST(ScheduleExport, JsonParsesAndCarriesTheSchedule)
{
    Fixture f;
    JsonValue root = JsonReader::parse(scheduleToJson(f.schedule, f.model));
    EXPECT_EQ(root["strategy"].string, "mensa:energy");
    EXPECT_DOUBLE_EQ(root["energy_j"].number, std::stod(jsonNumber(f.schedule.energy)));
    EXPECT_EQ(root["events"].array.size(), f.schedule.events.size());
    EXPECT_EQ(root["assignment"].array.size(), f.model.layers.size());
    EXPECT_EQ(root["assignment"].array[2]["layer"].string, "conv \"2\", odd\\name\n");
    EXPECT_EQ(root["energy_per_accelerator"].array.size(), 3u);
    EXPECT_TRUE(root["energy_per_accelerator"].array[0].has("total"));
}

TEST(ScheduleExport, CsvHasOneRowPerEventAndQuotesNames)
{
    Fixture f;
    std::string csv = scheduleToCsv(f.schedule, f.model);
    EXPECT_EQ(csv.rfind("inference,resource,kind,layer_index,layer,start_s,end_s,duration_s,joules,"
                        "critical,from,to\n",
                  0),
        0u);
    EXPECT_NE(csv.find("\"conv \"\"2\"\", odd\\name\n\""), std::string::npos);
    size_t rows = 0; // records: newlines outside quotes
    bool quoted = false;
    for (char c : csv) {
        if (c == '"')
            quoted = !quoted;
        else if (c == '\n' && !quoted)
            ++rows;
    }
    EXPECT_EQ(rows, f.schedule.events.size() + 1);
}

TEST(ScheduleExport, ChromeTraceHasThreadsPerResourceAndCompleteEvents)
{
    Fixture f;
    Schedule single = SingleAcceleratorScheduler(0).schedule(f.model, f.table);
    Schedule pipe = PipelineScheduler(3, 3).schedule(f.model, f.table);
    JsonValue root
        = JsonReader::parse(scheduleToChromeTrace({ &f.schedule, &single, &pipe }, f.model));
    const auto& events = root["traceEvents"].array;
    std::map<int, size_t> complete, threadNames, processNames;
    for (const auto& e : events) {
        int pid = int(e["pid"].number);
        const std::string& ph = e["ph"].string;
        if (ph == "X") {
            ++complete[pid];
            EXPECT_GE(e["dur"].number, 0);
            EXPECT_GE(e["ts"].number, 0);
            EXPECT_GE(e["tid"].number, 1);
        }
        else if (ph == "M" && e["name"].string == "thread_name") {
            ++threadNames[pid];
        }
        else if (ph == "M" && e["name"].string == "process_name") {
            ++processNames[pid];
        }
    }
    const Schedule* all[] = { &f.schedule, &single, &pipe };
    for (int pid = 1; pid <= 3; ++pid) {
        EXPECT_EQ(complete[pid], all[pid - 1]->events.size());
        EXPECT_EQ(threadNames[pid], all[pid - 1]->resources.size());
        EXPECT_EQ(processNames[pid], 1u);
    }
    // ts/dur are microseconds.
    const ScheduleEvent& last = f.schedule.events.back();
    auto it = std::find_if(events.begin(), events.end(), [&](const JsonValue& e) {
        return e["ph"].string == "X" && e["pid"].number == 1
            && e["name"].string == f.model.layers[last.layer].name;
    });
    ASSERT_NE(it, events.end());
    EXPECT_NEAR((*it)["ts"].number, last.start * 1e6, 1e-3);
    EXPECT_NEAR((*it)["dur"].number, (last.end - last.start) * 1e6, 2e-3);
}

TEST(ScheduleExport, TableListsEveryLayer)
{
    Fixture f;
    std::string table = scheduleToTable(f.schedule, f.model);
    EXPECT_NE(table.find("mensa:energy"), std::string::npos);
    EXPECT_NE(table.find("layer9"), std::string::npos);
}
