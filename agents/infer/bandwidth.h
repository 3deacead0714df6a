#pragma once

#include "agents/infer/threadpool.h"

#include <cstddef>

namespace sovereign::agent::infer {

/// The machine's memory read bandwidth in bytes per second as the engine's
/// threads see it: the best of `repeats` passes of every thread of `pool`
/// summing a buffer of `bytes` (far larger than the caches) with the same
/// SIMD kernel the engine uses for F32 rows.
double measureReadBandwidth(ThreadPool &pool, std::size_t bytes = std::size_t(1) << 30,
                            int repeats = 3);

} // namespace sovereign::agent::infer
