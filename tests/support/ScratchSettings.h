// Gives one test its own settings store. ctest runs the tests of a fixture as parallel
// processes; a store shared between them lets one test's clear() wipe another's recent files.
#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

#include <filesystem>

namespace mensa::test {

inline void useScratchSettings(const std::filesystem::path& dir)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("MensaStudioTest");
    QCoreApplication::setApplicationName("mensa-studio-test");
    const QString settingsDir = QString::fromStdString((dir / "settings").string());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir);
    QSettings().clear();
}

} // namespace mensa::test
