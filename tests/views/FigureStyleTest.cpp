#include "FigureStyle.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

TEST(FigureStyle, ComponentColoursAreFixedAndDistinct)
{
    QSet<QRgb> colours;
    for (int c = 0; c < kEnergyComponentCount; ++c)
        colours.insert(FigureStyle::componentColor(static_cast<EnergyComponent>(c)).rgb());
    EXPECT_EQ(colours.size(), kEnergyComponentCount);
    EXPECT_EQ(FigureStyle::componentColor(EnergyComponent::Mac), QColor(0x00, 0x72, 0xB2));
    EXPECT_EQ(FigureStyle::componentLabel(EnergyComponent::OffChip), "Off-chip + DRAM");
}

TEST(FigureStyle, AcceleratorColoursIgnoreSpellingAndDiffer)
{
    EXPECT_EQ(FigureStyle::acceleratorColor("Edge TPU"), FigureStyle::acceleratorColor("edge_tpu"));
    EXPECT_EQ(
        FigureStyle::acceleratorColor("Eyeriss v2"), FigureStyle::acceleratorColor("eyeriss_v2"));
    QSet<QRgb> colours;
    for (const char* name : { "Edge TPU", "Eyeriss v2", "Mensa", "Pascal", "Pavlov", "Jacquard" })
        colours.insert(FigureStyle::acceleratorColor(name).rgb());
    EXPECT_EQ(colours.size(), 6);
    EXPECT_EQ(FigureStyle::acceleratorColor("My NPU"), FigureStyle::acceleratorColor("my_npu"));
}

TEST(FigureStyle, KindFamiliesGroupRecurrentLayers)
{
    EXPECT_EQ(FigureStyle::kindFamily(LayerKind::Lstm), FigureStyle::kindFamily(LayerKind::Gru));
    EXPECT_NE(FigureStyle::kindColor(LayerKind::Conv), FigureStyle::kindColor(LayerKind::Lstm));
    EXPECT_TRUE(FigureStyle::kindFamilies().contains(FigureStyle::kindFamily(LayerKind::Softmax)));
}

TEST(FigureStyle, UnitsFollowMagnitude)
{
    EXPECT_EQ(FigureStyle::timeUnit(450e-6).name, QString::fromUtf8("µs"));
    EXPECT_EQ(FigureStyle::timeUnit(4.2e-3).name, "ms");
    EXPECT_DOUBLE_EQ(FigureStyle::timeUnit(4.2e-3).factor, 1e3);
    EXPECT_EQ(FigureStyle::energyUnit(2e-3).name, "mJ");
    EXPECT_EQ(FigureStyle::energyUnit(2e-6).name, QString::fromUtf8("µJ"));
    EXPECT_EQ(FigureStyle::axisLabel("Energy", "mJ"), "Energy (mJ)");
}

TEST(FigureStyle, FontsArePublicationSizes)
{
    EXPECT_EQ(FigureStyle::font(FigureStyle::TextRole::Label).family(), "DejaVu Sans");
    EXPECT_DOUBLE_EQ(FigureStyle::font(FigureStyle::TextRole::Tick).pointSizeF(), 8.0);
    EXPECT_DOUBLE_EQ(FigureStyle::font(FigureStyle::TextRole::Label).pointSizeF(), 9.0);
}

TEST(FigureStyle, LongCategoryLabelsNeedRotation)
{
    EXPECT_FALSE(FigureStyle::needsRotatedLabels({ "A", "B", "C" }, 5.0));
    QStringList many;
    for (int i = 0; i < 24; ++i)
        many << QString("Transducer-%1").arg(i);
    EXPECT_TRUE(FigureStyle::needsRotatedLabels(many, 6.0));
}
