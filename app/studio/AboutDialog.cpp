#include "AboutDialog.h"

#include <google/protobuf/stubs/common.h>
#include <graphviz/gvc.h>
#include <qcustomplot.h>

namespace mensa {

namespace {

QString graphvizVersion()
{
    GVC_t* gvc = gvContext();
    QString v = QString::fromUtf8(gvcVersion(gvc));
    gvFreeContext(gvc);
    return v;
}

} // namespace

QString aboutText()
{
    return QString("<h3>Mensa Studio %1</h3>"
                   "<p>Explore how neural-network models run on edge ML accelerators "
                   "(Edge TPU, Eyeriss v2 and the Mensa design of Boroumand et al., PACT 2021).</p>"
                   "<table>"
                   "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
                   "<tr><td>Protocol Buffers</td><td>%4</td></tr>"
                   "<tr><td>ONNX</td><td>%5</td></tr>"
                   "<tr><td>Graphviz</td><td>%6</td></tr>"
                   "<tr><td>QCustomPlot</td><td>%7</td></tr>"
                   "</table>")
        .arg(MENSA_VERSION, qVersion(), QT_VERSION_STR,
             QString::fromStdString(google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION)),
             MENSA_ONNX_VERSION, graphvizVersion(), QCUSTOMPLOT_VERSION_STR);
}

AboutDialog::AboutDialog(QWidget* parent) : QMessageBox(parent)
{
    setWindowTitle(tr("About Mensa Studio"));
    setTextFormat(Qt::RichText);
    setText(aboutText());
    setStandardButtons(QMessageBox::Ok);
}

} // namespace mensa
