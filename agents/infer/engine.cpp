#include "agents/infer/engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace sovereign::agent::infer {

KvCache::KvCache(const LlamaConfig &config, int capacity)
    : m_capacity(capacity),
      m_width(std::size_t(config.numKeyValueHeads) * std::size_t(config.headDim())),
      m_keys(std::size_t(config.numHiddenLayers) * std::size_t(capacity) * m_width),
      m_values(m_keys.size()) {}

Engine::Engine(const Model &model, int threads)
    : m_model(model), m_k(bestKernels()), m_pool(threads) {
    const int hd = model.config().headDim();
    // Hugging Face's rotary frequencies, theta^(-2i/d), computed as it does
    // (in float) so positions far out agree too.
    for (int i = 0; i < hd / 2; ++i)
        m_inverseFrequency.push_back(
            float(1.0 / std::pow(model.config().ropeTheta, double(2 * i) / double(hd))));
}

void Engine::rmsNorm(const float *x, const std::vector<float> &weight, float *out,
                     int tokens) const {
    const auto n = std::int64_t(weight.size());
    for (int t = 0; t < tokens; ++t) {
        const float *xt = x + t * n;
        const double squares = m_k.dotF32(xt, xt, n);
        const float scale =
            float(1.0 / std::sqrt(squares / double(n) + m_model.config().rmsNormEps));
        for (std::int64_t i = 0; i < n; ++i)
            out[t * n + i] = xt[i] * scale * weight[std::size_t(i)];
    }
}

// ggml's rotary layout: pairs (2i, 2i+1) of each head turn by position x
// frequency i.
void Engine::rotate(float *v, int heads, int position) const {
    const int hd = m_model.config().headDim();
    for (int i = 0; i < hd / 2; ++i) {
        const float angle = float(position) * m_inverseFrequency[std::size_t(i)];
        const float c = std::cos(angle), s = std::sin(angle);
        for (int h = 0; h < heads; ++h) {
            float *pair = v + h * hd + 2 * i;
            const float x0 = pair[0], x1 = pair[1];
            pair[0] = x0 * c - x1 * s;
            pair[1] = x0 * s + x1 * c;
        }
    }
}

void Engine::matmul(std::initializer_list<Output> outputs, const float *x, int tokens) {
    const std::int64_t columns = outputs.begin()->weights->columns;
    bool quantized = false;
    for (const Output &o : outputs)
        quantized = quantized || o.weights->type == WeightType::Q8_0 ||
                    o.weights->type == WeightType::Q4_0 || o.weights->type == WeightType::I8;
    const std::int64_t blocks = columns / kBlock;
    if (quantized) {
        if (m_quantized.size() < std::size_t(tokens * blocks))
            m_quantized.resize(std::size_t(tokens * blocks));
        for (int t = 0; t < tokens; ++t)
            m_k.quantizeQ8_0(x + t * columns, m_quantized.data() + t * blocks, columns);
    }
    // One loop over the rows of all the matrices, in chunks of about 16 KiB of
    // weights, so the threads share the work whatever its shape.
    std::int64_t total = 0;
    for (const Output &o : outputs)
        total += o.weights->rows;
    // Each thread takes one contiguous share of the rows. Smaller chunks dealt
    // out in turn were slower here by up to 3x: each core's prefetcher runs
    // ahead into rows the other core then reads again (measured with
    // `bench generate` at 2 threads: 16 KiB chunks 80 tokens/s, shares 243).
    // A thread that loses its core is the adaptive mode's business (forward).
    const std::int64_t grain = (total + m_pool.active() - 1) / m_pool.active();
    const BlockQ8_0 *xq = m_quantized.data();
    m_pool.parallelFor(total, grain, [&](std::int64_t begin, std::int64_t end, int) {
        std::int64_t base = 0;
        for (const Output &o : outputs) {
            const Matrix &w = *o.weights;
            const std::int64_t from = std::max(begin, base) - base;
            const std::int64_t to = std::min(end, base + w.rows) - base;
            base += w.rows;
            if (from >= to)
                continue;
            if (tokens > 1) {
                // A prompt or a batch: each row's weights are unpacked once
                // for all the tokens (the gemm kernels), where the loop below
                // would unpack them again for every token.
                const std::int64_t rows = to - from;
                float *y = o.y + from;
                switch (w.type) {
                case WeightType::F32:
                    m_k.gemmF32(reinterpret_cast<const float *>(w.row(from)), columns, rows, x,
                                columns, tokens, columns, y, w.rows);
                    break;
                case WeightType::F16:
                    m_k.gemmF16(reinterpret_cast<const std::uint16_t *>(w.row(from)), columns, rows,
                                x, columns, tokens, columns, y, w.rows);
                    break;
                case WeightType::Q8_0:
                    m_k.gemmQ8_0(reinterpret_cast<const BlockQ8_0 *>(w.row(from)), blocks, rows, xq,
                                 blocks, tokens, blocks, y, w.rows);
                    break;
                case WeightType::Q4_0:
                    m_k.gemmQ4_0(reinterpret_cast<const BlockQ4_0 *>(w.row(from)), blocks, rows, xq,
                                 blocks, tokens, blocks, y, w.rows);
                    break;
                case WeightType::I8:
                    m_k.gemmI8(reinterpret_cast<const std::int8_t *>(w.row(from)), columns, rows,
                               xq, blocks, tokens, blocks, y, w.rows);
                    for (int t = 0; t < tokens; ++t)
                        for (std::int64_t r = from; r < to; ++r)
                            o.y[t * w.rows + r] *= w.rowScales[r];
                    break;
                }
                continue;
            }
            for (std::int64_t r = from; r < to; ++r) {
                const std::byte *row = w.row(r);
                for (int t = 0; t < tokens; ++t) {
                    float value = 0;
                    switch (w.type) {
                    case WeightType::F32:
                        value = m_k.dotF32(reinterpret_cast<const float *>(row), x + t * columns,
                                           columns);
                        break;
                    case WeightType::F16:
                        value = m_k.dotF16(reinterpret_cast<const std::uint16_t *>(row),
                                           x + t * columns, columns);
                        break;
                    case WeightType::Q8_0:
                        value = m_k.dotQ8_0(reinterpret_cast<const BlockQ8_0 *>(row),
                                            xq + t * blocks, blocks);
                        break;
                    case WeightType::Q4_0:
                        value = m_k.dotQ4_0(reinterpret_cast<const BlockQ4_0 *>(row),
                                            xq + t * blocks, blocks);
                        break;
                    case WeightType::I8:
                        value =
                            w.rowScales[r] * m_k.dotI8(reinterpret_cast<const std::int8_t *>(row),
                                                       xq + t * blocks, blocks);
                        break;
                    }
                    o.y[t * w.rows + r] = value;
                }
            }
        }
    });
}

