// Editing a spec keeps its text: changed values are replaced where they stand, added and cleared
// fields are whole lines, and every comment (the source of each constant) survives.
#include "cost/SpecTextEdit.h"
#include "proto/accelerator.pb.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace mensa;
using google::protobuf::Message;
using google::protobuf::TextFormat;
using google::protobuf::util::MessageDifferencer;

namespace {

std::string readResource(const std::string& name)
{
    const char* source = std::getenv("MENSA_SOURCE_DIR");
    std::ifstream in(
        std::string(source ? source : MENSA_SOURCE_DIR) + "/resources/accelerators/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> linesOf(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// Lines of `text` holding a comment, in order.
std::vector<std::string> comments(const std::string& text)
{
    std::vector<std::string> out;
    for (const std::string& line : linesOf(text))
        if (auto hash = line.find('#'); hash != std::string::npos)
            out.push_back(line.substr(hash));
    return out;
}

template <typename Spec> Spec parsed(const std::string& text)
{
    Spec spec;
    EXPECT_TRUE(TextFormat::ParseFromString(text, &spec)) << text;
    return spec;
}

template <typename Spec> void expectParsesTo(const std::string& text, const Spec& edited)
{
    EXPECT_TRUE(MessageDifferencer::Equals(parsed<Spec>(text), edited)) << text;
}

} // namespace

TEST(SpecTextEdit, ChangedValuesAreReplacedWhereTheyStand)
{
    const std::string original = readResource("coral_usb.textproto");
    auto spec = parsed<spec::AcceleratorSpec>(original);
    spec.set_pe_rows(128);
    spec.mutable_host_link()->set_bandwidth_gb_per_s(0.5);
    spec.set_dataflow(spec::OUTPUT_STATIONARY);
    const std::string text = rewriteSpecText(original, spec);
    expectParsesTo(text, spec);
    EXPECT_EQ(comments(text), comments(original));
    const auto before = linesOf(original), after = linesOf(text);
    ASSERT_EQ(after.size(), before.size());
    std::vector<std::string> changed;
    for (size_t i = 0; i < after.size(); ++i)
        if (after[i] != before[i])
            changed.push_back(after[i]);
    ASSERT_EQ(changed.size(), 3u) << text;
    EXPECT_EQ(changed[0].rfind("pe_rows: 128 ", 0), 0u) << changed[0];
    EXPECT_EQ(changed[1].rfind("dataflow: OUTPUT_STATIONARY  # modelling", 0), 0u) << changed[1];
    EXPECT_EQ(changed[2].rfind("  bandwidth_gb_per_s: 0.5   # [fitted]", 0), 0u) << changed[2];
}

TEST(SpecTextEdit, AddedAndClearedFieldsAreWholeLines)
{
    const std::string original = readResource("coral_usb.textproto");
    auto spec = parsed<spec::AcceleratorSpec>(original);
    spec.clear_static_power_w();
    spec.set_weights_bypass_global_buffer(true);
    spec.mutable_sparsity()->set_weight_density(0.5);
    spec.mutable_memory()->set_energy_pj_per_byte(40);
    spec.mutable_vector()->clear_energy_pj_per_op();
    const std::string text = rewriteSpecText(original, spec);
    expectParsesTo(text, spec);
    EXPECT_EQ(text.find("static_power_w"), std::string::npos);
    EXPECT_NE(text.find("\nweights_bypass_global_buffer: true\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nsparsity {\n  weight_density: 0.5\n}\n"), std::string::npos) << text;
    EXPECT_NE(
        text.find("  energy_pj_per_byte: 40      # modelling assumption: LPD"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("energy_pj_per_op"), std::string::npos);
    // Every comment but the two on the cleared lines is kept.
    EXPECT_EQ(comments(text).size(), comments(original).size() - 2);
}

TEST(SpecTextEdit, AHostOperatorListGrowsAndShrinksInPlace)
{
    const std::string original = readResource("coral_usb.textproto");
    auto spec = parsed<spec::AcceleratorSpec>(original);
    auto* ops = spec.mutable_host_link()->mutable_host_operators();
    const int shipped = ops->size();
    ASSERT_GT(shipped, 2);
    ASSERT_EQ(ops->Get(shipped - 1), "Where");
    for (const char* op : { "Add", "Softmax" })
        *ops->Add() = op;
    const std::string grown = rewriteSpecText(original, spec);
    expectParsesTo(grown, spec);
    EXPECT_EQ(comments(grown), comments(original));
    EXPECT_NE(grown.find("  host_operators: \"Where\"\n  host_operators: \"Add\"\n"
                         "  host_operators: \"Softmax\"\n  host_ops_per_second"),
        std::string::npos)
        << grown;
    EXPECT_EQ(linesOf(grown).size(), linesOf(original).size() + 2);

    ops->Clear();
    *ops->Add() = "Mod";
    const std::string shrunk = rewriteSpecText(grown, spec);
    expectParsesTo(shrunk, spec);
    EXPECT_EQ(linesOf(shrunk).size(), linesOf(original).size() - size_t(shipped - 1));
    EXPECT_NE(shrunk.find("\n  host_operators: \"Mod\"\n  host_ops_per_second"), std::string::npos)
        << shrunk;
    EXPECT_EQ(comments(shrunk), comments(original));
}

TEST(SpecTextEdit, SystemsKeepTheirCommentsUnlessAnAcceleratorIsAddedOrRemoved)
{
    const std::string original = readResource("mensa.textproto");
    auto system = parsed<spec::SystemSpec>(original);
    system.mutable_accelerators(1)->set_pe_rows(16);
    const std::string edited = rewriteSpecText(original, system);
    expectParsesTo(edited, system);
    EXPECT_EQ(comments(edited), comments(original));
    EXPECT_NE(edited.find("  pe_rows: 16                      # modelling assumption: small"),
        std::string::npos);

    *system.add_accelerators() = system.accelerators(0);
    const std::string grown = rewriteSpecText(original, system);
    expectParsesTo(grown, system); // printed afresh: the new element has no place of its own
    EXPECT_TRUE(comments(grown).empty());
}

TEST(SpecTextEdit, AnOriginalThatDoesNotParseIsPrintedAfresh)
{
    spec::AcceleratorSpec spec;
    spec.set_name("x");
    spec.set_pe_rows(8);
    const std::string text = rewriteSpecText("pe_rows: [", spec);
    expectParsesTo(text, spec);
    EXPECT_EQ(text, "name: \"x\"\npe_rows: 8\n");
}
