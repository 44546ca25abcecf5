#include "TestEngine.h"

#include "GlossaryText.h"
#include "LayerTableModel.h"
#include "LayerTableView.h"
#include "analysis/Glossary.h"
#include "cluster/FamilyClassifier.h"
#include "session/LayerFields.h"

#include <QSortFilterProxyModel>
#include <QTableView>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

using namespace mensa;
using namespace mensa::test;

TEST(LayerTableModel, RowsAreLayersAndColumnsCoverEveryField)
{
    LayerTableModel model;
    EXPECT_EQ(model.rowCount(), 0);
    auto a = analyseSynthetic(30);
    model.setAnalysis(1, a);
    model.setDesign("mensa");
    EXPECT_EQ(model.rowCount(), 30);
    EXPECT_EQ(model.columnCount(), 8 + static_cast<int>(layerFields().size()));
    EXPECT_EQ(model.headerData(model.fieldColumn("paramBytes"), Qt::Horizontal, Qt::DisplayRole)
                  .toString(),
        "Parameter footprint [B]");
    const int macs = model.fieldColumn("macs");
    EXPECT_EQ(model.data(model.index(0, macs), LayerTableModel::SortRole).toDouble(),
        double(a->model->layers[0].metrics.macs));
    EXPECT_EQ(model.data(model.index(0, 1), Qt::DisplayRole).toString(),
        QString::fromStdString(a->model->layers[0].name));
    // Accelerator column follows the schedule of the chosen design.
    const auto* d = a->design("mensa");
    EXPECT_EQ(model.data(model.index(5, 6), Qt::DisplayRole).toString(),
        QString::fromStdString(d->accelerators[d->acceleratorOf(5)]));
    EXPECT_FALSE(model.data(model.index(5, model.fieldColumn("latency")), Qt::DisplayRole)
                     .toString()
                     .isEmpty());
    model.setDesign("nonexistent"); // cost columns go blank, characteristics stay
    EXPECT_TRUE(model.data(model.index(5, model.fieldColumn("latency")), Qt::DisplayRole).isNull());
    EXPECT_FALSE(model.data(model.index(5, macs), Qt::DisplayRole).isNull());
}

TEST(LayerTableModel, SortsNumericallyAndFilters)
{
    LayerSelection selection;
    LayerTableView view(&selection);
    auto a = analyseSynthetic(40);
    view.setAnalysis(1, a);
    view.setDesign("edge_tpu");
    QSortFilterProxyModel* proxy = view.proxyModel();
    const int macs = view.tableModel()->fieldColumn("macs");
    proxy->sort(macs, Qt::DescendingOrder);
    double previous = 1e300;
    for (int r = 0; r < proxy->rowCount(); ++r) {
        double v = proxy->data(proxy->index(r, macs), LayerTableModel::SortRole).toDouble();
        EXPECT_LE(v, previous) << "row " << r;
        previous = v;
    }
    // Numeric, not lexicographic: the top row holds the true maximum.
    int64_t maxMacs = 0;
    for (const auto& l : a->model->layers)
        maxMacs = std::max(maxMacs, l.metrics.macs);
    EXPECT_EQ(
        proxy->data(proxy->index(0, macs), LayerTableModel::SortRole).toDouble(), double(maxMacs));
    view.setFilterText("lstm");
    EXPECT_EQ(proxy->rowCount(), 5); // layers 5, 13, 21, 29, 37
    view.setFilterText("");
    EXPECT_EQ(proxy->rowCount(), 40);
}

TEST(LayerTableView, SharedSelectionSelectsRows)
{
    LayerSelection selection;
    LayerTableView view(&selection);
    view.setAnalysis(1, analyseSynthetic(20));
    selection.setLayers({ { 1, 2 }, { 1, 9 }, { 2, 3 } });
    auto rows = view.tableView()->selectionModel()->selectedRows();
    ASSERT_EQ(rows.size(), 2);
    view.tableView()->selectRow(
        view.proxyModel()->mapFromSource(view.tableModel()->index(4, 0)).row());
    ASSERT_EQ(selection.layers().size(), 1);
    EXPECT_TRUE(selection.contains({ 1, 4 }));
}

// An infinite cost used to index the suffix array at INT_MIN and crash the table.
TEST(LayerFields, FormatQuantityTakesInfinityAndNan)
{
    EXPECT_EQ(formatQuantity(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(formatQuantity(-std::numeric_limits<double>::infinity()), "-inf");
    EXPECT_EQ(formatQuantity(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(formatQuantity(1500), "1.5 k");
    EXPECT_EQ(formatQuantity(0.25), "0.25");
    EXPECT_EQ(formatQuantity(2.5e6), "2.5 M");
}

TEST(LayerTableModel, EveryColumnHasItsGlossaryDefinitionAsTooltip)
{
    LayerTableModel model;
    model.setAnalysis(1, analyseSynthetic(5));
    for (int c = 0; c < model.columnCount(); ++c) {
        const QString key = LayerTableModel::columnKey(c);
        const GlossaryEntry* entry = glossaryEntry(key.toStdString());
        ASSERT_TRUE(entry) << "column " << c << " (" << key.toStdString()
                           << ") has no glossary entry";
        const QString tip = model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
        EXPECT_FALSE(tip.isEmpty()) << key.toStdString();
        EXPECT_EQ(tip, views::glossaryTooltip(key));
        EXPECT_TRUE(tip.contains(QString::fromStdString(entry->definition).toHtmlEscaped()))
            << key.toStdString();
        if (!entry->unit.empty()) { // the unit in the header is the glossary's unit
            const QString header = model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
            EXPECT_TRUE(header.contains(QString::fromStdString(entry->unit))) << key.toStdString();
        }
    }
}

TEST(LayerTableModel, FamiliesShowTheRulesFilesNamesAndDescriptions)
{
    const auto analysed = analyseSynthetic(30);
    auto a = std::make_shared<ModelAnalysis>(*analysed);
    a->groups = LayerGroups::fromGrouping(groupLayers({ a->model }), 0);
    const FamilyClassifier rules = FamilyClassifier::fromFile(FamilyClassifier::defaultRulesPath());
    LayerTableModel model;
    model.setAnalysis(1, a);
    const int family = 5;
    ASSERT_EQ(LayerTableModel::columnKey(family), "family");
    int described = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString name = model.data(model.index(row, family), Qt::DisplayRole).toString();
        const auto rule = std::find_if(rules.rules().begin(), rules.rules().end(),
            [&](const FamilyRuleSpec& r) { return QString::fromStdString(r.name) == name; });
        if (rule == rules.rules().end())
            continue; // the fallback family has no rule
        ++described;
        EXPECT_TRUE(model.data(model.index(row, family), Qt::ToolTipRole)
                        .toString()
                        .contains(QString::fromStdString(rule->description)))
            << name.toStdString();
    }
    EXPECT_GT(described, 0);
    const auto entries = familyGlossary();
    ASSERT_EQ(entries.size(), rules.rules().size());
    for (size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(entries[i].term, rules.rules()[i].name);
        EXPECT_NE(entries[i].definition.find(rules.rules()[i].description), std::string::npos);
        EXPECT_TRUE(views::glossaryHtml().contains(
            QString::fromStdString(rules.rules()[i].description).toHtmlEscaped()));
    }
}
