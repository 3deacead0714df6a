#include "agents/infer/bandwidth.h"

#include "agents/infer/kernels.h"
#include "agents/infer/model.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace sovereign::agent::infer {

double measureReadBandwidth(ThreadPool &pool, std::size_t bytes, int repeats) {
    // Pieces of 16 KiB against one vector that stays in the L1 cache, each
    // thread over one contiguous share, in huge pages: how the engine reads
    // its weights.
    constexpr std::int64_t kPiece = 4096; // floats
    const std::int64_t pieces =
        std::max<std::int64_t>(1, std::int64_t(bytes / sizeof(float)) / kPiece);
    WeightBuffers buffers;
    auto *buffer = reinterpret_cast<float *>(
        allocateWeights(buffers, std::size_t(pieces * kPiece) * sizeof(float)));
    const std::int64_t share = (pieces + pool.size() - 1) / pool.size();
    pool.parallelFor(pieces, share, [&](std::int64_t begin, std::int64_t end, int) {
        std::fill(buffer + begin * kPiece, buffer + end * kPiece, 1.0f);
    });
    const std::vector<float> ones(kPiece, 1.0f);
    const Kernels &k = bestKernels();
    std::vector<double> sums(std::size_t(pool.size()));
    double best = 0;
    for (int r = 0; r < std::max(1, repeats); ++r) {
        const auto start = std::chrono::steady_clock::now();
        pool.parallelFor(pieces, share, [&](std::int64_t begin, std::int64_t end, int thread) {
            double sum = 0;
            for (std::int64_t c = begin; c < end; ++c)
                sum += k.dotF32(buffer + c * kPiece, ones.data(), kPiece);
            sums[std::size_t(thread)] += sum;
        });
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, double(pieces * kPiece) * sizeof(float) / seconds);
    }
    // The sums are used, so the reads cannot be optimised away.
    volatile double sink = sums[0];
    (void)sink;
    return best;
}

} // namespace sovereign::agent::infer
