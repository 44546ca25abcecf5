// The accelerator editor over a real session: the form is the spec's descriptor, invalid
// values are flagged with core's validator message and never run, valid ones re-run the
// design, undo restores, two designs diff field by field.
#include "TestEngine.h"

#include "AcceleratorEditor.h"
#include "LayerTableModel.h"
#include "SpecDiffView.h"
#include "SpecFields.h"
#include "SpecForm.h"
#include "cost/SpecParser.h"
#include "cost/SpecTextEdit.h"
#include "proto/accelerator.pb.h"
#include "session/AnalysisSession.h"
#include "session/CoreAnalysisEngine.h"
#include "session/ProjectFile.h"
#include "session/SyntheticModel.h"
#include "util/Error.h"

#include <google/protobuf/text_format.h>

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace mensa;
using namespace mensa::test;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

namespace {

// Every leaf field path of DESCRIPTOR, walked here independently of the editor's own code;
// repeated messages are expanded COUNT_OF(field name) times.
void leafPaths(const Descriptor* d, const std::string& prefix, std::set<std::string>& out,
    const std::map<std::string, int>& counts)
{
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor* f = d->field(i);
        const std::string name(f->name());
        if (f->type() != FieldDescriptor::TYPE_MESSAGE) {
            out.insert(prefix + name);
            continue;
        }
        if (!f->is_repeated()) {
            leafPaths(f->message_type(), prefix + name + ".", out, counts);
            continue;
        }
        const int n = counts.count(name) ? counts.at(name) : 0;
        for (int k = 0; k < n; ++k)
            leafPaths(
                f->message_type(), prefix + name + "[" + std::to_string(k) + "].", out, counts);
    }
}

std::set<std::string> formPaths(const views::SpecForm& form)
{
    std::set<std::string> paths;
    for (const QString& p : form.fieldPaths())
        paths.insert(p.toStdString());
    return paths;
}

class AcceleratorEditorTest : public ::testing::Test {
protected:
    AcceleratorEditorTest()
        : session(std::make_shared<CoreAnalysisEngine>())
        , editor(&session)
    {
    }
    // Opens a 40-layer model and waits for its first analysis.
    int openModel()
    {
        QSignalSpy ready(&session, &AnalysisSession::analysisReady);
        const int id = session.addModel(std::make_shared<Model>(makeSyntheticModel(40)));
        EXPECT_TRUE(waitFor([&] { return ready.count() > 0 && !session.isBusy(); }, 60000));
        return id;
    }
    // Waits until the session has analysed every model with its current parameters.
    bool settle()
    {
        return waitFor([&] { return !session.isBusy(); }, 60000);
    }
    double latency(int id, const QString& design)
    {
        auto a = session.analysis(id);
        const DesignResult* d = a ? a->design(design.toStdString()) : nullptr;
        return d && d->ok() ? d->schedule.latency : -1;
    }

    AnalysisSession session;
    views::AcceleratorEditor editor;
};

} // namespace

// Before any edit the hint names every preset of the New menu (it named three of seven).
TEST_F(AcceleratorEditorTest, TheHintNamesEveryPreset)
{
    QString hint;
    for (QLabel* label : editor.findChildren<QLabel*>())
        if (label->text().startsWith("No edited design yet"))
            hint = label->text();
    ASSERT_FALSE(hint.isEmpty());
    ASSERT_GE(builtinSpecNames().size(), 7u);
    for (const std::string& preset : builtinSpecNames())
        EXPECT_TRUE(hint.contains(QString::fromStdString(preset))) << preset;
}

