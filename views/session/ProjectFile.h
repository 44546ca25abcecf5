#pragma once

#include "onnx/OnnxImporter.h" // InputShapes

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace mensa {

struct ProjectModel {
    QString path; // absolute once loaded; stored relative to the project file when possible
    InputShapes inputShapes;
};

// A saved session (.mensa, JSON): models, analysis parameters and view state.
struct ProjectState {
    QList<ProjectModel> models;
    int currentModel = -1; // index into models
    QStringList designs;
    QMap<QString, QString> designSpecs; // the accelerator editor's designs: name -> spec text
    int bytesPerElement = 1;
    QString currentDesign;
    QString colorBy;
    QJsonObject viewState; // owned by the views (axes, graph options, window layout)
};

constexpr int kProjectFormatVersion = 1;

// JSON text of a project; model paths are made relative to `projectDir` when inside it.
QByteArray projectToJson(const ProjectState& state, const QString& projectDir = {});
// Parses project JSON; throws MensaError naming `fileName` and the problem.
ProjectState projectFromJson(
    const QByteArray& json, const QString& fileName, const QString& projectDir = {});

// Writes atomically (QSaveFile): on any failure the previous file is left untouched and
// MensaError is thrown.
void saveProject(const QString& path, const ProjectState& state);
ProjectState loadProject(const QString& path); // throws MensaError

} // namespace mensa
