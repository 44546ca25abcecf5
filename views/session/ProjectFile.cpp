#include "session/ProjectFile.h"

#include "util/Error.h"
#include "util/RegularFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <cstdio>

namespace mensa {

namespace {

QJsonObject shapesToJson(const InputShapes& shapes)
{
    QJsonObject obj;
    for (const auto& [name, dims] : shapes) {
        QJsonArray arr;
        for (int64_t d : dims)
            arr.append(static_cast<qint64>(d));
        obj.insert(QString::fromStdString(name), arr);
    }
    return obj;
}

// A dimension is a whole number from 1 to 2^40 (far above any real tensor; the element count
// is checked for overflow on import). 1.5, 0, -3 and 1e300 are refused with the field named.
int64_t shapeDimension(
    const QJsonValue& value, const std::string& input, int index, const std::string& file)
{
    constexpr double kMaxDimension = 1099511627776.0; // 2^40
    const std::string field = "inputShapes." + input + "[" + std::to_string(index) + "]";
    if (!value.isDouble())
        throw MensaError(file, field + " is not a number");
    const double d = value.toDouble();
    if (!(d >= 1) || d > kMaxDimension || d != std::floor(d))
        throw MensaError(file,
            field + " is " + QString::number(d, 'g', 6).toStdString()
                + "; a dimension must be a whole number from 1 to 2^40");
    return static_cast<int64_t>(d);
}

// An input name as a message shows it: control characters escaped, so the message stays one
// line whatever the file holds (found by fuzz_project_file).
std::string visibleName(const QString& name)
{
    std::string out;
    for (const char c : name.toStdString()) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", u);
            out += escaped;
        }
        else
            out += c;
    }
    return out;
}

InputShapes shapesFromJson(const QJsonObject& obj, const std::string& file)
{
    InputShapes shapes;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!it.value().isArray())
            throw MensaError(
                file, "input shape of '" + visibleName(it.key()) + "' is not an array");
        std::vector<int64_t> dims;
        const QJsonArray array = it.value().toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            dims.push_back(
                shapeDimension(array[i], visibleName(it.key()), static_cast<int>(i), file));
        shapes[it.key().toStdString()] = dims;
    }
    return shapes;
}

QString storedPath(const QString& path, const QString& projectDir)
{
    if (projectDir.isEmpty())
        return path;
    QString rel = QDir(projectDir).relativeFilePath(path);
    return rel.startsWith("..") ? QFileInfo(path).absoluteFilePath() : rel;
}

QString resolvedPath(const QString& path, const QString& projectDir)
{
    if (projectDir.isEmpty() || QFileInfo(path).isAbsolute())
        return path;
    return QDir(projectDir).absoluteFilePath(path);
}

} // namespace

QByteArray projectToJson(const ProjectState& state, const QString& projectDir)
{
    QJsonArray models;
    for (const auto& m : state.models)
        models.append(QJsonObject { { "path", storedPath(m.path, projectDir) },
            { "inputShapes", shapesToJson(m.inputShapes) } });
    QJsonObject specs;
    for (auto it = state.designSpecs.begin(); it != state.designSpecs.end(); ++it)
        specs.insert(it.key(), it.value());
    QJsonObject root { { "format", "mensa-studio-project" }, { "version", kProjectFormatVersion },
        { "models", models }, { "currentModel", state.currentModel },
        { "designs", QJsonArray::fromStringList(state.designs) }, { "designSpecs", specs },
        { "bytesPerElement", state.bytesPerElement }, { "currentDesign", state.currentDesign },
        { "colorBy", state.colorBy }, { "viewState", state.viewState } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProjectState projectFromJson(
    const QByteArray& json, const QString& fileName, const QString& projectDir)
{
    const std::string file = fileName.toStdString();
    QJsonParseError err;
    QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (doc.isNull())
        throw MensaError(
            file, "not a project file (JSON error: " + err.errorString().toStdString() + ")");
    QJsonObject root = doc.object();
    if (root.value("format").toString() != "mensa-studio-project")
        throw MensaError(file, "not a Mensa Studio project");
    if (root.value("version").toInt() > kProjectFormatVersion)
        throw MensaError(file,
            "project was written by a newer Mensa Studio (format version "
                + std::to_string(root.value("version").toInt()) + ")");
    ProjectState state;
    for (const auto& v : root.value("models").toArray()) {
        QJsonObject m = v.toObject();
        QString path = m.value("path").toString();
        if (path.isEmpty())
            throw MensaError(file, "a model entry has no path");
        state.models.append({ resolvedPath(path, projectDir),
            shapesFromJson(m.value("inputShapes").toObject(), file) });
    }
    state.currentModel = root.value("currentModel").toInt(-1);
    if (state.currentModel < -1 || state.currentModel >= state.models.size())
        throw MensaError(file,
            "currentModel is " + std::to_string(state.currentModel) + " but the project has "
                + std::to_string(state.models.size()) + " model(s)");
    for (const auto& d : root.value("designs").toArray())
        state.designs.append(d.toString());
    const QJsonObject specs = root.value("designSpecs").toObject();
    for (auto it = specs.begin(); it != specs.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty())
            throw MensaError(file, "designSpecs holds an entry that is not a named spec text");
        state.designSpecs.insert(it.key(), it.value().toString());
    }
    state.bytesPerElement = root.value("bytesPerElement").toInt(1);
    if (state.bytesPerElement != 1 && state.bytesPerElement != 2 && state.bytesPerElement != 4)
        throw MensaError(file, "bytesPerElement must be 1, 2 or 4");
    state.currentDesign = root.value("currentDesign").toString();
    state.colorBy = root.value("colorBy").toString();
    state.viewState = root.value("viewState").toObject();
    return state;
}

void saveProject(const QString& path, const ProjectState& state)
{
    const QByteArray json = projectToJson(state, QFileInfo(path).absolutePath());
    QSaveFile out(path);
    // Unbuffered: a short write (disk full, quota) shows up here instead of being lost in a flush.
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        throw MensaError(
            path.toStdString(), "cannot write project: " + out.errorString().toStdString());
    if (out.write(json) != json.size() || !out.commit()) {
        std::string why = out.errorString().toStdString();
        out.cancelWriting();
        throw MensaError(path.toStdString(), "cannot write project: " + why);
    }
}

ProjectState loadProject(const QString& path)
{
    requireRegularFile(path.toStdString()); // a FIFO named .mensa would block the GUI in open()
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        throw MensaError(
            path.toStdString(), "cannot open project: " + in.errorString().toStdString());
    return projectFromJson(in.readAll(), path, QFileInfo(path).absolutePath());
}

} // namespace mensa