TEST_F(AcceleratorEditorTest, FormListsEveryFieldOfTheDescriptor)
{
    const QString tpu = editor.newFromPreset("edge_tpu");
    ASSERT_EQ(tpu, "edge_tpu_custom");
    std::set<std::string> expected;
    leafPaths(spec::AcceleratorSpec::descriptor(), "", expected, {});
    EXPECT_GE(expected.size(), 40u); // nested buffers, memory, NoC, vector, sparsity
    EXPECT_EQ(formPaths(*editor.form()), expected);
    for (const std::string& path : expected) {
        QWidget* w = editor.form()->editorFor(QString::fromStdString(path));
        ASSERT_TRUE(w) << path;
        EXPECT_EQ(w->objectName().toStdString(), path);
    }

    const QString system = editor.newFromPreset("mensa"); // a system: accelerators and links
    ASSERT_EQ(system, "mensa_custom");
    std::set<std::string> systemPaths;
    leafPaths(
        spec::SystemSpec::descriptor(), "", systemPaths, { { "accelerators", 3 }, { "links", 3 } });
    EXPECT_EQ(formPaths(*editor.form()), systemPaths);
    EXPECT_TRUE(editor.form()->editorFor("accelerators[2].memory.kind"));
    EXPECT_TRUE(editor.form()->editorFor("links[1].bandwidth_gb_per_s"));
}

TEST_F(AcceleratorEditorTest, InvalidValueShowsTheValidatorMessageAndRunsNothing)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_TRUE(settle());
    const uint64_t generation = session.generation(id);
    const QString before = session.designSpec(name);

    // What core's validator says about the same spec with no PE rows (written over the design's
    // text, so the line is the preset's own line of pe_rows).
    spec::AcceleratorSpec bad;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(before.toStdString(), &bad));
    bad.set_pe_rows(0);
    const std::string badText = rewriteSpecText(before.toStdString(), bad);
    ASSERT_NE(badText.find("pe_rows: 0 "), std::string::npos);
    std::string expected;
    try {
        parseSystemSpecText(badText, name.toStdString());
    }
    catch (const MensaError& e) {
        expected = e.what();
    }
    ASSERT_FALSE(expected.empty());

    auto* rows = qobject_cast<QLineEdit*>(editor.form()->editorFor("pe_rows"));
    ASSERT_TRUE(rows);
    rows->setText("0");
    rows->setModified(true);
    emit rows->editingFinished(); // as when the user leaves the field
    EXPECT_EQ(editor.form()->problem().toStdString(), expected);
    EXPECT_EQ(editor.form()->problemPath(), "pe_rows");
    EXPECT_EQ(expected.find('\n'), std::string::npos);
    bool shown = false;
    for (QLabel* label : editor.form()->findChildren<QLabel*>())
        shown = shown
            || (label->isVisibleTo(editor.form()) && label->text().toStdString() == expected);
    EXPECT_TRUE(shown);
    EXPECT_FALSE(session.isBusy());
    EXPECT_EQ(session.generation(id), generation); // no job started
    EXPECT_EQ(session.designSpec(name), before);
    EXPECT_EQ(editor.undoStack()->count(), 1); // only the creation

    // A number that is not one is flagged too, and never reaches the session.
    EXPECT_FALSE(editor.editField("clock_mhz", "fast").isEmpty());
    EXPECT_EQ(session.generation(id), generation);
}

