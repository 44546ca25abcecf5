#pragma once

#include <QMessageBox>

namespace mensa {

// Versions of Mensa Studio and of the libraries it is built on.
QString aboutText();

class AboutDialog : public QMessageBox {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace mensa