Result<std::vector<float>> Engine::forward(std::span<const BatchEntry> batch) {
    // Decoding steps (a few tokens) choose between all threads and the caller
    // alone by what each took lately: on a node whose other core is busy with
    // someone else's work, waiting at every matrix for a thread that gets
    // half a core is slower than one thread with a core of its own. Now and
    // then kProbeSteps run the other way to keep both figures fresh: every
    // kProbeAll steps while all threads win (a probe costs them a little),
    // every kProbeSolo while the caller alone wins (so a passing disturbance
    // does not leave the engine on one thread for long). The first kSettle
    // steps (pages of the weights faulted in) are not counted.
    constexpr std::int64_t kProbeAll = 256, kProbeSolo = 32, kProbeAt = 16, kProbeSteps = 2,
                           kSettle = 4;
    const bool decoding = m_pool.size() > 1 && batch.size() <= 4;
    int mode = 0;
    if (decoding) {
        const bool preferSolo = m_stepSeconds[1] > 0 && m_stepSeconds[1] < m_stepSeconds[0];
        const std::int64_t period = preferSolo ? kProbeSolo : kProbeAll;
        const std::int64_t phase = (m_steps + period - kProbeAt) % period;
        const bool probing = m_steps >= kProbeAt && phase < kProbeSteps;
        mode = (probing ? !preferSolo : preferSolo) ? 1 : 0;
        ++m_steps;
    }
    m_pool.setSolo(mode == 1);
    const auto started = std::chrono::steady_clock::now();
    auto result = forwardBatch(batch);
    m_pool.setSolo(false);
    if (decoding && m_steps > kSettle) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        double &average = m_stepSeconds[mode];
        average = average > 0 ? 0.75 * average + 0.25 * seconds : seconds;
    }
    return result;
}