TEST_F(AcceleratorEditorTest, DoublingPeRowsReanalysesWithTheNewNumberAndUndoRestores)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_TRUE(settle());
    const double baseLatency = latency(id, name);
    ASSERT_GT(baseLatency, 0);
    EXPECT_DOUBLE_EQ(baseLatency, latency(id, "edge_tpu")); // the same spec under a new name
    auto builtinRun = session.analysis(id)->design("edge_tpu")->run;
    const QString rows = editor.form()->findChild<QLineEdit*>("pe_rows")->text();
    const QString original = session.designSpec(name);

    const uint64_t generation = session.generation(id);
    EXPECT_EQ(editor.editField("pe_rows", QString::number(rows.toInt() * 2)), "");
    EXPECT_GT(session.generation(id), generation); // a job started
    ASSERT_TRUE(settle());
    auto a = session.analysis(id);
    const DesignResult* edited = a->design(name.toStdString());
    ASSERT_TRUE(edited && edited->ok());
    EXPECT_NE(edited->system.sourceText.find("pe_rows: " + std::to_string(rows.toInt() * 2)),
        std::string::npos);
    EXPECT_LT(latency(id, name), baseLatency); // twice the PEs: some layers run faster
    EXPECT_EQ(a->design("edge_tpu")->run, builtinRun); // the other designs were not re-run

    editor.undoStack()->undo();
    EXPECT_EQ(session.designSpec(name), original);
    EXPECT_EQ(editor.form()->findChild<QLineEdit*>("pe_rows")->text(), rows);
    ASSERT_TRUE(settle());
    EXPECT_DOUBLE_EQ(latency(id, name), baseLatency);
    editor.undoStack()->redo();
    EXPECT_EQ(
        editor.form()->findChild<QLineEdit*>("pe_rows")->text(), QString::number(rows.toInt() * 2));
}

TEST_F(AcceleratorEditorTest, TheNameLabelsTheDesignAndRenameIsUndoable)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("eyeriss_v2");
    const QString taken = editor.renameCurrent("edge_tpu");
    EXPECT_EQ(taken, editor.form()->problem());
    EXPECT_EQ(editor.form()->problemPath(), "name");
    EXPECT_TRUE(editor.form()->problem().contains("already a design"));
    EXPECT_EQ(editor.renameCurrent("my_eyeriss"), "");
    EXPECT_TRUE(session.designs().contains("my_eyeriss"));
    EXPECT_FALSE(session.designs().contains(name));
    ASSERT_TRUE(settle());
    EXPECT_TRUE(session.analysis(id)->design("my_eyeriss"));
    const Analysis snapshot = session.snapshot();
    bool labelled = false;
    for (const auto& d : snapshot.designs)
        labelled = labelled || d.name == "my_eyeriss";
    EXPECT_TRUE(labelled);
    editor.undoStack()->undo();
    EXPECT_TRUE(session.designs().contains(name));
    EXPECT_EQ(editor.currentDesign(), name);
    const QString duplicate = editor.duplicateCurrent();
    EXPECT_EQ(duplicate, name + "_copy");
    EXPECT_EQ(editor.editedDesigns(), QStringList({ name, duplicate }));
}

TEST_F(AcceleratorEditorTest, DiffMarksTheFieldsThatDiffer)
{
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_EQ(editor.editField("pe_rows", "128"), "");
    ASSERT_EQ(editor.editField("clock_mhz", "1000"), "");
    editor.showDiff("edge_tpu", name);
    QStringList differing = editor.diffView()->differingFields();
    differing.sort();
    EXPECT_EQ(differing, QStringList({ "clock_mhz", "name", "pe_rows" }));
    QTableWidget* table = editor.diffView()->table();
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString field = table->item(row, 0)->text();
        const bool marked = table->item(row, 1)->background().style() != Qt::NoBrush;
        EXPECT_EQ(marked, differing.contains(field)) << field.toStdString();
        if (field == "pe_rows") {
            EXPECT_EQ(table->item(row, 2)->text(), "128");
        }
    }
}

TEST_F(AcceleratorEditorTest, SystemsGrowAndShrinkTheirAccelerators)
{
    const QString name = editor.newFromPreset("mensa");
    auto countOf = [&] {
        spec::SystemSpec s;
        google::protobuf::TextFormat::ParseFromString(session.designSpec(name).toStdString(), &s);
        return s.accelerators_size();
    };
    ASSERT_EQ(countOf(), 3);
    emit editor.form()->elementAdded("accelerators");
    EXPECT_EQ(countOf(), 4) << editor.form()->problem().toStdString();
    EXPECT_TRUE(editor.form()->editorFor("accelerators[3].pe_rows"));
    editor.undoStack()->undo();
    EXPECT_EQ(countOf(), 3);
    EXPECT_FALSE(editor.form()->editorFor("accelerators[3].pe_rows"));
}

