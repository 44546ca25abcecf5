#pragma once

#include "cost/CostTypes.h"
#include "model/LayerKind.h"

#include <QColor>
#include <QFont>
#include <QPen>
#include <QString>

#include <qcustomplot.h>

namespace mensa::views {

// Publication style shared by every figure: DejaVu Sans at fixed point sizes, the
// Okabe-Ito colour-blind-safe palette with fixed colours per energy component, per
// accelerator and per layer kind, white background and light grids.
class FigureStyle {
public:
    enum class TextRole { Tick, Label, Legend, Title, Annotation };

    // Numbers read and written as in the CSVs and the specs ("0.5", not the desktop locale's
    // "0,5"): QLocale for the plots and widgets, so an export is the same file on every machine,
    // and the C library's LC_NUMERIC, which QApplication takes from the desktop, for core's
    // printf-style tables. Call once, after the QApplication is made and before any widget.
    static void useNumberLocale();

    static QFont font(TextRole role);
    // Applies fonts, pens and background to every axis rect, axis and legend of a plot.
    static void apply(QCustomPlot* plot);
    static void applyToAxisRect(QCPAxisRect* rect);
    // A log axis labelled at the decades it shows, with eight sub-ticks between them.
    static void makeLogAxis(QCPAxis* axis);
    static void applyToLegend(QCPLegend* legend);
    // Moves the legend into its own row above the axis rects, filled left to right.
    static void placeLegendOnTop(QCustomPlot* plot, int columns);
    // Whether category labels along an axis this long (inches) would overlap unrotated.
    static bool needsRotatedLabels(const QStringList& labels, double axisInches);
    // A data-less bar series that only shows up in the legend (a colour key entry).
    static QCPBars* addLegendEntry(QCustomPlot* plot, const QString& name, const QBrush& brush,
        const QPen& pen = QPen(Qt::NoPen));

    // Okabe-Ito colours in their published order (index 0 is black).
    static QColor okabeIto(int index);
    // Categorical colour for the n-th series (skips black, then cycles).
    static QColor categorical(int index);
    static QCPScatterStyle::ScatterShape markerShape(int index);

    static QColor componentColor(EnergyComponent component);
    static QString componentLabel(EnergyComponent component);
    static QString levelLabel(StorageLevel level); // "off-chip memory", "PE registers"...
    // Fixed colours for the known designs and accelerators; others get a stable palette slot.
    static QColor acceleratorColor(const QString& name);
    // The same fixed colours; any other accelerator takes palette slot `slot` (its place among
    // the rows of one figure), so the rows of one figure never share a colour by chance.
    static QColor acceleratorColor(const QString& name, int slot);
    // Display name of a spec name: "edge_tpu" -> "Edge TPU", "pascal<->pavlov (...)" ->
    // "Pascal ↔ Pavlov"; names it does not know are returned unchanged.
    static QString displayName(const QString& name);

    // Layer kinds are grouped into a few families so the legend stays short.
    static QString kindFamily(LayerKind kind);
    static QColor kindFamilyColor(const QString& family);
    static QColor kindColor(LayerKind kind) { return kindFamilyColor(kindFamily(kind)); }
    static const QStringList& kindFamilies();

    // Sixteen colours that stay apart under deuteranopia (sources in the definition); -1 grey.
    static QColor clusterColor(int cluster);
    static QColor highlightColor();
    static QPen gridPen();

    // "Energy (µJ)": quantity with its unit in parentheses.
    static QString axisLabel(const QString& quantity, const QString& unit);

    // A unit for a value range: the prefix and the factor that converts base units into it.
    struct Unit {
        QString name;
        double factor = 1;
    };
    static Unit timeUnit(double maxSeconds);
    static Unit energyUnit(double maxJoules);
};

} // namespace mensa::views
