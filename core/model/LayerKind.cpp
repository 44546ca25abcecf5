#include "model/LayerKind.h"

namespace mensa {

std::string_view toString(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv:
        return "Conv";
    case LayerKind::DepthwiseConv:
        return "DepthwiseConv";
    case LayerKind::ConvTranspose:
        return "ConvTranspose";
    case LayerKind::FullyConnected:
        return "FullyConnected";
    case LayerKind::MatMul:
        return "MatMul";
    case LayerKind::Lstm:
        return "LSTM";
    case LayerKind::Gru:
        return "GRU";
    case LayerKind::Rnn:
        return "RNN";
    case LayerKind::Pool:
        return "Pool";
    case LayerKind::Elementwise:
        return "Elementwise";
    case LayerKind::Activation:
        return "Activation";
    case LayerKind::Normalization:
        return "Normalization";
    case LayerKind::Softmax:
        return "Softmax";
    case LayerKind::Resize:
        return "Resize";
    case LayerKind::Concat:
        return "Concat";
    case LayerKind::Reshape:
        return "Reshape";
    case LayerKind::Other:
        return "Other";
    }
    return "Other";
}

bool isCompute(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Conv:
    case LayerKind::DepthwiseConv:
    case LayerKind::ConvTranspose:
    case LayerKind::FullyConnected:
    case LayerKind::MatMul:
    case LayerKind::Lstm:
    case LayerKind::Gru:
    case LayerKind::Rnn:
        return true;
    default:
        return false;
    }
}

bool isRecurrent(LayerKind kind)
{
    return kind == LayerKind::Lstm || kind == LayerKind::Gru || kind == LayerKind::Rnn;
}

} // namespace mensa
