// RNN transducers: encoder (acoustic) network, prediction (label) network and the joint
// network that scores every (frame, label) pair of the T x U lattice over the vocabulary.
#include "samples/SampleBuilders.h"

namespace mensa::samples {
namespace {

// Joint network: project both streams to `hidden`, add over the T x U lattice, tanh,
// vocabulary softmax. encoder: [T, 1, E], prediction: [U, 1, P] -> [T, U, vocab].
std::string jointNetwork(SampleGraph& g, const std::string& encoder, const std::string& prediction,
    int64_t hidden, int64_t vocab)
{
    const int64_t u = g.shape(prediction)[0];
    std::string e = g.matmulWeights(encoder, hidden); // [T, 1, H]
    std::string p = g.reshape(g.matmulWeights(prediction, hidden), { 1, u, hidden }); // [1, U, H]
    return g.softmax(g.matmulWeights(g.tanh(g.add(e, p)), vocab));
}

// Time-reduction layer: concatenates each pair of adjacent frames, halving the frame rate.
std::string timeReduction(SampleGraph& g, const std::string& x)
{
    const auto s = g.shape(x); // [T, 1, F]
    return g.reshape(x, { s[0] / 2, s[1], s[2] * 2 });
}

} // namespace

SampleGraph rnntStreaming()
{
    // He et al. 2019 on-device RNN-T: 8 LSTMP layers (2048 cells, 640 projection) with a
    // 2x time reduction after the second, a 2-layer LSTMP prediction network, a 640-unit
    // joint and 4096 word pieces. Input: 80-d log-mel stacked 4 frames (320-d) at 30 ms.
    SampleGraph g("rnnt_streaming");
    std::string enc = g.input("acoustic_frames", { 64, 1, 320 }); // ~1.9 s
    for (int layer = 0; layer < 8; ++layer) {
        enc = g.lstmProjected(enc, 2048, 640);
        if (layer == 1)
            enc = timeReduction(g, enc);
    }
    std::string pred = g.input("label_embeddings", { 8, 1, 128 }); // previous word pieces
    pred = g.lstmProjected(g.lstmProjected(pred, 2048, 640), 2048, 640);
    g.output(jointNetwork(g, enc, pred, 640, 4096));
    return g;
}

SampleGraph rnntPhoneme()
{
    // Graves et al. 2013 TRANS-3L-250H on TIMIT: 3 bidirectional LSTM layers of 250 cells
    // as transcription network, one 250-cell LSTM prediction network fed one-hot phones,
    // 61 phones + blank.
    SampleGraph g("rnnt_phoneme");
    std::string enc = g.input("filterbank", { 100, 1, 123 }); // 1 s at 10 ms
    for (int layer = 0; layer < 3; ++layer)
        enc = g.lstm(enc, 250, true);
    std::string pred = g.lstm(g.input("previous_phones_one_hot", { 12, 1, 62 }), 250);
    g.output(jointNetwork(g, enc, pred, 250, 62));
    return g;
}

} // namespace mensa::samples