Result<std::vector<float>> Engine::forwardBatch(std::span<const BatchEntry> batch) {
    const LlamaConfig &c = m_model.config();
    const int tokens = int(batch.size());
    const std::int64_t h = c.hiddenSize, hd = c.headDim(), ff = c.intermediateSize;
    const int heads = c.numAttentionHeads, kvHeads = c.numKeyValueHeads;
    const std::int64_t kv = std::int64_t(kvHeads) * hd;
    int longest = 0;
    for (const BatchEntry &e : batch) {
        if (e.token < 0 || e.token >= c.vocabSize)
            return fail("token " + std::to_string(e.token) + " is outside the vocabulary (0 to " +
                        std::to_string(c.vocabSize - 1) + ")");
        if (!e.cache || e.position < 0 || e.position >= e.cache->capacity())
            return fail("position " + std::to_string(e.position) + " is outside the context (" +
                        std::to_string(e.cache ? e.cache->capacity() : 0) + " tokens)");
        longest = std::max(longest, e.position + 1);
    }
    if (tokens == 0)
        return std::vector<float>{};
    std::vector<float> x(std::size_t(tokens * h)), xn(x.size()), q(x.size()), att(x.size());
    std::vector<float> k(std::size_t(tokens * kv)), v(k.size());
    std::vector<float> gate(std::size_t(tokens * ff)), up(gate.size());
    for (int t = 0; t < tokens; ++t)
        m_model.tokenEmbedding().dequantizeRow(batch[std::size_t(t)].token, x.data() + t * h);
    m_scores.resize(std::size_t(m_pool.size()) * std::size_t(longest));
    const float softmaxScale = float(1.0 / std::sqrt(double(hd)));

    for (std::size_t layer = 0; layer < m_model.layers().size(); ++layer) {
        const LayerWeights &l = m_model.layers()[layer];
        rmsNorm(x.data(), l.attentionNorm, xn.data(), tokens);
        matmul({{&l.q, q.data()}, {&l.k, k.data()}, {&l.v, v.data()}}, xn.data(), tokens);
        for (int t = 0; t < tokens; ++t) {
            const BatchEntry &e = batch[std::size_t(t)];
            rotate(q.data() + t * h, heads, e.position);
            rotate(k.data() + t * kv, kvHeads, e.position);
            std::memcpy(e.cache->key(int(layer), e.position), k.data() + t * kv,
                        std::size_t(kv) * sizeof(float));
            std::memcpy(e.cache->value(int(layer), e.position), v.data() + t * kv,
                        std::size_t(kv) * sizeof(float));
        }
        // Attention, one (token, head) pair at a time.
        m_pool.parallelFor(
            std::int64_t(tokens) * heads, 1, [&](std::int64_t begin, std::int64_t end, int thread) {
                float *scores = m_scores.data() + std::size_t(thread) * std::size_t(longest);
                for (std::int64_t item = begin; item < end; ++item) {
                    const int t = int(item / heads), head = int(item % heads);
                    const BatchEntry &e = batch[std::size_t(t)];
                    const int group = head / (heads / kvHeads);
                    const float *qh = q.data() + t * h + head * hd;
                    float best = -INFINITY;
                    for (int p = 0; p <= e.position; ++p) {
                        scores[p] = softmaxScale *
                                    m_k.dotF32(qh, e.cache->key(int(layer), p) + group * hd, hd);
                        best = std::max(best, scores[p]);
                    }
                    double sum = 0;
                    for (int p = 0; p <= e.position; ++p) {
                        scores[p] = std::exp(scores[p] - best);
                        sum += scores[p];
                    }
                    float *out = att.data() + t * h + head * hd;
                    std::fill(out, out + hd, 0.0f);
                    const float norm = float(1.0 / sum);
                    for (int p = 0; p <= e.position; ++p)
                        m_k.axpyF32(scores[p] * norm, e.cache->value(int(layer), p) + group * hd,
                                    out, hd);
                }
            });
        matmul({{&l.o, xn.data()}}, att.data(), tokens);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] += xn[i];
        rmsNorm(x.data(), l.ffnNorm, xn.data(), tokens);
        matmul({{&l.gate, gate.data()}, {&l.up, up.data()}}, xn.data(), tokens);
        for (std::size_t i = 0; i < gate.size(); ++i)
            gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
        matmul({{&l.down, xn.data()}}, gate.data(), tokens);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] += xn[i];
    }
    // Logits only for the entries that want them.
    std::vector<float> last;
    int wanted = 0;
    for (int t = 0; t < tokens; ++t)
        if (batch[std::size_t(t)].logits) {
            std::memmove(x.data() + wanted * h, x.data() + t * h, std::size_t(h) * sizeof(float));
            ++wanted;
        }
    std::vector<float> logits(std::size_t(wanted) * std::size_t(c.vocabSize));
    if (wanted) {
        rmsNorm(x.data(), m_model.outputNorm(), xn.data(), wanted);
        matmul({{&m_model.output(), logits.data()}}, xn.data(), wanted);
    }
    return logits;
}

} // namespace sovereign::agent::infer
