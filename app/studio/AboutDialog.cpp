#include "AboutDialog.h"

#include "LibraryVersions.h"

namespace mensa {

QString aboutText()
{
    QString rows;
    for (const auto& [library, version] : views::libraryVersions())
        rows += QString("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(QString::fromStdString(library), QString::fromStdString(version));
    return QString("<h3>Mensa Studio %1</h3>"
                   "<p>Explore how neural-network models run on edge ML accelerators "
                   "(Edge TPU, Eyeriss v2 and the Mensa design of Boroumand et al., PACT 2021).</p>"
                   "<table>%2</table>")
        .arg(MENSA_VERSION, rows);
}

AboutDialog::AboutDialog(QWidget* parent)
    : QMessageBox(parent)
{
    setWindowTitle(tr("About Mensa Studio"));
    setTextFormat(Qt::RichText);
    setText(aboutText());
    setStandardButtons(QMessageBox::Ok);
}

} // namespace mensa
