#pragma once

// Small helpers shared by the view tests: render a figure to an image and inspect pixels.
#include "FigureExporter.h"
#include "FigureView.h"

#include <QColor>
#include <QImage>

#include <qcustomplot.h>

namespace mensa::views::test {

inline QImage renderImage(const FigureView& figure, int dpi = 96)
{
    ExportOptions options;
    options.dpi = dpi;
    return QImage::fromData(FigureExporter::render(figure, FigureFormat::Png, options), "PNG");
}

// Share of pixels that are not (near) white: a blank figure has none beyond its axes.
inline double inkShare(const QImage& image)
{
    qint64 ink = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 235)
                ++ink;
    return static_cast<double>(ink) / (static_cast<double>(image.width()) * image.height());
}

// Number of pixels within a small distance of a colour (antialiasing tolerant).
inline int pixelsOfColour(const QImage& image, const QColor& colour, int tolerance = 6)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - colour.red()) <= tolerance
                && std::abs(qGreen(p) - colour.green()) <= tolerance
                && std::abs(qBlue(p) - colour.blue()) <= tolerance)
                ++count;
        }
    return count;
}

} // namespace mensa::views::test