TEST(ProjectFileDesignSpecs, EditedDesignsRoundTrip)
{
    ProjectState s;
    s.designs = { "edge_tpu", "mine" };
    s.designSpecs = { { "mine", "name: \"mine\"\npe_rows: 8\n" } };
    const ProjectState back = projectFromJson(projectToJson(s), "p.mensa");
    EXPECT_EQ(back.designs, s.designs);
    EXPECT_EQ(back.designSpecs, s.designSpecs);
    EXPECT_THROW(
        projectFromJson(
            R"({"format":"mensa-studio-project","version":1,"designSpecs":{"x":3}})", "p.mensa"),
        MensaError);
}

TEST_F(AcceleratorEditorTest, AProjectSpecThatDoesNotParseShowsNoFormAndRunsAsAnError)
{
    const int id = openModel();
    session.setDesignSpecs({ { "broken", "pe_rows: [" } });
    session.setDesigns({ "edge_tpu", "broken" });
    EXPECT_EQ(editor.currentDesign(), "broken");
    EXPECT_TRUE(editor.form()->fieldPaths().isEmpty() || !editor.form()->isVisibleTo(&editor));
    EXPECT_EQ(editor.duplicateCurrent(), "");
    EXPECT_FALSE(editor.form()->problem().isEmpty());
    ASSERT_TRUE(settle());
    const DesignResult* d = session.analysis(id)->design("broken");
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->ok());
    EXPECT_EQ(d->error.rfind("broken:", 0), 0u) << d->error; // core's one line, named
}

// The host-operator list is edited as one comma-separated line: the synthetic model's Add
// layers then run on the host CPU, and with them every later layer (the compiler partitions a
// model once); undo gives the list back.
TEST_F(AcceleratorEditorTest, EditingTheHostOperatorListMovesThoseLayersToTheHost)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("coral_usb");
    ASSERT_TRUE(settle());
    const QString path = "host_link.host_operators";
    ASSERT_TRUE(editor.form()->fieldPaths().contains(path));
    auto* line = editor.form()->findChild<QLineEdit*>(path);
    ASSERT_TRUE(line);
    const QString shipped = line->text();
    EXPECT_TRUE(shipped.startsWith("Abs, And, ArgMax, ")) << shipped.toStdString();
    EXPECT_TRUE(shipped.contains(", Div, ")) << shipped.toStdString();
    EXPECT_TRUE(shipped.endsWith(", TopK, Where")) << shipped.toStdString();
    auto onHost = [&] {
        const DesignResult* d = session.analysis(id)->design(name.toStdString());
        int count = 0;
        for (int i = 0; d && d->ok() && i < int(d->schedule.assignment.size()); ++i)
            count += d->chosenCost(i)->onHost;
        return count;
    };
    EXPECT_EQ(onHost(), 0);

    EXPECT_EQ(editor.editField(path, "Mod, Add"), "");
    ASSERT_TRUE(settle());
    const DesignResult* edited = session.analysis(id)->design(name.toStdString());
    ASSERT_TRUE(edited && edited->ok());
    const std::string& text = edited->system.sourceText;
    EXPECT_NE(text.find("host_operators: \"Add\""), std::string::npos) << text;
    EXPECT_EQ(text.find("DequantizeLinear"), std::string::npos) << text;
    int adds = 0;
    const Model& model = *session.importedModel(id);
    for (const Layer& l : model.layers)
        adds += l.opType == "Add";
    ASSERT_GT(adds, 0);
    EXPECT_GE(onHost(), adds);
    int firstOnHost = -1;
    const int layers = int(edited->schedule.assignment.size());
    for (int i = 0; i < layers && firstOnHost < 0; ++i)
        if (edited->chosenCost(i)->onHost)
            firstOnHost = i;
    ASSERT_GE(firstOnHost, 0);
    EXPECT_EQ(onHost(), layers - firstOnHost); // a suffix: nothing returns to the chip

    // The layer table says where each layer ran, and why in the tooltip (the cost's words).
    LayerTableModel table;
    table.setAnalysis(id, session.analysis(id));
    table.setDesign(name);
    const int column = 6; // Accelerator
    auto cell = [&](int row, int role) { return table.data(table.index(row, column), role); };
    EXPECT_EQ(cell(firstOnHost, Qt::DisplayRole).toString(), "host CPU");
    EXPECT_EQ(cell(firstOnHost, Qt::ToolTipRole).toString(), name + "'s host CPU (host operator)");
    EXPECT_EQ(model.layers[size_t(firstOnHost)].opType, "Add");
    if (firstOnHost > 0) {
        EXPECT_EQ(cell(firstOnHost - 1, Qt::DisplayRole).toString(), name);
    }
    for (int i = firstOnHost + 1; i < layers; ++i) {
        if (model.layers[size_t(i)].opType != "Add") {
            EXPECT_THAT(cell(i, Qt::ToolTipRole).toString().toStdString(),
                ::testing::EndsWith("(after the first host operator)"))
                << i;
        }
    }

    editor.undoStack()->undo();
    EXPECT_EQ(editor.form()->findChild<QLineEdit*>(path)->text(), shipped);
    ASSERT_TRUE(settle());
    EXPECT_EQ(onHost(), 0);
}

