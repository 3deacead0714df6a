#pragma once

namespace sovereign {

class MainWindow;

/// Runs the Monte Carlo of the current scenario with `draws` draws from the
/// window, as a user pressing Run would, and measures the longest gap between
/// GUI-thread timer ticks (1 ms apart) until it finishes. Prints the figures;
/// returns the process exit code (0 when the run finished).
int runUiBench(MainWindow &window, int draws);

} // namespace sovereign
