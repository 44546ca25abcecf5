#include "ModelLoading.h"

#include "util/Error.h"

namespace mensa::cli {

const std::vector<std::string>& modelLoadingOptions()
{
    static const std::vector<std::string> kOptions = { "input-shape", "precision" };
    return kOptions;
}

ImportOptions importOptionsFromArgs(const CliArgs& args)
{
    ImportOptions options;
    for (const auto& text : args.values("input-shape"))
        parseInputShapeOverride(text, options);
    options.bytesPerElement = bytesPerElementForPrecision(args.valueOr("precision", "int8"));
    return options;
}

Model loadModelFromArgs(const CliArgs& args, const std::string& path)
{
    ImportOptions options;
    try {
        options = importOptionsFromArgs(args);
    }
    catch (const MensaError& e) {
        throw MensaError(path, e.problem());
    }
    return importOnnxFile(path, options);
}

void printWarnings(const Model& model, const std::string& command, std::ostream& out)
{
    for (const auto& warning : model.warnings)
        out << "mensa " << command << ": warning: " << warning << "\n";
}

} // namespace mensa::cli