// An edited design keeps the comments of the preset it came from (each constant's source), so
// saving it loses nothing but the value that was changed.
TEST_F(AcceleratorEditorTest, EditedDesignsKeepThePresetsComments)
{
    openModel();
    const QString preset = views::AcceleratorEditor::specTextOf(session, "coral_usb");
    ASSERT_TRUE(preset.contains("# [vendor]"));
    const QString name = editor.newFromPreset("coral_usb");
    EXPECT_EQ(editor.editField("pe_rows", "128"), "");
    const QStringList before = preset.split('\n'), after = session.designSpec(name).split('\n');
    ASSERT_EQ(after.size(), before.size());
    QStringList changed;
    for (int i = 0; i < after.size(); ++i)
        if (after[i] != before[i])
            changed << after[i];
    ASSERT_EQ(changed.size(), 2) << session.designSpec(name).toStdString();
    EXPECT_EQ(changed[0], "name: \"" + name + "\"");
    EXPECT_TRUE(changed[1].startsWith("pe_rows: 128                 # [summary]"))
        << changed[1].toStdString();
}

namespace {

// Numeric fields of DESCRIPTOR and its messages that are not plain counts, by path.
void quantityPaths(
    const Descriptor* d, const std::string& prefix, std::vector<const FieldDescriptor*>& out)
{
    static const std::set<std::string> kCounts
        = { "pe_rows", "pe_cols", "clusters", "pes_per_cluster", "sms", "cuda_cores_per_sm",
              "tensor_cores_per_sm", "cores", "from", "to" };
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor* f = d->field(i);
        if (f->type() == FieldDescriptor::TYPE_MESSAGE)
            quantityPaths(f->message_type(), prefix + std::string(f->name()) + ".", out);
        else if (f->cpp_type() != FieldDescriptor::CPPTYPE_STRING
            && f->cpp_type() != FieldDescriptor::CPPTYPE_ENUM
            && f->cpp_type() != FieldDescriptor::CPPTYPE_BOOL
            && !kCounts.count(std::string(f->name())))
            out.push_back(f);
    }
}

} // namespace

