#include "CalibrationDock.h"

#include "CalibrationFigure.h"
#include "ScrollableDock.h"

#include "calibrate/CalibratedSpec.h"
#include "calibrate/Calibrator.h"
#include "cost/SpecParser.h"
#include "study/PublishedValidation.h"
#include "util/Error.h"

#include <QComboBox>
#include <QDate>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <utility>

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
    m_figure->setMinimumSize(360, 200); // fits the bottom dock area of a 900-pixel-high window
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
        m_askedByUser = true;
        calibrate();
    });
    connect(save, &QPushButton::clicked, this, &CalibrationDock::saveCalibratedSpec);
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_ran)
            calibrate(); // the shipped table on coral_usb, so the dock never opens empty
    });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &CalibrationDock::onFinished);
}

CalibrationDock::~CalibrationDock()
{
    m_watcher.waitForFinished();
}

QString CalibrationDock::summary() const
{
    return m_summary->text();
}

void CalibrationDock::setInputs(const QString& measurements, const QString& spec)
{
    m_measurements->setText(measurements);
    m_spec->setCurrentText(spec);
}

void CalibrationDock::calibrate()
{
    m_ran = true;
    m_pending = true;
    const std::string measurements = m_measurements->text().toStdString();
    const std::string spec = m_spec->currentText().toStdString();
    m_summary->setText(
        tr("Calibrating %1 on %2…")
            .arg(m_spec->currentText(), QFileInfo(m_measurements->text()).fileName()));
    // Setting a new future drops the previous one's finished signal: its result is never shown.
    m_watcher.setFuture(
        QtConcurrent::run([measurements, spec] { return fit(measurements, spec); }));
}

// The whole fit, as `mensa calibrate` runs it; runs on a worker thread.
CalibrationDock::Outcome CalibrationDock::fit(
    const std::string& measurements, const std::string& spec)
{
    Outcome out;
    try {
        const std::string specPath = resolveSystemSpecPath(spec);
        const std::string specText = readSpecFile(specPath);
        const MeasurementSet set
            = readMeasurementSet(measurements, loadSystemSpecFile(specPath)->name());
        out.report = Calibrator(specText, specPath, set).run(true);
        out.measurementsPath = set.path;
        out.calibratedText = calibratedSpecText(specText, specPath, out.report,
            { "measurements: " + set.path + " (column " + set.latencyColumn + ")",
                "date: " + QDate::currentDate().toString(Qt::ISODate).toStdString() });
    }
    catch (const std::exception& e) { // MensaError, or a parse or allocation failure
        out.error = e.what();
    }
    return out;
}

void CalibrationDock::onFinished()
{
    const Outcome out = m_watcher.result();
    m_pending = false;
    const bool asked = std::exchange(m_askedByUser, false);
    if (!out.error.empty()) {
        const QString problem = QString::fromStdString(out.error);
        m_summary->setText(problem);
        if (asked)
            QMessageBox::warning(m_window, tr("Calibration"), problem);
        emit finished(problem);
        return;
    }
    showOutcome(out);
    emit finished({});
}

void CalibrationDock::showOutcome(const Outcome& out)
{
    const CalibrationReport& report = out.report;
    m_figure->setCaption(tr("%1 calibrated on %2")
                             .arg(QString::fromStdString(report.specName),
                                 QString::fromStdString(out.measurementsPath)));
    m_figure->setReport(report);
    m_calibratedText = QString::fromStdString(out.calibratedText);
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
