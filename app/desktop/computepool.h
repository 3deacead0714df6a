#pragma once

class QThreadPool;

namespace sovereign {

/// The threads for the desktop's long computations: plans, the Monte Carlo,
/// report exports. Never QThreadPool::globalInstance(): Qt's raster paint
/// engine splits large fills across the global pool and waits for them, so a
/// global pool busy with a plan would freeze the window's painting until the
/// plan ends. As many threads as cores, created on first use.
QThreadPool *computePool();

} // namespace sovereign