// Every quantity of a spec, the processor blocks' included, is shown with its unit.
TEST_F(AcceleratorEditorTest, EveryQuantityInTheFormHasItsUnit)
{
    std::vector<const FieldDescriptor*> fields;
    quantityPaths(spec::SystemSpec::descriptor(), "", fields);
    EXPECT_GE(fields.size(), 50u);
    for (const FieldDescriptor* f : fields)
        EXPECT_FALSE(views::fieldUnit(std::string(f->name())).isEmpty()) << f->full_name();
    EXPECT_EQ(views::fieldUnit("kernel_launch_us"), QString::fromUtf8("µs"));
    EXPECT_EQ(views::fieldLabel("sync_overhead_us_per_core"), "Sync overhead");
    EXPECT_EQ(views::fieldUnit("sync_overhead_us_per_core"), QString::fromUtf8("µs per core"));

    editor.newFromPreset("jetson_xavier");
    QStringList units;
    for (QLabel* label : editor.form()->findChildren<QLabel*>())
        units << label->text();
    EXPECT_TRUE(units.contains(QString::fromUtf8("µs"))); // the GPU's kernel launch
    EXPECT_TRUE(units.contains("MAC/cycle")); // the DLA's convolution MACs
}

// Squeezed to the narrowest the layout allows (a docked editor made narrow), every unit label is
// shown whole, and the editors of a group line up although its units differ in length (the CPU
// group's "MAC/cycle per core" beside "MHz"): the unit column is as wide as the widest unit.
TEST_F(AcceleratorEditorTest, UnitsAreWholeAndEditorsLineUpInANarrowForm)
{
    editor.newFromPreset("edge_tpu");
    editor.form()->resize(editor.form()->minimumSizeHint().width(), 3400);
    editor.form()->grab(); // lays the form out at that size, as a screenshot would
    std::map<QWidget*, std::set<int>> unitColumns; // group box -> x of its unit labels
    for (QLabel* label : editor.form()->findChildren<QLabel*>()) {
        if (!views::fieldUnits().contains(label->text()))
            continue;
        const int textWidth = label->fontMetrics().horizontalAdvance(label->text());
        EXPECT_LE(label->mapTo(editor.form(), QPoint(textWidth, 0)).x(), editor.form()->width())
            << label->text().toStdString();
        unitColumns[label->parentWidget()->parentWidget()].insert(
            label->mapTo(editor.form(), QPoint(0, 0)).x());
    }
    EXPECT_GE(unitColumns.size(), 5u);
    for (const auto& [group, columns] : unitColumns)
        EXPECT_EQ(columns.size(), 1u) << group->objectName().toStdString();
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty())
        editor.form()->grab().save(dir + "/editor_narrow_units.png");
}

// An accumulator (a block of four fields) is added in the form one field at a time: the edits
// in between are incomplete blocks the validator refuses, each naming the next missing field;
// the last makes it whole and the design re-runs with the partial sums counted there.
TEST_F(AcceleratorEditorTest, AnAccumulatorIsAddedFieldByField)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_TRUE(settle());
    const uint64_t generation = session.generation(id);
    EXPECT_THAT(editor.editField("accumulator.size_bytes", "1048576").toStdString(),
        ::testing::HasSubstr("accumulator.read_energy_pj_per_byte: missing"));
    EXPECT_THAT(editor.editField("accumulator.read_energy_pj_per_byte", "2.5").toStdString(),
        ::testing::HasSubstr("accumulator.write_energy_pj_per_byte: missing"));
    EXPECT_THAT(editor.editField("accumulator.write_energy_pj_per_byte", "2.5").toStdString(),
        ::testing::HasSubstr("accumulator.bytes_per_partial_sum: missing"));
    EXPECT_EQ(session.generation(id), generation); // nothing ran on the incomplete block
    EXPECT_EQ(editor.editField("accumulator.bytes_per_partial_sum", "4"), "");
    ASSERT_TRUE(settle());
    EXPECT_TRUE(session.designSpec(name).contains("accumulator"));
    auto a = session.analysis(id);
    const DesignResult* edited = a->design(name.toStdString());
    ASSERT_TRUE(edited && edited->ok());
    EXPECT_GT(edited->run->cost.levels[StorageLevel::Accumulator].bytes(), 0);
    EXPECT_EQ(a->design("edge_tpu")->run->cost.levels[StorageLevel::Accumulator].bytes(), 0);
    // Set MENSA_TEST_SCREENSHOT_DIR to look at the form with its accumulator group.
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        editor.resize(520, 1600);
        editor.form()->resize(500, 1600);
        editor.form()->grab().save(dir + "/editor_accumulator.png");
    }
}

