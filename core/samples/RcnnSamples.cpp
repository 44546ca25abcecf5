// Recurrent CNNs: a convolutional front end feeding recurrent layers.
#include "samples/SampleBuilders.h"
#include "samples/SampleLayers.h"

namespace mensa::samples {

SampleGraph crnnText()
{
    // Shi et al. CRNN: VGG-style conv stack over a 32 x 100 grey word image, 2x1 poolings
    // keep the width, map-to-sequence, 2 bidirectional LSTMs of 256, 37 classes
    // (26 letters, 10 digits, CTC blank).
    SampleGraph g("crnn_text_recognition");
    std::string x = g.relu(g.conv(g.input("word_image", { 1, 1, 32, 100 }), 64, 3));
    x = g.maxPool(x, 2, 2);
    x = g.maxPool(g.relu(g.conv(x, 128, 3)), 2, 2);
    x = g.relu(g.conv(g.relu(g.conv(x, 256, 3)), 256, 3));
    x = g.maxPoolHeight(x, 2);
    x = samples::convBn(g, samples::convBn(g, x, 512, 3), 512, 3);
    x = g.maxPoolHeight(x, 2);
    x = g.relu(g.conv(x, 512, 2, 1, 1, 0)); // [1, 512, 1, 24]
    std::string seq = mapToSequence(g, x);
    seq = g.matmulWeights(g.lstm(seq, 256, true), 256);
    seq = g.matmulWeights(g.lstm(seq, 256, true), 37);
    g.output(g.softmax(seq));
    return g;
}

SampleGraph showAndTell()
{
    // Vinyals et al. (im2txt): Inception-v3 encoder, 512-d image embedding fed as the
    // first LSTM input, then 16 word embeddings; 512-cell LSTM; 12k-word softmax.
    SampleGraph g("show_and_tell");
    std::string image = inceptionV3Features(g, g.input("image", { 1, 3, 299, 299 }));
    std::string embedded = g.gemm(g.flatten(g.globalAvgPool(image)), 512);
    std::string steps = g.concat(
        { g.reshape(embedded, { 1, 1, 512 }), g.input("word_embeddings", { 16, 1, 512 }) }, 0);
    g.output(g.softmax(g.matmulWeights(g.lstm(steps, 512), 12000)));
    return g;
}

SampleGraph cldnnSpeech()
{
    // Sainath et al. CLDNN: per frame, a 9x9 conv (256 maps) over 40 log-mel bins x 11
    // frames of context, frequency-only max pooling of 3, a linear 256-d reduction, 2 LSTMP
    // layers (832 cells, 512 projection), 2 ReLU layers of 1024, context-dependent states.
    SampleGraph g("cldnn_speech");
    std::string x = g.input("log_mel_context", { 100, 1, 40, 11 }); // 100 frames x [freq, time]
    x = g.relu(g.conv(x, 256, 9, 1, 1, 0)); // [100, 256, 32, 3]
    x = g.maxPoolHeight(x, 3); // [100, 256, 10, 3]
    const auto s = g.shape(x);
    x = g.matmulWeights(g.reshape(x, { s[0], 1, s[1] * s[2] * s[3] }), 256);
    x = g.lstmProjected(g.lstmProjected(x, 832, 512), 832, 512);
    x = g.relu(g.matmulWeights(g.relu(g.matmulWeights(x, 1024)), 1024));
    g.output(g.softmax(g.matmulWeights(x, 8000)));
    return g;
}

} // namespace mensa::samples
