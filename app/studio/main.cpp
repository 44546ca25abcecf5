// mensa-studio: the desktop application (placeholder window until the views land).
#include <QApplication>
#include <QLabel>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLabel label("Mensa Studio");
    label.show();
    return app.exec();
}