// A window buffer added in the form: refused until its three fields are there, then the design
// re-runs with the im2col inputs served from it and fewer bytes read from the activation store.
TEST_F(AcceleratorEditorTest, AWindowBufferIsAddedInTheFormAndCutsActivationStoreReads)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_TRUE(settle());
    const uint64_t generation = session.generation(id);
    EXPECT_THAT(editor.editField("window_buffer.size_bytes", "65536").toStdString(),
        ::testing::HasSubstr("window_buffer.read_energy_pj_per_byte: missing"));
    EXPECT_THAT(editor.editField("window_buffer.read_energy_pj_per_byte", "1").toStdString(),
        ::testing::HasSubstr("window_buffer.write_energy_pj_per_byte: missing"));
    EXPECT_EQ(session.generation(id), generation); // nothing ran on the incomplete block
    EXPECT_EQ(editor.editField("window_buffer.write_energy_pj_per_byte", "1"), "");
    ASSERT_TRUE(settle());
    auto a = session.analysis(id);
    const DesignResult* edited = a->design(name.toStdString());
    const DesignResult* plain = a->design("edge_tpu");
    ASSERT_TRUE(edited && edited->ok() && plain && plain->ok());
    EXPECT_GT(edited->run->cost.levels[StorageLevel::WindowBuffer].bytes(), 0);
    EXPECT_EQ(plain->run->cost.levels[StorageLevel::WindowBuffer].bytes(), 0);
    EXPECT_LT(edited->run->cost.levels[StorageLevel::ActivationStore].reads,
        plain->run->cost.levels[StorageLevel::ActivationStore].reads);
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        editor.resize(520, 1600);
        editor.form()->resize(500, 1600);
        editor.form()->grab().save(dir + "/editor_window_buffer.png");
    }
}

// Stationary registers set in the form: a count the PE register file cannot hold is refused
// with the validator's message, a legal one re-runs the design with fewer T folds, so fewer
// partial sums round-trip through the activation store and fewer compute cycles are spent on
// fill and drain.
TEST_F(AcceleratorEditorTest, StationaryRegistersSetInTheFormCutPartialSumTraffic)
{
    const int id = openModel();
    const QString name = editor.newFromPreset("edge_tpu");
    ASSERT_TRUE(settle());
    const uint64_t generation = session.generation(id);
    EXPECT_THAT(editor.editField("stationary_registers_per_pe", "32").toStdString(),
        ::testing::HasSubstr("do not fit register_file_bytes_per_pe (16)"));
    EXPECT_EQ(session.generation(id), generation);
    EXPECT_EQ(editor.editField("stationary_registers_per_pe", "9"), "");
    ASSERT_TRUE(settle());
    auto a = session.analysis(id);
    const DesignResult* edited = a->design(name.toStdString());
    const DesignResult* plain = a->design("edge_tpu");
    ASSERT_TRUE(edited && edited->ok() && plain && plain->ok());
    EXPECT_LT(edited->run->cost.levels[StorageLevel::ActivationStore].writes,
        plain->run->cost.levels[StorageLevel::ActivationStore].writes);
    EXPECT_LT(edited->run->cost.latency, plain->run->cost.latency);
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        editor.resize(520, 1200);
        editor.form()->resize(500, 1200);
        editor.form()->grab().save(dir + "/editor_stationary_registers.png");
    }
}
