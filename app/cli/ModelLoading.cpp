#include "ModelLoading.h"

#include "util/Error.h"

namespace mensa::cli {

const std::vector<std::string>& modelLoadingOptions()
{
    static const std::vector<std::string> kOptions = {"input-shape", "precision"};
    return kOptions;
}

int bytesPerElementFor(const std::string& precision)
{
    if (precision == "int8")
        return 1;
    if (precision == "fp16")
        return 2;
    if (precision == "fp32")
        return 4;
    throw MensaError("", "unknown precision '" + precision + "' (use int8, fp16 or fp32)");
}

ImportOptions importOptionsFromArgs(const CliArgs& args)
{
    ImportOptions options;
    for (const auto& text : args.values("input-shape"))
        parseInputShapeOverride(text, options);
    options.bytesPerElement = bytesPerElementFor(args.valueOr("precision", "int8"));
    return options;
}

Model loadModelFromArgs(const CliArgs& args, const std::string& path)
{
    ImportOptions options;
    try {
        options = importOptionsFromArgs(args);
    } catch (const MensaError& e) {
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
