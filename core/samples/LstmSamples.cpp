// LSTM models of the sample suite. Sequences are [T, N, features] with batch N = 1.
#include "samples/SampleBuilders.h"

namespace mensa::samples {

SampleGraph lstmLanguageModel()
{
    // Zaremba et al. "medium": 2 x 650 LSTM, 35 unrolled steps, 10k-word softmax. The
    // embedding lookup is a table read without MACs: the graph starts at the embeddings.
    SampleGraph g("lstm_language_model");
    std::string x = g.input("word_embeddings", { 35, 1, 650 });
    x = g.lstm(g.lstm(x, 650), 650);
    g.output(g.softmax(g.matmulWeights(x, 10000)));
    return g;
}

SampleGraph lstmAcousticModel()
{
    // Deep unidirectional LSTM acoustic model: 1 s of 40-d log-mel frames at 10 ms.
    SampleGraph g("lstm_acoustic_model");
    std::string x = g.input("log_mel", { 100, 1, 40 });
    for (int layer = 0; layer < 5; ++layer)
        x = g.lstm(x, 512);
    g.output(g.softmax(g.matmulWeights(x, 8000)));
    return g;
}

SampleGraph lstmKeywordSpotter()
{
    // Streaming KWS: 1 s of 40-d mel frames at a 20 ms stride, LSTMP 500 cells / 200
    // projection, 12 keyword classes scored every frame (the streaming mode's output).
    SampleGraph g("lstm_keyword_spotting");
    std::string x = g.input("mel_frames", { 49, 1, 40 });
    x = g.lstmProjected(x, 500, 200);
    g.output(g.softmax(g.matmulWeights(x, 12)));
    return g;
}

SampleGraph blstmCtcSpeech()
{
    // Graves et al. CTC-5L-250H: 5 bidirectional LSTM layers of 250 cells over 123-d
    // filter-bank features (40 + energy, deltas, double deltas), 61 phones + blank.
    SampleGraph g("blstm_ctc_speech");
    std::string x = g.input("filterbank", { 100, 1, 123 });
    for (int layer = 0; layer < 5; ++layer)
        x = g.lstm(x, 250, true);
    g.output(g.softmax(g.matmulWeights(x, 62)));
    return g;
}

} // namespace mensa::samples
