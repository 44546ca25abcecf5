#include "CalibrationDock.h"

#include "CalibrationFigure.h"
#include "ScrollableDock.h"

#include "calibrate/CalibratedSpec.h"
#include "calibrate/Calibrator.h"
#include "cost/SpecParser.h"
#include "study/PublishedValidation.h"
#include "util/Error.h"

#include <QApplication>
#include <QComboBox>
#include <QDate>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace mensa {

CalibrationDock::CalibrationDock(QMainWindow* window)
    : QObject(window)
    , m_window(window)
{
    auto* body = new QWidget(window);
    auto* layout = new QVBoxLayout(body);
    auto* row = new QHBoxLayout;
    m_measurements = new QLineEdit(QString::fromStdString(shippedCoralTablePath()), body);
    m_measurements->setToolTip(tr("Measured latencies (and energies): a CSV as `mensa calibrate` "
                                  "reads it (docs/validation.md)"));
    auto* browse = new QPushButton(tr("Browse…"), body);
    m_spec = new QComboBox(body);
    m_spec->setEditable(true);
    for (const std::string& name : builtinSpecNames())
        m_spec->addItem(QString::fromStdString(name));
    m_spec->setCurrentText("coral_usb");
    auto* run = new QPushButton(tr("Calibrate"), body);
    auto* save = new QPushButton(tr("Save Calibrated Spec…"), body);
    row->addWidget(new QLabel(tr("Measurements:"), body));
    row->addWidget(m_measurements, 1);
    row->addWidget(browse);
    row->addWidget(new QLabel(tr("Spec:"), body));
    row->addWidget(m_spec);
    row->addWidget(run);
    row->addWidget(save);
    layout->addLayout(row);
    m_summary = new QLabel(body);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_figure = new views::CalibrationFigure(body);
    m_figure->setMinimumSize(360, 300);
    layout->addWidget(m_figure, 1);

    m_dock = addScrollableDock(
        window, body, tr("Calibration"), "calibrationDock", Qt::BottomDockWidgetArea);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Measurements"),
            m_measurements->text(), tr("Measurements (*.csv);;All files (*)"));
        if (!path.isEmpty())
            m_measurements->setText(path);
    });
    connect(run, &QPushButton::clicked, this, [this] {
        const QString problem = calibrate();
        if (!problem.isEmpty())
            QMessageBox::warning(m_window, tr("Calibration"), problem);
    });
    connect(save, &QPushButton::clicked, this, &CalibrationDock::saveCalibratedSpec);
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_ran)
            calibrate(); // the shipped table on coral_usb, so the dock never opens empty
    });
}

QString CalibrationDock::calibrate()
{
    m_ran = true;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString problem;
    try {
        const std::string specPath = resolveSystemSpecPath(m_spec->currentText().toStdString());
        const std::string specText = readSpecFile(specPath);
        const MeasurementSet set = readMeasurementSet(
            m_measurements->text().toStdString(), loadSystemSpecFile(specPath)->name());
        const CalibrationReport report = Calibrator(specText, specPath, set).run(true);
        m_figure->setCaption(
            tr("%1 calibrated on %2")
                .arg(QString::fromStdString(report.specName), QString::fromStdString(set.path)));
        m_figure->setReport(report);
        m_calibratedText = QString::fromStdString(calibratedSpecText(specText, specPath, report,
            { "measurements: " + set.path + " (column " + set.latencyColumn + ")",
                "date: " + QDate::currentDate().toString(Qt::ISODate).toStdString() }));
        QStringList fitted;
        for (const auto& f : report.fitted)
            fitted << QString("%1 %2 → %3")
                          .arg(QString::fromStdString(f.path))
                          .arg(f.before, 0, 'g', 4)
                          .arg(f.after, 0, 'g', 4);
        auto text = [&](CalibrationStage stage) {
            return QString::fromStdString(
                calibrationErrorText(report.error(stage, FitQuantity::Latency)));
        };
        m_summary->setText(
            tr("Latency error (geometric mean of predicted/measured either way): "
               "before %1, after %2, leave-one-out %3. Fitted: %4.")
                .arg(text(CalibrationStage::Before), text(CalibrationStage::After),
                    report.heldOutModels > 0 ? text(CalibrationStage::HeldOut) : tr("not run"),
                    fitted.join("; ")));
    }
    catch (const MensaError& e) {
        problem = QString::fromStdString(e.what());
        m_summary->setText(problem);
    }
    QApplication::restoreOverrideCursor();
    return problem;
}

void CalibrationDock::saveCalibratedSpec()
{
    if (m_calibratedText.isEmpty()) {
        QMessageBox::information(m_window, tr("Calibration"), tr("Calibrate first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Calibrated Spec"),
        m_spec->currentText() + "_calibrated.textproto", tr("Specs (*.textproto)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_calibratedText.toUtf8()) < 0
        || !file.commit())
        QMessageBox::warning(
            m_window, tr("Calibration"), tr("%1: cannot write: %2").arg(path, file.errorString()));
}

} // namespace mensa
