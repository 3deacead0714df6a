#pragma once

// The CPU inference engine: a Llama forward pass over a batch of tokens that
// may belong to different sequences, each with its own key/value cache. One
// token of each of several sequences is continuous batching; many tokens of
// one sequence is prompt processing; both at once work too.

#include "agents/infer/kernels.h"
#include "agents/infer/model.h"
#include "agents/infer/threadpool.h"

#include <span>
#include <vector>

namespace sovereign::agent::infer {

/// Keys and values of one sequence, F32, [layer][position][kv heads x head].
class KvCache {
  public:
    KvCache(const LlamaConfig &config, int capacity);
    int capacity() const { return m_capacity; }
    std::size_t bytes() const { return m_keys.size() * sizeof(float) * 2; }
    float *key(int layer, int position) { return m_keys.data() + offset(layer, position); }
    float *value(int layer, int position) { return m_values.data() + offset(layer, position); }

  private:
    std::size_t offset(int layer, int position) const {
        return (std::size_t(layer) * std::size_t(m_capacity) + std::size_t(position)) * m_width;
    }
    int m_capacity;
    std::size_t m_width;
    std::vector<float> m_keys, m_values;
};

struct BatchEntry {
    KvCache *cache = nullptr;
    int token = 0;
    int position = 0;    ///< attends to positions 0..position of its cache
    bool logits = false; ///< return this entry's next-token logits
};

class Engine {
  public:
    Engine(const Model &model, int threads);

    const Model &model() const { return m_model; }
    int threads() const { return m_pool.size(); }
    const Kernels &kernels() const { return m_k; }

    /// Runs `batch` through the model, storing each entry's key and value
    /// at its position in its cache (an entry must come after the entries
    /// of its sequence at lower positions, or those be cached already), and
    /// returns the logits of the entries that asked, vocab_size each, in
    /// batch order. Refuses a token outside the vocabulary or a position
    /// outside the cache.
    Result<std::vector<float>> forward(std::span<const BatchEntry> batch);

    /// The threads the last decoding step used: all, or 1 when the others
    /// proved slower than none (a busy node).
    int activeThreads() const {
        return m_stepSeconds[1] > 0 && m_stepSeconds[1] < m_stepSeconds[0] ? 1 : m_pool.size();
    }

  private:
    Result<std::vector<float>> forwardBatch(std::span<const BatchEntry> batch);
    struct Output {
        const Matrix *weights;
        float *y; ///< [tokens x weights->rows]
    };
    /// y = x W^T for several matrices sharing the input, as one parallel loop.
    void matmul(std::initializer_list<Output> outputs, const float *x, int tokens);
    void rmsNorm(const float *x, const std::vector<float> &weight, float *out, int tokens) const;
    void rotate(float *v, int heads, int position) const;

    const Model &m_model;
    const Kernels &m_k;
    ThreadPool m_pool;
    std::vector<float> m_inverseFrequency;
    // Scratch, grown to the largest batch seen.
    std::vector<BlockQ8_0> m_quantized;
    std::vector<float> m_scores; ///< per thread, one cache length each
    // Decoding steps' seconds, smoothed: [0] all threads, [1] the caller alone.
    double m_stepSeconds[2] = {0, 0};
    std::int64_t m_steps = 0;
};

} // namespace sovereign::agent::infer
